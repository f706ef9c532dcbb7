using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>One item's header as OAI-PMH sees it: a practice that was ever published; withdrawn means deleted.</summary>
public sealed record OaiHeader(int Id, DateTime Datestamp, bool Deleted, int RevisionId, DateTime? PublishedAt);

/// <summary>The repository's items and sets, read straight from the database in keyset pages.</summary>
public sealed class OaiRecords(AppDb db, ReferenceSetsCache references)
{
    /// <summary>Every practice that was once published is an item; a withdrawn one stays, as deleted
    /// (deletedRecord=persistent), so harvesters learn that it went.</summary>
    private IQueryable<Practice> Items() => db.Practices.AsNoTracking().Where(p => p.PublishedRevisionId != null);

    public static int? ParseIdentifier(string identifier, string ns)
    {
        var prefix = $"oai:{ns}:practice/";
        return identifier.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(identifier[prefix.Length..], System.Globalization.NumberStyles.None, null, out var id) && id > 0 ? id : null;
    }

    public static string Identifier(string ns, int id) => $"oai:{ns}:practice/{id}";

    public Task<OaiHeader?> FindAsync(int id, CancellationToken ct)
        => Items().Where(p => p.Id == id).Select(p => new OaiHeader(p.Id, p.UpdatedAt, p.Status == PracticeStatus.Withdrawn, p.PublishedRevisionId!.Value, p.PublishedAt))
            .Cast<OaiHeader?>().FirstOrDefaultAsync(ct);

    public async Task<DateTime?> EarliestAsync(CancellationToken ct)
        => await Items().OrderBy(p => p.UpdatedAt).Select(p => (DateTime?)p.UpdatedAt).FirstOrDefaultAsync(ct);

    /// <summary>The items a selection matches, in datestamp then id order. Set membership follows the practice's
    /// metadata tables, as the catalogue's filters do; a theme set includes every narrower concept.</summary>
    public async Task<IQueryable<Practice>?> SelectAsync(OaiSelection s, CancellationToken ct)
    {
        var q = Items();
        if (s.From is { } from) q = q.Where(p => p.UpdatedAt >= from);
        if (s.UntilExclusive is { } until) q = q.Where(p => p.UpdatedAt < until);
        if (s.Set is null) return q;
        var colon = s.Set.IndexOf(':');
        if (colon < 0) return null;
        var (kind, value) = (s.Set[..colon], s.Set[(colon + 1)..]);
        switch (kind)
        {
            case "theme":
                var ids = await ThemeWithNarrowerAsync(value, ct);
                if (ids.Count == 0) return null;
                return q.Where(p => db.PracticeConcepts.Any(c => c.PracticeId == p.Id && ids.Contains(c.ConceptId)));
            case "country":
                return q.Where(p => db.PracticeCountries.Any(c => c.PracticeId == p.Id && c.CountryCode == value));
            case "region":
                return q.Where(p => db.PracticeCountries.Any(c => c.PracticeId == p.Id && db.Countries.Any(k => k.Code == c.CountryCode && k.IloRegionId == value)));
            case "pillar":
                return q.Where(p => db.PracticePillars.Any(c => c.PracticeId == p.Id && c.PillarId == value));
            default:
                return null;
        }
    }

    public static Task<List<OaiHeader>> PageAsync(IQueryable<Practice> q, DateTime? afterStamp, int afterId, int size, CancellationToken ct)
    {
        // The first condition is implied by the second; it is there so that the index on UpdatedAt bounds the scan.
        if (afterStamp is { } t) q = q.Where(p => p.UpdatedAt >= t).Where(p => p.UpdatedAt > t || (p.UpdatedAt == t && p.Id > afterId));
        return q.OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id).Take(size)
            .Select(p => new OaiHeader(p.Id, p.UpdatedAt, p.Status == PracticeStatus.Withdrawn, p.PublishedRevisionId!.Value, p.PublishedAt))
            .ToListAsync(ct);
    }

    public async Task<HashSet<string>> ThemeWithNarrowerAsync(string id, CancellationToken ct)
    {
        var refs = await ReferenceAsync(ct);
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!refs.Concepts.ContainsKey(id)) return result;
        var todo = new Stack<string>([id]);
        while (todo.TryPop(out var next))
            if (result.Add(next)) foreach (var n in refs.Narrower[next]) todo.Push(n);
        return result;
    }

    /// <summary>The setSpecs of a page of items: their themes with every broader theme, countries, regions, pillars.</summary>
    public async Task<ILookup<int, string>> SetSpecsAsync(IReadOnlyCollection<int> ids, ReferenceSets refs, CancellationToken ct)
    {
        var concepts = await db.PracticeConcepts.AsNoTracking().Where(c => ids.Contains(c.PracticeId)).Select(c => new { c.PracticeId, c.ConceptId }).ToListAsync(ct);
        var countries = await db.PracticeCountries.AsNoTracking().Where(c => ids.Contains(c.PracticeId)).Select(c => new { c.PracticeId, c.CountryCode }).ToListAsync(ct);
        var pillars = await db.PracticePillars.AsNoTracking().Where(c => ids.Contains(c.PracticeId)).Select(c => new { c.PracticeId, c.PillarId }).ToListAsync(ct);
        var specs = new List<(int, string)>();
        foreach (var g in concepts.GroupBy(c => c.PracticeId))
            foreach (var id in refs.WithBroader(g.Select(c => c.ConceptId))) specs.Add((g.Key, "theme:" + id));
        foreach (var g in countries.GroupBy(c => c.PracticeId))
        {
            specs.AddRange(g.Select(c => (g.Key, "country:" + c.CountryCode)));
            specs.AddRange(g.Select(c => refs.Countries.GetValueOrDefault(c.CountryCode)?.IloRegionId).OfType<string>().Distinct().Select(r => (g.Key, "region:" + r)));
        }
        specs.AddRange(pillars.Select(p => (p.PracticeId, "pillar:" + p.PillarId)));
        return specs.Where(s => OaiRequest.IsSetSpec(s.Item2)).ToLookup(s => s.Item1, s => s.Item2);
    }

    public Task<ReferenceSets> ReferenceAsync(CancellationToken ct) => references.GetAsync(db, ct);

    /// <summary>The published content of a page of items (deleted ones have none to show).</summary>
    public async Task<Dictionary<int, PracticeContent>> ContentAsync(IEnumerable<OaiHeader> headers, CancellationToken ct)
    {
        var revisions = headers.Where(h => !h.Deleted).Select(h => h.RevisionId).ToList();
        var rows = await db.Revisions.AsNoTracking().Where(r => revisions.Contains(r.Id)).Select(r => new { r.PracticeId, r.Snapshot }).ToListAsync(ct);
        return rows.ToDictionary(r => r.PracticeId, r => PracticeContent.Deserialize(r.Snapshot));
    }

    public Task<Dictionary<int, Organisations.Organisation>> OrganisationsAsync(IEnumerable<PracticeContent> contents, CancellationToken ct)
    {
        var ids = contents.SelectMany(c => c.Organisations.Select(o => o.Id)).Distinct().ToList();
        return db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
    }
}
