using DecentWork.Data;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Thesaurus;

public static class ConceptsApi
{
    public sealed record ConceptItem(string Id, string Uri, Dictionary<string, string> PrefLabel, Dictionary<string, string[]> AltLabel,
        Dictionary<string, string> Definition, List<string> Broader, List<string> Narrower, List<string> Related);

    public sealed record VocabularyItem(string Id, Dictionary<string, string> Title);

    public static RouteGroupBuilder MapConceptsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/concepts", Concepts).WithTags("Reference");
        api.MapGet("/pillars", async (AppDb db, CancellationToken ct) => (await db.Pillars.AsNoTracking().OrderBy(p => p.Position).ToListAsync(ct))
            .Select(p => new VocabularyItem(p.Id, Titles(p.NameEn, p.NameFr, p.NameEs, p.NameZh)))).WithTags("Reference");
        api.MapGet("/sdg-targets", async (AppDb db, CancellationToken ct) => (await db.SdgTargets.AsNoTracking().ToListAsync(ct))
            .OrderBy(s => s.Goal).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => new VocabularyItem(s.Id, Titles(s.TitleEn, s.TitleFr, s.TitleEs, s.TitleZh)))).WithTags("Reference");
        api.MapGet("/standards", async (AppDb db, CancellationToken ct) => (await db.LabourStandards.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct))
            .Select(s => new VocabularyItem(s.Code, Titles(s.TitleEn, s.TitleFr, s.TitleEs, s.TitleZh)))).WithTags("Reference");
        return api;
    }

    internal static Dictionary<string, string> Titles(string en, string fr, string es, string zh) => new() { ["en"] = en, ["fr"] = fr, ["es"] = es, ["zh"] = zh };

    public static string Uri(HttpRequest req, string id) => $"{req.Scheme}://{req.Host}/concepts/{id}";

    private static async Task<IResult> Concepts(HttpRequest req, AppDb db, CancellationToken ct)
    {
        var concepts = await db.Concepts.AsNoTracking().Include(c => c.Labels).OrderBy(c => c.Id).ToListAsync(ct);
        var rels = await db.ConceptRelations.AsNoTracking().ToListAsync(ct);
        var items = concepts.Select(c => new ConceptItem(
            c.Id, Uri(req, c.Id),
            c.Labels.Where(l => l.Kind == LabelKind.Pref).GroupBy(l => l.Language).ToDictionary(g => g.Key, g => g.First().Text),
            c.Labels.Where(l => l.Kind == LabelKind.Alt).GroupBy(l => l.Language).ToDictionary(g => g.Key, g => g.Select(l => l.Text).ToArray()),
            new[] { ("en", c.DefinitionEn), ("fr", c.DefinitionFr), ("es", c.DefinitionEs), ("zh", c.DefinitionZh) }
                .Where(d => d.Item2 is not null).ToDictionary(d => d.Item1, d => d.Item2!),
            rels.Where(r => r.FromId == c.Id && r.Kind == RelationKind.Broader).Select(r => r.ToId).ToList(),
            rels.Where(r => r.ToId == c.Id && r.Kind == RelationKind.Broader).Select(r => r.FromId).ToList(),
            rels.Where(r => r.FromId == c.Id && r.Kind == RelationKind.Related).Select(r => r.ToId).ToList())).ToList();
        return TypedResults.Ok(new { items, total = items.Count });
    }
}
