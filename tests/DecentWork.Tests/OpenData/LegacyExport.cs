using System.Runtime.CompilerServices;
using System.Text.Json;
using DecentWork.Data;
using DecentWork.OpenData;
using DecentWork.Organisations;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.OpenData;

/// <summary>The bulk export as it was before the hand-written readers (EF Includes, every snapshot deserialized and
/// serialized again), kept only as the oracle the new export's output is compared with, byte for byte.</summary>
public sealed class LegacyExport(AppDb db)
{
    private const int PageSize = 200;

    public async Task<string> JsonLinesAsync(ExportFilter filter)
    {
        var buffer = new MemoryStream();
        await foreach (var r in ReadAsync(filter))
        {
            JsonSerializer.Serialize(buffer, r, PracticeContent.Json);
            buffer.WriteByte((byte)'\n');
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var lastId = 0;
        while (true)
        {
            var ids = await Apply(filter).Where(p => p.Id > lastId).OrderBy(p => p.Id).Select(p => p.Id).Take(PageSize).ToListAsync(ct);
            if (ids.Count == 0) yield break;
            var (after, upTo) = (lastId, ids[^1]);
            var page = await Apply(filter).AsNoTracking().Where(p => p.Id > after && p.Id <= upTo)
                .Include(p => p.Texts).Include(p => p.Countries).Include(p => p.Concepts).Include(p => p.Pillars)
                .Include(p => p.SdgTargets).Include(p => p.Standards).Include(p => p.Organisations)
                .Include(p => p.Indicators).Include(p => p.Sources).Include(p => p.Revisions).Include(p => p.Endorsements)
                .AsSplitQuery().ToListAsync(ct);
            var snapshots = page.ToDictionary(p => p.Id, p => p.Revisions.ToDictionary(r => r.Number, r => PracticeContent.Deserialize(r.Snapshot)));
            var orgIds = page.SelectMany(p => p.Organisations.Select(o => o.OrganisationId).Concat(p.Endorsements.Select(e => e.OrganisationId)))
                .Concat(snapshots.Values.SelectMany(s => s.Values).SelectMany(c => c.Organisations.Select(o => o.Id))).Distinct().ToList();
            var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            foreach (var p in page.OrderBy(p => p.Id)) yield return Map(p, snapshots[p.Id], orgs, filter.PublicOnly);
            lastId = ids[^1];
        }
    }

    private IQueryable<Practice> Apply(ExportFilter f)
    {
        var q = db.Practices.AsQueryable();
        if (f.PublicOnly) q = q.Where(p => p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn);
        else if (f.Status != "all")
        {
            var s = Enum.Parse<PracticeStatus>(f.Status!);
            q = q.Where(p => p.Status == s);
        }
        if (f.Country is { } c) q = q.Where(p => p.Countries.Any(x => x.CountryCode == c));
        if (f.Theme is { } t) q = q.Where(p => p.Concepts.Any(x => x.ConceptId == t));
        if (f.Language is { } l) q = q.Where(p => p.OriginalLanguage == l);
        return q;
    }

    private static ExportRecord Map(Practice p, Dictionary<int, PracticeContent> snapshots, Dictionary<int, Organisation> orgs, bool publicOnly)
    {
        var published = p.Revisions.FirstOrDefault(r => r.Id == p.PublishedRevisionId);
        var content = publicOnly && published is not null ? snapshots[published.Number] : PracticeContent.From(p);
        var revisions = p.Revisions.Where(r => !publicOnly || r.Number <= published!.Number).OrderBy(r => r.Number)
            .Select(r => new RevisionRecord(r.Number, r.CreatedAt, r.UserName, r.Note, r.ChangedFields, WithKeys(snapshots[r.Number], orgs))).ToList();
        var texts = p.Texts.ToDictionary(t => t.Language);
        var original = content.Texts.GetValueOrDefault(content.Language) ?? new TextContent();
        return new ExportRecord
        {
            Id = p.Id,
            Language = content.Language,
            Title = original.Title,
            Summary = original.Summary,
            Sections = original.Sections,
            Countries = content.Countries,
            Themes = content.Themes,
            Pillars = content.Pillars,
            SdgTargets = content.SdgTargets,
            Standards = content.Standards,
            Organisations = content.Organisations.Select(o => Org(o.Id, o.Role, orgs)).ToList(),
            Period = content.Period,
            Scale = content.Scale,
            Licence = content.Licence,
            Indicators = content.Indicators,
            Sources = content.Sources,
            Translations = content.Texts.Where(t => t.Key != content.Language).Select(t =>
            {
                var row = texts.GetValueOrDefault(t.Key);
                return publicOnly
                    ? new TranslationRecord(t.Key, t.Value.Title, t.Value.Summary, t.Value.Sections, "Published", row?.AuthorName)
                    : new TranslationRecord(t.Key, t.Value.Title, t.Value.Summary, t.Value.Sections, row?.Status.ToString(), row?.AuthorName, row?.UpdatedAt);
            }).ToList(),
            Endorsements = p.Endorsements.OrderBy(e => e.CreatedAt).Select(e =>
            {
                var o = orgs.GetValueOrDefault(e.OrganisationId);
                return new EndorsementRecord(e.OrganisationId, o?.Key, o?.Name, o?.Group.ToString(), o?.CountryCode, e.Statement, e.StatementLanguage, e.CreatedAt);
            }).ToList(),
            Status = publicOnly ? (p.Status == PracticeStatus.Archived ? "Archived" : "Published") : p.Status.ToString(),
            IsSample = p.IsSample,
            CreatedAt = p.CreatedAt,
            UpdatedAt = publicOnly && p.PublishedAt is { } at ? at : p.UpdatedAt,
            PublishedAt = p.PublishedAt,
            PublishedRevision = published?.Number,
            Revisions = revisions,
        };
    }

    private static OrganisationRecord Org(int id, string? role, Dictionary<int, Organisation> orgs)
        => orgs.GetValueOrDefault(id) is { } o
            ? new OrganisationRecord(o.Id, o.Key, o.Name, o.Acronym, o.Group.ToString(), o.CountryCode, role, o.NameFr, o.NameEs, o.NameZh)
            : new OrganisationRecord(id, null, null, null, null, null, role);

    private static PracticeContent WithKeys(PracticeContent c, Dictionary<int, Organisation> orgs)
        => c with { Organisations = c.Organisations.Select(o => o with { Key = orgs.GetValueOrDefault(o.Id)?.Key }).ToList() };
}
