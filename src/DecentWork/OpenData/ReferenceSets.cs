using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>The small reference tables every record refers to (a few hundred rows).</summary>
public sealed record ReferenceSets(Dictionary<string, Country> Countries, List<IloRegion> Regions, Dictionary<string, Concept> Concepts,
    ILookup<string, string> Broader, Dictionary<string, Pillar> Pillars)
{
    /// <summary>Broader links the other way round, for a theme set with every narrower theme.</summary>
    public ILookup<string, string> Narrower { get; } = Broader.SelectMany(g => g.Select(to => (From: g.Key, To: to))).ToLookup(x => x.To, x => x.From);

    public IEnumerable<string> WithBroader(IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(ids);
        while (todo.TryPop(out var id))
            if (seen.Add(id)) foreach (var b in Broader[id]) todo.Push(b);
        return seen.Order(StringComparer.Ordinal);
    }

    public static async Task<ReferenceSets> LoadAsync(AppDb db, CancellationToken ct) => new(
        await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct),
        await db.IloRegions.AsNoTracking().ToListAsync(ct),
        await db.Concepts.AsNoTracking().Include(c => c.Labels).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct),
        (await db.ConceptRelations.AsNoTracking().Where(r => r.Kind == RelationKind.Broader).Select(r => new { r.FromId, r.ToId }).ToListAsync(ct)).ToLookup(r => r.FromId, r => r.ToId),
        await db.Pillars.AsNoTracking().OrderBy(p => p.Position).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct));
}

/// <summary>Keeps the <see cref="ReferenceSets"/> between OAI-PMH requests (every page read five tables for names that
/// change only with a thesaurus import), and reads them again once <see cref="SearchVocabulary"/> has been invalidated —
/// what a thesaurus import does — by keeping them with the vocabulary instance they were read beside.</summary>
public sealed class ReferenceSetsCache(SearchVocabulary vocabulary)
{
    private sealed record Entry(Vocabulary Vocabulary, ReferenceSets Sets);

    private volatile Entry? _current;

    public async Task<ReferenceSets> GetAsync(AppDb db, CancellationToken ct)
    {
        var v = await vocabulary.GetAsync(ct);
        if (_current is { } e && ReferenceEquals(e.Vocabulary, v)) return e.Sets;
        var sets = await ReferenceSets.LoadAsync(db, ct);
        _current = new Entry(v, sets);
        return sets;
    }
}
