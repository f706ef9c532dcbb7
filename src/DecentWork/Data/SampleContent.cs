using System.Text.Json;
using DecentWork.Accounts;
using DecentWork.Organisations;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Data;

/// <summary>Loads the illustrative content in Data/Sample into an empty database. Every record is flagged as sample.</summary>
public sealed class SampleContent(AppDb db, PracticeImporter importer, ILogger<SampleContent> log)
{
    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "Data", "Sample");

    private sealed record OrgItem(string Key, string Name, string? Acronym, Dictionary<string, string>? Names, string? Country, string Group);

    public async Task<int> LoadAsync(CancellationToken ct = default)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var countries = (await db.Countries.Select(c => c.Code).ToListAsync(ct)).ToHashSet();
        var keys = (await db.Organisations.Where(o => o.Key != null).Select(o => o.Key!).ToListAsync(ct)).ToHashSet();
        foreach (var file in Directory.GetFiles(SampleFolder, "organisations-*.json").Order())
        {
            foreach (var o in JsonSerializer.Deserialize<List<OrgItem>>(await File.ReadAllTextAsync(file, ct), json) ?? [])
            {
                if (!keys.Add(o.Key)) continue;
                db.Organisations.Add(new Organisation
                {
                    // Most files give the English name in `name`; a file that gives names.en has the original-language
                    // (French) name in `name` instead.
                    Key = o.Key, Name = o.Names?.GetValueOrDefault("en") ?? o.Name, Acronym = o.Acronym,
                    NameFr = o.Names?.GetValueOrDefault("fr") ?? (o.Names?.ContainsKey("en") == true ? o.Name : null), NameEs = o.Names?.GetValueOrDefault("es"), NameZh = o.Names?.GetValueOrDefault("zh"),
                    CountryCode = o.Country is not null && countries.Contains(o.Country) ? o.Country : null,
                    Group = Enum.TryParse<ConstituentGroup>(o.Group, ignoreCase: true, out var g) ? g : ConstituentGroup.Other,
                    IsSample = true,
                });
            }
        }
        await db.SaveChangesAsync(ct);

        var loaded = 0;
        foreach (var file in Directory.GetFiles(SampleFolder, "practices-*.jsonl").Order())
        {
            var n = 0;
            foreach (var line in await File.ReadAllLinesAsync(file, ct))
            {
                n++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var r = await importer.ImportLineAsync(n, line, Actor.System, publish: false, isSample: true, ct);
                if (r.PracticeId is not null) loaded++;
                else log.LogWarning("Sample {File}:{Line} skipped: {Message} {Errors}", Path.GetFileName(file), n, r.Message,
                    string.Join("; ", r.Errors.Select(e => $"{e.Field} {e.Code} {e.Arg}")));
                db.ChangeTracker.Clear();
            }
        }
        var requests = await Cooperation.CooperationSamples.LoadAsync(db, SampleFolder, DateTime.UtcNow, ct);
        log.LogInformation("Loaded {Count} sample cooperation requests", requests);
        return loaded;
    }
}
