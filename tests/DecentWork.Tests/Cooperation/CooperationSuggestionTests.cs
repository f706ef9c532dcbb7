using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Search;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.Cooperation;

/// <summary>On the sample content, as a newcomer sees it.</summary>
public class CooperationSuggestionTests(CooperationSuggestionTests.SampleApps apps) : IClassFixture<CooperationSuggestionTests.SampleApps>
{
    public sealed class SampleApps() : Apps(sample: true);

    public static TheoryData<string> Engines => Apps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_request_written_in_Chinese_gets_a_Spanish_or_French_sample_practice_that_matches_it(string engine)
    {
        var app = apps.Get(engine);
        long last;
        await using (var scope = app.Services.CreateAsyncScope())
            last = await scope.ServiceProvider.GetRequiredService<AppDb>().Outbox.MaxAsync(o => (long?)o.Id) ?? 0;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await app.Service<SearchIndex>().WaitForAsync(last, cts.Token);

        var org = await app.CreateOrganisationAsync(ConstituentGroup.Government, "CHN");
        var member = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        // No themes chosen: only the Chinese words lead to the concepts, and through them to practices in other languages.
        var r = await member.PostAsync("/api/v1/requests", Http.Body(new
        {
            title = "养老保险覆盖农村 workers",
            need = "我们希望把养老保险覆盖到农村劳动者和非正规就业人员。",
            language = "zh", country = "CHN", modalities = new[] { "study-visit" }, workingLanguages = new[] { "zh", "es" },
        }));
        await r.Expect(201);
        var id = (int)(await r.JsonAsync())["id"]!;
        var s = await (await member.GetAsync($"/api/v1/requests/{id}/suggestions?lang=zh")).JsonAsync();
        var practices = s["practices"]!.AsArray();
        Assert.NotEmpty(practices);
        var foreign = practices.Where(p => (string)p!["language"]! is "es" or "fr").ToList();
        Assert.NotEmpty(foreign);

        // The best of them is a pension practice, suggested for sharing the concept and a working language.
        await using var scope2 = app.Services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<AppDb>();
        var best = (int)foreign[0]!["id"]!;
        Assert.True(await db.PracticeConcepts.AnyAsync(c => c.PracticeId == best && c.ConceptId == "pension-insurance"));
        var keys = foreign[0]!["reasons"]!.AsArray().Select(x => (string)x!["key"]!).ToList();
        Assert.Contains("languages", keys);
        // Learning from elsewhere: no practice only from the requesting country.
        var ids = practices.Select(p => (int)p!["id"]!).ToList();
        Assert.False(await db.Practices.AnyAsync(p => ids.Contains(p.Id) && p.Countries.All(c => c.CountryCode == "CHN")));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Sample_requests_offers_and_a_completed_exchange_are_loaded_and_flagged(string engine)
    {
        var app = apps.Get(engine);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.True(await db.CooperationRequests.CountAsync(r => r.IsSample) >= 3);
        Assert.True(await db.Offers.CountAsync(o => o.IsSample && o.Practices.Any()) >= 3);
        var done = await db.Exchanges.SingleAsync(e => e.IsSample && e.Status == DecentWork.Cooperation.ExchangeStatus.Completed);
        Assert.NotNull(done.Outcome);

        var c = app.ClientFor(null);
        var board = await c.PageAsync("/es/cooperation");
        Assert.NotEmpty(board.QuerySelectorAll(".sample-badge"));
        var view = await c.PageAsync("/en/cooperation/countries/VNM");
        Assert.Contains(view.QuerySelectorAll("svg text"), t => t.TextContent == "China");
        var practice = await c.GetAsync($"/en/practices/{done.PracticeId}");
        if ((int)practice.StatusCode is 301 or 302) practice = await c.GetAsync(practice.Headers.Location!.OriginalString);
        Assert.NotNull((await Html.ParseAsync(practice)).QuerySelector("#shared-with"));
    }
}
