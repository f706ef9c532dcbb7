using System.Security.Cryptography;
using System.Text;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Search;

/// <summary>The reference data that indexing and querying both need — the thesaurus (labels for concept matching,
/// broader links for the theme facet), the ILO region of each country, the valid facet values — read once from the
/// database and held in memory, because every search validates its filters against it and maps its words to concepts.</summary>
public sealed record Vocabulary(
    ConceptMatcher Matcher,
    IReadOnlyDictionary<string, string[]> Ancestors,
    IReadOnlyDictionary<string, string?> CountryRegion,
    IReadOnlySet<string> Regions,
    IReadOnlySet<string> Pillars,
    string Fingerprint,
    IReadOnlyDictionary<string, FacetNames> Names,
    IReadOnlyDictionary<string, int> PillarPosition,
    IReadOnlyDictionary<string, Place> Places)
{
    /// <summary>Names of facet values in a UI language (English for a language it does not know).</summary>
    public FacetNames NamesIn(string lang) => Names.GetValueOrDefault(lang) ?? Names[Shared.Languages.Default];

    public static readonly string[] Groups = Enum.GetNames<ConstituentGroup>();
    public static readonly string[] EndorsingGroups = Groups.Where(g => Organisation.CanEndorse(Enum.Parse<ConstituentGroup>(g))).ToArray();

    public bool IsConcept(string id) => Ancestors.ContainsKey(id);

    /// <summary>The concept and every concept above it (a practice on pension insurance is also on social protection).</summary>
    public IEnumerable<string> WithAncestors(string concept)
        => Ancestors.TryGetValue(concept, out var up) ? up.Prepend(concept) : [concept];
}

/// <summary>Loads the <see cref="Vocabulary"/> on first use and keeps it; <see cref="Invalidate"/> after the thesaurus
/// or the countries change (a thesaurus import), and the indexer rebuilds if the fingerprint moved.</summary>
public sealed class SearchVocabulary(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Vocabulary? _current;

    public void Invalidate() => _current = null;

    public async Task<Vocabulary> GetAsync(CancellationToken ct = default)
    {
        if (_current is { } v) return v;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again) return again;
            await using var scope = scopes.CreateAsyncScope();
            return _current = await LoadAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
        }
        finally { _gate.Release(); }
    }

    public static async Task<Vocabulary> LoadAsync(AppDb db, CancellationToken ct)
    {
        var labels = await db.ConceptLabels.AsNoTracking().OrderBy(l => l.ConceptId).ThenBy(l => l.Language).ThenBy(l => l.Kind).ThenBy(l => l.Text)
            .Select(l => new { l.ConceptId, l.Text }).ToListAsync(ct);
        var concepts = await db.Concepts.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var broader = await db.ConceptRelations.AsNoTracking().Where(r => r.Kind == RelationKind.Broader)
            .OrderBy(r => r.FromId).ThenBy(r => r.ToId).Select(r => new { r.FromId, r.ToId }).ToListAsync(ct);
        var countries = await db.Countries.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        var regions = await db.IloRegions.AsNoTracking().ToListAsync(ct);
        var pillars = await db.Pillars.AsNoTracking().ToListAsync(ct);
        var sdgTargets = await db.SdgTargets.AsNoTracking().ToListAsync(ct);
        var standards = await db.LabourStandards.AsNoTracking().ToListAsync(ct);
        var prefLabels = await db.ConceptLabels.AsNoTracking().Where(l => l.Kind == LabelKind.Pref)
            .Select(l => new { l.ConceptId, l.Language, l.Text }).ToListAsync(ct);
        var pref = prefLabels.GroupBy(l => l.ConceptId).ToDictionary(g => g.Key, g => g.GroupBy(l => l.Language).ToDictionary(x => x.Key, x => x.First().Text), StringComparer.Ordinal);

        var parents = broader.GroupBy(b => b.FromId).ToDictionary(g => g.Key, g => g.Select(b => b.ToId).ToList());
        var ancestors = concepts.ToDictionary(c => c, c => Ancestors(c, parents), StringComparer.Ordinal);

        // What the index's content depends on besides the practices themselves: a change here means a rebuild.
        var fp = new StringBuilder();
        foreach (var l in labels) fp.Append(l.ConceptId).Append('\u001f').Append(l.Text).Append('\n');
        foreach (var b in broader) fp.Append(b.FromId).Append('>').Append(b.ToId).Append('\n');
        foreach (var c in countries) fp.Append(c.Code).Append('=').Append(c.IloRegionId).Append('\n');
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fp.ToString())))[..16];

        return new Vocabulary(
            new ConceptMatcher(labels.Select(l => (l.ConceptId, l.Text))),
            ancestors,
            countries.ToDictionary(c => c.Code, c => c.IloRegionId, StringComparer.Ordinal),
            regions.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            pillars.Select(p => p.Id).ToHashSet(StringComparer.Ordinal),
            fingerprint,
            // Every search page labels its facet values; reading four tables per request for names that only change
            // with a thesaurus import halved the page's throughput against the engine's.
            Shared.Languages.Supported.ToDictionary(lang => lang, lang => new FacetNames(
                countries.ToDictionary(c => c.Code, c => c.Name(lang), StringComparer.Ordinal),
                regions.ToDictionary(r => r.Id, r => r.Name(lang), StringComparer.Ordinal),
                pillars.ToDictionary(p => p.Id, p => p.Name(lang), StringComparer.Ordinal),
                concepts.ToDictionary(c => c, c => PrefLabel(pref, c, lang), StringComparer.Ordinal),
                sdgTargets.ToDictionary(s => s.Id, s => s.Title(lang), StringComparer.Ordinal),
                standards.ToDictionary(s => s.Code, s => s.Title(lang), StringComparer.Ordinal))),
            pillars.ToDictionary(p => p.Id, p => p.Position, StringComparer.Ordinal),
            countries.ToDictionary(c => c.Code, c => new Place(c.IloRegionId, c.M49Region, c.M49SubRegion), StringComparer.Ordinal));
    }

    private static string PrefLabel(Dictionary<string, Dictionary<string, string>> pref, string concept, string lang)
        => pref.TryGetValue(concept, out var byLang)
            ? byLang.GetValueOrDefault(lang) ?? byLang.GetValueOrDefault(Shared.Languages.Default) ?? byLang.Values.First()
            : concept;

    private static string[] Ancestors(string id, Dictionary<string, List<string>> parents)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(parents.GetValueOrDefault(id) ?? []);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            if (p == id || !seen.Add(p)) continue; // a cycle in curated data must not hang the indexer
            foreach (var up in parents.GetValueOrDefault(p) ?? []) stack.Push(up);
        }
        return seen.Order(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>Where a country lies: its ILO region and its UN M49 region and sub-region (cooperation suggestions compare
/// them).</summary>
public sealed record Place(string? IloRegionId, string? M49Region, string? M49SubRegion)
{
    public static readonly Place Nowhere = new(null, null, null);
}

/// <summary>Display names of facet values in one language.</summary>
public sealed record FacetNames(
    IReadOnlyDictionary<string, string> Countries,
    IReadOnlyDictionary<string, string> Regions,
    IReadOnlyDictionary<string, string> Pillars,
    IReadOnlyDictionary<string, string> Themes,
    IReadOnlyDictionary<string, string> SdgTargets,
    IReadOnlyDictionary<string, string> Standards);
