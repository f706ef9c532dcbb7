using DecentWork.Data;
using DecentWork.Search;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Projects;

/// <summary>What an import did. <see cref="Refused"/> is set when the file was not read at all (nothing saved);
/// otherwise each activity was added, updated or skipped, and <see cref="Problems"/> names everything that was
/// dropped or could not be read, by activity identifier and element.</summary>
public sealed record IatiReport(int Added, int Updated, int Skipped, IReadOnlyList<IatiProblem> Problems, int ProblemCount, string? Refused)
{
    /// <summary>At most this many problems are kept; a badly broken file must not produce a report bigger than itself.</summary>
    public const int MaxListed = 1000;

    public bool Complete => Refused is null && Skipped == 0 && ProblemCount == 0;

    public static IatiReport Refusal(string message) => new(0, 0, 0, [], 0, message);
}

/// <summary>Imports an IATI activity file into projects: refuses a file that is not one (before saving anything),
/// then writes one activity at a time, matching on iati-identifier so a re-import updates instead of duplicating.</summary>
public sealed class IatiImporter(AppDb db, SearchVocabulary vocabulary, TimeProvider clock, ILogger<IatiImporter> log)
{
    /// <summary>Enough to say what a project is about; past ten, matches are passing mentions.</summary>
    private const int MaxConcepts = 10;

    public async Task<IatiReport> ImportFileAsync(string path, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        return await ImportAsync(file, ct);
    }

    /// <summary>The stream is read twice (a check, then the import), so it must be seekable: callers spool uploads to a file.</summary>
    public async Task<IatiReport> ImportAsync(Stream file, CancellationToken ct = default)
    {
        if (!file.CanSeek) throw new ArgumentException("the IATI importer reads the file twice; pass a seekable stream", nameof(file));
        IatiReader.FileInfo info;
        try { info = IatiReader.Check(file); }
        catch (IatiRefusedException e) { return IatiReport.Refusal(e.Message); }
        file.Position = 0;

        var countries = (await db.Countries.AsNoTracking().Where(c => c.Iso2 != null).Select(c => new { c.Iso2, c.Code }).ToListAsync(ct))
            .ToDictionary(c => c.Iso2!.ToUpperInvariant(), c => c.Code, StringComparer.Ordinal);
        var matcher = (await vocabulary.GetAsync(ct)).Matcher;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<IatiProblem>();
        int added = 0, updated = 0, skipped = 0, problemCount = 0;

        void Note(IEnumerable<IatiProblem> found)
        {
            foreach (var p in found)
            {
                problemCount++;
                if (problems.Count < IatiReport.MaxListed) problems.Add(p);
            }
        }

        IEnumerator<IatiActivity> activities;
        try { activities = IatiReader.Read(file).GetEnumerator(); }
        catch (IatiRefusedException e) { return IatiReport.Refusal(e.Message); }
        using (activities)
        {
            while (true)
            {
                try { if (!activities.MoveNext()) break; }
                catch (IatiRefusedException e)
                {
                    // Only if the file changed between the check and the import: stop, and say how far it got.
                    Note([new IatiProblem("(file)", "iati-activities", e.Message)]);
                    break;
                }
                var a = activities.Current;
                if (!a.Importable) { skipped++; Note(a.Problems); continue; }
                if (!seen.Add(a.Identifier)) a.Problem("iati-identifier", "appears more than once in the file; the later activity replaces the earlier");
                var isNew = await SaveAsync(a, info.Version, countries, matcher, ct);
                if (isNew) added++; else updated++;
                Note(a.Problems);
            }
        }
        log.LogInformation("IATI import: {Added} added, {Updated} updated, {Skipped} skipped, {Problems} problems", added, updated, skipped, problemCount);
        return new IatiReport(added, updated, skipped, problems, problemCount, null);
    }

    private async Task<bool> SaveAsync(IatiActivity a, string version, Dictionary<string, string> countries, ConceptMatcher matcher, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var id = await db.Projects.Where(p => p.IatiIdentifier == a.Identifier).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        Project project;
        if (id is int existing)
        {
            // Replace everything the file says; the editors' links to practices are ours, not the file's, and stay.
            await db.ProjectTexts.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectOrganisations.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectCountries.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectRegions.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectSectors.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectDates.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectBudgets.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            await db.ProjectConcepts.Where(x => x.ProjectId == existing).ExecuteDeleteAsync(ct);
            project = await db.Projects.FirstAsync(p => p.Id == existing, ct);
        }
        else
        {
            project = new Project { IatiIdentifier = a.Identifier };
            db.Projects.Add(project);
        }
        project.IatiVersion = version;
        project.DefaultLanguage = a.Language;
        project.DefaultCurrency = a.Currency;
        project.Status = a.Status;
        project.LastUpdatedAt = a.LastUpdated;
        project.ImportedAt = clock.GetUtcNow().UtcDateTime;

        var position = 0;
        foreach (var t in a.Titles)
            project.Texts.Add(new ProjectText { Kind = ProjectTextKind.Title, Language = t.Language, Text = t.Text, Position = position++ });
        foreach (var d in a.Descriptions)
            project.Texts.Add(new ProjectText { Kind = ProjectTextKind.Description, Type = d.Type, Language = d.Narrative.Language, Text = d.Narrative.Text, Position = position++ });
        position = 0;
        foreach (var o in a.Organisations)
            project.Organisations.Add(new ProjectOrganisation
            {
                IsReporting = o.IsReporting, Role = o.Role, Ref = Cut(o.Ref, 200), Type = Cut(o.Type, 10), Position = position++,
                Names = o.Names.Select(n => new ProjectOrganisationName { Language = n.Language, Name = Cut(n.Text, 1000)! }).ToList(),
            });
        foreach (var c in a.Countries)
        {
            if (!countries.TryGetValue(c.Iso2, out var alpha3)) { a.Problem("recipient-country/@code", $"unknown country '{c.Iso2}'"); continue; }
            if (project.Countries.Any(x => x.CountryCode == alpha3)) { a.Problem("recipient-country/@code", $"'{c.Iso2}' given twice; the first is kept"); continue; }
            project.Countries.Add(new ProjectCountry { CountryCode = alpha3, Percentage = c.Percentage });
        }
        foreach (var r in a.Regions) project.Regions.Add(new ProjectRegion { Code = r.Code, Vocabulary = r.Vocabulary, Percentage = r.Percentage });
        foreach (var s in a.Sectors) project.Sectors.Add(new ProjectSector { Code = s.Code, Vocabulary = s.Vocabulary, Percentage = s.Percentage });
        foreach (var d in a.Dates) project.Dates.Add(new ProjectDate { Type = d.Type, Date = d.Date });
        foreach (var b in a.Budgets)
            project.Budgets.Add(new ProjectBudget
            {
                Type = b.Type, Status = b.Status, PeriodStart = b.PeriodStart, PeriodEnd = b.PeriodEnd,
                Value = b.Value, Currency = b.Currency, ValueDate = b.ValueDate,
            });
        foreach (var concept in Themes(a, matcher)) project.Concepts.Add(new ProjectConcept { ConceptId = concept });

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return id is null;
    }

    /// <summary>Themes named in the titles and descriptions, most mentioned first: the same matcher that lets a
    /// Chinese query find a French practice, so a Spanish project meets the themes whatever its language.</summary>
    public static IEnumerable<string> Themes(IatiActivity a, ConceptMatcher matcher)
    {
        var text = string.Join("\n", a.Titles.Select(t => t.Text).Concat(a.Descriptions.Select(d => d.Narrative.Text)));
        return matcher.Count(text).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(MaxConcepts).Select(kv => kv.Key);
    }

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
