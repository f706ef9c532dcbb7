using System.Text.Json;
using DecentWork.Countries;
using DecentWork.Shared;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Data;

/// <summary>Loads the reference data shipped in Data/Seed (countries, ILO regions, thesaurus, pillars, SDG targets,
/// labour standards). Idempotent: it adds what is missing and never overwrites what editors have curated.</summary>
public sealed class ReferenceData(AppDb db, ILogger<ReferenceData> log)
{
    public static string SeedFolder => Path.Combine(AppContext.BaseDirectory, "Data", "Seed");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnsureLoadedAsync(CancellationToken ct = default)
    {
        var added = 0;
        added += await RegionsAndCountriesAsync(ct);
        added += await PillarsAsync(ct);
        added += await SdgTargetsAsync(ct);
        added += await StandardsAsync(ct);
        added += await ThesaurusAsync(ct);
        if (added > 0) log.LogInformation("Loaded {Count} reference records", added);
    }

    private static T Read<T>(string file) => JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(SeedFolder, file)), Json)!;

    private sealed record Names(string En, string Fr, string Es, string Zh);
    private sealed record RegionsFile(List<RegionItem> Regions, Dictionary<string, string> Countries);
    private sealed record RegionItem(string Id, Names Names);

    private async Task<int> RegionsAndCountriesAsync(CancellationToken ct)
    {
        var regions = Read<RegionsFile>("ilo-regions.json");
        var known = await db.IloRegions.Select(r => r.Id).ToListAsync(ct);
        var added = 0;
        foreach (var r in regions.Regions.Where(r => !known.Contains(r.Id)))
        {
            db.IloRegions.Add(new IloRegion { Id = r.Id, NameEn = r.Names.En, NameFr = r.Names.Fr, NameEs = r.Names.Es, NameZh = r.Names.Zh });
            added++;
        }
        var knownCountries = (await db.Countries.Select(c => c.Code).ToListAsync(ct)).ToHashSet();
        using var reader = new StreamReader(Path.Combine(SeedFolder, "country-codes.csv"));
        List<string>? header = null;
        foreach (var row in Csv.Read(reader))
        {
            if (header is null) { header = row; continue; }
            string Col(string name) { var i = header.IndexOf(name); return i >= 0 && i < row.Count ? row[i].Trim() : ""; }
            var code = Col("ISO3166-1-Alpha-3");
            if (code.Length != 3 || knownCountries.Contains(code)) continue;
            var en = Or(Col("official_name_en"), Col("CLDR display name"), code);
            db.Countries.Add(new Country
            {
                Code = code,
                Iso2 = Col("ISO3166-1-Alpha-2") is { Length: 2 } iso2 ? iso2 : null,
                NameEn = en,
                NameFr = Or(Col("official_name_fr"), en),
                NameEs = Or(Col("official_name_es"), en),
                NameZh = Or(Col("official_name_cn"), en),
                M49Region = Or(Col("Region Name"), null),
                M49SubRegion = Or(Col("Sub-region Name"), null),
                IloRegionId = regions.Countries.GetValueOrDefault(code),
            });
            knownCountries.Add(code);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private static string Or(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";

    private sealed record PillarItem(string Id, Names Names, Names? Descriptions);

    private async Task<int> PillarsAsync(CancellationToken ct)
    {
        var known = await db.Pillars.Select(p => p.Id).ToListAsync(ct);
        var items = Read<List<PillarItem>>("pillars.json");
        var added = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var p = items[i];
            if (known.Contains(p.Id)) continue;
            db.Pillars.Add(new Pillar
            {
                Id = p.Id, Position = i, NameEn = p.Names.En, NameFr = p.Names.Fr, NameEs = p.Names.Es, NameZh = p.Names.Zh,
                DescriptionEn = p.Descriptions?.En, DescriptionFr = p.Descriptions?.Fr, DescriptionEs = p.Descriptions?.Es, DescriptionZh = p.Descriptions?.Zh,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private sealed record SdgItem(string Id, int Goal, Names Titles);

    private async Task<int> SdgTargetsAsync(CancellationToken ct)
    {
        var known = await db.SdgTargets.Select(p => p.Id).ToListAsync(ct);
        var added = 0;
        foreach (var s in Read<List<SdgItem>>("sdg-targets.json").Where(s => !known.Contains(s.Id)))
        {
            db.SdgTargets.Add(new SdgTarget { Id = s.Id, Goal = s.Goal, TitleEn = s.Titles.En, TitleFr = s.Titles.Fr, TitleEs = s.Titles.Es, TitleZh = s.Titles.Zh });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private sealed record StandardItem(string Code, string Kind, int Number, int Year, string? Category, Names Titles);

    private async Task<int> StandardsAsync(CancellationToken ct)
    {
        var known = await db.LabourStandards.Select(p => p.Code).ToListAsync(ct);
        var added = 0;
        foreach (var s in Read<List<StandardItem>>("standards.json").Where(s => !known.Contains(s.Code)))
        {
            db.LabourStandards.Add(new LabourStandard
            {
                Code = s.Code, Kind = s.Kind, Number = s.Number, Year = s.Year, Category = s.Category,
                TitleEn = s.Titles.En, TitleFr = s.Titles.Fr, TitleEs = s.Titles.Es, TitleZh = s.Titles.Zh,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private sealed record LabelSet(string Pref, List<string>? Alt);
    private sealed record ConceptItem(string Id, List<string>? Broader, List<string>? Related, Dictionary<string, LabelSet> Labels, Dictionary<string, string>? Definition);

    private async Task<int> ThesaurusAsync(CancellationToken ct)
    {
        var known = (await db.Concepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var items = Read<List<ConceptItem>>("thesaurus.json");
        var added = 0;
        foreach (var c in items.Where(c => !known.Contains(c.Id)))
        {
            var concept = new Concept
            {
                Id = c.Id,
                DefinitionEn = c.Definition?.GetValueOrDefault("en"), DefinitionFr = c.Definition?.GetValueOrDefault("fr"),
                DefinitionEs = c.Definition?.GetValueOrDefault("es"), DefinitionZh = c.Definition?.GetValueOrDefault("zh"),
            };
            foreach (var (lang, set) in c.Labels)
            {
                concept.Labels.Add(new ConceptLabel { ConceptId = c.Id, Language = lang, Kind = LabelKind.Pref, Text = set.Pref });
                foreach (var alt in (set.Alt ?? []).Distinct().Where(a => a != set.Pref))
                    concept.Labels.Add(new ConceptLabel { ConceptId = c.Id, Language = lang, Kind = LabelKind.Alt, Text = alt });
            }
            db.Concepts.Add(concept);
            added++;
        }
        await db.SaveChangesAsync(ct);
        if (added == 0) return 0;
        var ids = items.Select(i => i.Id).ToHashSet();
        var relations = new HashSet<(string, string, RelationKind)>(
            (await db.ConceptRelations.Select(r => new { r.FromId, r.ToId, r.Kind }).ToListAsync(ct)).Select(r => (r.FromId, r.ToId, r.Kind)));
        foreach (var c in items)
        {
            foreach (var b in (c.Broader ?? []).Where(ids.Contains))
                if (relations.Add((c.Id, b, RelationKind.Broader))) db.ConceptRelations.Add(new ConceptRelation { FromId = c.Id, ToId = b, Kind = RelationKind.Broader });
            foreach (var r in (c.Related ?? []).Where(ids.Contains))
            {
                // skos:related is symmetric: store both directions so either side finds the other with one lookup.
                if (relations.Add((c.Id, r, RelationKind.Related))) db.ConceptRelations.Add(new ConceptRelation { FromId = c.Id, ToId = r, Kind = RelationKind.Related });
                if (relations.Add((r, c.Id, RelationKind.Related))) db.ConceptRelations.Add(new ConceptRelation { FromId = r, ToId = c.Id, Kind = RelationKind.Related });
            }
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
