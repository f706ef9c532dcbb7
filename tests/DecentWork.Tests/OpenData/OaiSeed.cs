using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Tests.Infrastructure;
using DecentWork.Thesaurus;

namespace DecentWork.Tests.OpenData;

/// <summary>Published practices inserted straight through the DbContext (a revision snapshot and PublishedRevisionId),
/// thousands in seconds, three a second from <c>start</c>.</summary>
public static class OaiSeed
{
    public sealed record Seeded(List<int> Ids, string Theme, string NarrowerTheme, DateTime Start);

    public static async Task<Seeded> InsertAsync(TestApp app, int count, DateTime start, Func<int, string> country)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var theme = app.Unique("oai-theme").ToLowerInvariant();
        var narrower = theme + "-narrow";
        db.Concepts.AddRange(
            new Concept { Id = theme, Labels = [new ConceptLabel { ConceptId = theme, Language = "en", Text = "Harvest " + theme }] },
            new Concept { Id = narrower, Labels = [new ConceptLabel { ConceptId = narrower, Language = "en", Text = "Narrower " + theme }] });
        db.ConceptRelations.Add(new ConceptRelation { FromId = narrower, ToId = theme, Kind = RelationKind.Broader });
        await db.SaveChangesAsync();
        // What a thesaurus import does after changing concepts: the cached vocabulary (and OAI-PMH's sets with it) is read again.
        app.Service<DecentWork.Search.SearchVocabulary>().Invalidate();

        var practices = new List<Practice>();
        for (var i = 0; i < count; i++)
        {
            // Three records a second, two of them with the very same datestamp: paging must break ties by id, and
            // a fraction of a second must not push a record out of an until bound given in whole seconds.
            var at = start.AddSeconds(i / 3).AddMilliseconds(i % 3 == 2 ? 400 : 0);
            var concept = i % 2 == 0 ? theme : narrower;
            var p = new Practice { OriginalLanguage = "en", CreatedAt = at, UpdatedAt = at, PublishedAt = at, Version = 1 };
            p.Texts.Add(new PracticeText { Language = "en", IsOriginal = true, Title = $"Harvested practice {i}", Summary = "Summary", Status = TranslationStatus.Published, PublishedTitle = $"Harvested practice {i}", PublishedSummary = "Summary", UpdatedAt = at });
            p.Concepts.Add(new PracticeConcept { ConceptId = concept });
            p.Countries.Add(new PracticeCountry { CountryCode = country(i) });
            p.Pillars.Add(new PracticePillar { PillarId = "social-protection" });
            var content = new PracticeContent
            {
                Language = "en",
                Texts = new(StringComparer.Ordinal) { ["en"] = new TextContent { Title = $"Harvested practice {i}", Summary = "Summary" } },
                Countries = [country(i)], Themes = [concept], Pillars = ["social-protection"],
            };
            p.Revisions.Add(new Revision { Number = 1, CreatedAt = at, Snapshot = content.Serialize() });
            p.ForceStatus(PracticeStatus.Published);
            practices.Add(p);
        }
        db.Practices.AddRange(practices);
        await db.SaveChangesAsync();
        foreach (var p in practices) p.PublishedRevisionId = p.Revisions[0].Id;
        await db.SaveChangesAsync();
        return new Seeded(practices.Select(p => p.Id).ToList(), theme, narrower, start);
    }
}
