using DecentWork.Data;
using DecentWork.Shared;
using DecentWork.Thesaurus.Rdf;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Thesaurus;

/// <summary>What an import did: counts, and each thing it left out with the reason.</summary>
public sealed record SkosReport(int Added, int Changed, int Unchanged, IReadOnlyList<string> Skipped);

/// <summary>Merges SKOS concepts into the thesaurus by URI. A concept under our base keeps its id (the last path
/// segment); another URI gets a slug of itself. For each language the file labels, the file's labels replace ours
/// (other languages are kept); definitions are set where given; broader/narrower/related links are added.</summary>
public sealed class SkosImport(AppDb db)
{
    private const int MaxLabel = 200, MaxId = 100;
    private static readonly string[] DefinitionLanguages = ["en", "fr", "es", "zh"];

    private sealed class Incoming(string uri, string id)
    {
        public string Uri { get; } = uri;
        public string Id { get; } = id;
        public List<(string Lang, LabelKind Kind, string Text)> Labels { get; } = [];
        public Dictionary<string, string> Definitions { get; } = new(StringComparer.Ordinal);
    }

    public async Task<SkosReport> ImportAsync(IReadOnlyList<Triple> triples, string baseUri, CancellationToken ct = default)
    {
        var skipped = new List<string>();
        var cbase = SkosExport.ConceptBase(baseUri);
        var concepts = new Dictionary<string, Incoming>(StringComparer.Ordinal); // by URI
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = (await db.Concepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        // A concept is what the file types as skos:Concept, or a subject it describes with SKOS terms whose URI is
        // already one of our concepts (a file that only adds labels or links need not repeat the type).
        var candidates = triples.Where(t => t.Predicate.Value == Vocab.Type && t.Object.Value == Vocab.Skos + "Concept")
            .Concat(triples.Where(t => t.Subject.Kind == TermKind.Iri && t.Predicate.Value.StartsWith(Vocab.Skos, StringComparison.Ordinal)
                && IdFor(t.Subject.Value, cbase) is { } known1 && known.Contains(known1)));
        foreach (var t in candidates)
        {
            if (t.Subject.Kind != TermKind.Iri) { skipped.Add($"_:{t.Subject.Value}: a concept without a URI cannot be merged"); continue; }
            if (concepts.ContainsKey(t.Subject.Value)) continue;
            var id = IdFor(t.Subject.Value, cbase);
            if (id is null) { skipped.Add($"<{t.Subject.Value}>: no usable id in this URI"); continue; }
            if (byId.TryGetValue(id, out var other)) { skipped.Add($"<{t.Subject.Value}>: its id '{id}' is already taken by <{other}>"); continue; }
            byId[id] = t.Subject.Value;
            concepts[t.Subject.Value] = new Incoming(t.Subject.Value, id);
        }

        var links = new List<(string From, string To, RelationKind Kind, string Uri, string Target)>();
        foreach (var t in triples)
        {
            if (t.Subject.Kind != TermKind.Iri || !concepts.TryGetValue(t.Subject.Value, out var c)) continue;
            var p = t.Predicate.Value;
            if (!p.StartsWith(Vocab.Skos, StringComparison.Ordinal)) continue;
            switch (p[Vocab.Skos.Length..])
            {
                case "prefLabel" or "altLabel" or "definition":
                    if (t.Object.Kind != TermKind.Literal) { skipped.Add($"<{c.Uri}>: skos:{p[Vocab.Skos.Length..]} is not a literal"); break; }
                    if (t.Object.Language is not { Length: > 0 and <= 8 } lang) { skipped.Add($"<{c.Uri}>: \"{Short(t.Object.Value)}\" has no (or too long a) language tag"); break; }
                    var text = t.Object.Value.Trim();
                    if (p.EndsWith("definition", StringComparison.Ordinal))
                    {
                        var l2 = Languages.Normalize(lang);
                        if (l2 is null || !DefinitionLanguages.Contains(l2)) skipped.Add($"<{c.Uri}>: definition in '{lang}' (definitions are kept in en, fr, es, zh)");
                        else if (!c.Definitions.TryAdd(l2, text)) skipped.Add($"<{c.Uri}>: second definition in '{lang}'");
                        break;
                    }
                    if (text.Length is 0 or > MaxLabel) { skipped.Add($"<{c.Uri}>: label \"{Short(text)}\" is empty or longer than {MaxLabel} characters"); break; }
                    var kind = p.EndsWith("prefLabel", StringComparison.Ordinal) ? LabelKind.Pref : LabelKind.Alt;
                    if (kind == LabelKind.Pref && c.Labels.Any(l => l.Kind == LabelKind.Pref && l.Lang == lang))
                    { skipped.Add($"<{c.Uri}>: second prefLabel in '{lang}' (\"{Short(text)}\")"); break; }
                    if (!c.Labels.Contains((lang, kind, text))) c.Labels.Add((lang, kind, text));
                    break;
                case "broader": links.Add((c.Id, "", RelationKind.Broader, c.Uri, t.Object.Value)); break;
                case "narrower": links.Add(("", c.Id, RelationKind.Broader, c.Uri, t.Object.Value)); break;
                case "related": links.Add((c.Id, "", RelationKind.Related, c.Uri, t.Object.Value)); break;
            }
        }
        foreach (var c in concepts.Values.Where(c => !c.Labels.Any(l => l.Kind == LabelKind.Pref)).ToList())
        {
            skipped.Add($"<{c.Uri}>: no skos:prefLabel");
            concepts.Remove(c.Uri);
        }

        var existing = await db.Concepts.Include(c => c.Labels).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        var relations = (await db.ConceptRelations.Select(r => new { r.FromId, r.ToId, r.Kind }).ToListAsync(ct))
            .Select(r => (r.FromId, r.ToId, r.Kind)).ToHashSet();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pendingLinks = new List<ConceptRelation>();
        var newConcepts = new List<Concept>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var added = 0;
        var addedIds = new HashSet<string>(StringComparer.Ordinal);
        var changedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in concepts.Values)
        {
            if (!existing.TryGetValue(c.Id, out var concept))
            {
                concept = new Concept { Id = c.Id };
                foreach (var (lang, kind, text) in c.Labels) concept.Labels.Add(new ConceptLabel { ConceptId = c.Id, Language = lang, Kind = kind, Text = text });
                SetDefinitions(concept, c.Definitions);
                newConcepts.Add(concept);
                existing[c.Id] = concept;
                addedIds.Add(c.Id);
                added++;
                continue;
            }
            var dirty = false;
            foreach (var lang in c.Labels.Select(l => l.Lang).Distinct())
            {
                var mine = concept.Labels.Where(l => l.Language == lang).ToList();
                var theirs = c.Labels.Where(l => l.Lang == lang).ToList();
                if (mine.Count == theirs.Count && mine.All(m => theirs.Contains((m.Language, m.Kind, m.Text)))) continue;
                foreach (var m in mine) { concept.Labels.Remove(m); db.ConceptLabels.Remove(m); }
                foreach (var (l, kind, text) in theirs) db.ConceptLabels.Add(new ConceptLabel { ConceptId = c.Id, Language = l, Kind = kind, Text = text });
                dirty = true;
            }
            dirty |= SetDefinitions(concept, c.Definitions);
            if (dirty) { changedIds.Add(c.Id); db.Entry(concept).State = EntityState.Modified; }
        }

        string? Resolve(string uri)
            => concepts.TryGetValue(uri, out var c) ? c.Id
               : IdFor(uri, cbase) is { } id && existing.ContainsKey(id) && (uri.StartsWith(cbase, StringComparison.Ordinal) || byId.ContainsKey(id)) ? id : null;
        foreach (var (from0, to0, kind, uri, target) in links)
        {
            var other = Resolve(target);
            if (other is null) { skipped.Add($"<{uri}>: link to <{target}>, which is not a concept here or in the file"); continue; }
            var (from, to) = from0.Length == 0 ? (other, to0) : (from0, other);
            if (from == to) { skipped.Add($"<{uri}>: link to itself"); continue; }
            if (relations.Add((from, to, kind))) { pendingLinks.Add(new ConceptRelation { FromId = from, ToId = to, Kind = kind }); Mark(from); }
            if (kind == RelationKind.Related && relations.Add((to, from, kind))) { pendingLinks.Add(new ConceptRelation { FromId = to, ToId = from, Kind = kind }); Mark(to); }
        }
        void Mark(string id) => changedIds.Add(id);

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        // New concepts, their labels and the links in multi-row INSERTs (see BulkInsert: the measured hot path).
        db.ChangeTracker.Clear();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await BulkInsert.RunAsync(db, newConcepts, ["Id", "DefinitionEn", "DefinitionFr", "DefinitionEs", "DefinitionZh"],
                c => [c.Id, c.DefinitionEn, c.DefinitionFr, c.DefinitionEs, c.DefinitionZh], ct);
            await BulkInsert.RunAsync(db, newConcepts.SelectMany(c => c.Labels).ToList(), ["ConceptId", "Language", "Kind", "Text"],
                l => [l.ConceptId, l.Language, l.Kind.ToString(), l.Text], ct);
            await BulkInsert.RunAsync(db, pendingLinks, ["FromId", "ToId", "Kind"], r => [r.FromId, r.ToId, r.Kind.ToString()], ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
        await tx.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        db.ChangeTracker.Clear();
        var inFile = concepts.Values.Select(c => c.Id).ToHashSet();
        changedIds.ExceptWith(addedIds);
        // A link added from the file may change a concept the file does not describe: it counts as changed too.
        return new SkosReport(added, changedIds.Count, inFile.Count - added - changedIds.Count(inFile.Contains), skipped);
    }

    private static bool SetDefinitions(Concept c, Dictionary<string, string> defs)
    {
        var dirty = false;
        foreach (var (lang, text) in defs)
        {
            if (Field(c, lang) == text) continue;
            switch (lang)
            {
                case "en": c.DefinitionEn = text; break;
                case "fr": c.DefinitionFr = text; break;
                case "es": c.DefinitionEs = text; break;
                case "zh": c.DefinitionZh = text; break;
            }
            dirty = true;
        }
        return dirty;
    }

    private static string? Field(Concept c, string lang) => lang switch
    {
        "en" => c.DefinitionEn, "fr" => c.DefinitionFr, "es" => c.DefinitionEs, "zh" => c.DefinitionZh, _ => null,
    };

    /// <summary>Our own URIs give back their id; any other URI becomes a slug of itself (scheme dropped).</summary>
    public static string? IdFor(string uri, string conceptBase)
    {
        if (uri.StartsWith(conceptBase, StringComparison.Ordinal))
        {
            var id = Uri.UnescapeDataString(uri[conceptBase.Length..]);
            return id.Length is > 0 and <= MaxId && !id.Contains('/') && !id.Contains('#') ? id : null;
        }
        var i = uri.IndexOf("://", StringComparison.Ordinal);
        var rest = i >= 0 ? uri[(i + 3)..] : uri[(uri.IndexOf(':') + 1)..];
        var slug = Slug.From(rest, MaxId);
        return slug == "practice" && !rest.Contains("practice", StringComparison.OrdinalIgnoreCase) ? null : slug;
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
