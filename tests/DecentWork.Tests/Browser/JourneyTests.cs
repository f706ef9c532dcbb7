using System.Text.RegularExpressions;
using DecentWork.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DecentWork.Tests.Browser;

/// <summary>The issue's journeys, in chromium, as a reader, a contributor, a reviewer and an organisation member
/// would go through them.</summary>
[Collection("browser")]
public class JourneyTests(ReaderSite site)
{
    private static async Task<int> PracticeIdAsync(IPage page)
        => int.Parse(Regex.Match(page.Url, @"/editor/(\d+)").Groups[1].Value);

    [SkippableFact]
    public async Task A_Chinese_newcomer_finds_a_French_practice_and_switches_to_Spanish_without_losing_their_place()
    {
        await using var context = await site.ContextAsync(width: 360);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/zh");
        Assert.Equal("zh-Hans", await page.GetAttributeAsync("html", "lang"));

        await page.FillAsync("#header-q", "社会保障");
        await page.PressAsync("#header-q", "Enter");
        await page.WaitForURLAsync(new Regex(@"/zh/search\?q="));
        Assert.Equal("社会保障", await page.InputValueAsync("#search-q"));

        // Filter by a region: Africa.
        await page.Locator(".filters input[name=region][value=africa]").CheckAsync();
        await page.Locator(".filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("region=africa"));
        var results = page.Locator(".results a[href*='/zh/practices/']");
        Assert.True(await results.CountAsync() > 0);
        await page.Locator(".results a[href^='/zh/practices/18/']").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/zh/practices/18/"));

        // The practice exists only in French (and Spanish): the reader is told, and the text is marked as French.
        var notice = page.Locator(".notice-info").First;
        Assert.Contains("法文", await notice.InnerTextAsync());
        Assert.Equal("fr", await page.GetAttributeAsync("h1", "lang") ?? await page.Locator("h1").EvaluateAsync<string>("e => e.closest('[lang]').lang"));

        // Switching the UI to Spanish keeps the reader on this practice, now in its Spanish translation; the French
        // original is one link away.
        await page.Locator(".lang-switch a[hreflang=es]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/es/practices/18/"));
        Assert.Equal("es", await page.GetAttributeAsync("html", "lang"));
        Assert.Null(await page.GetAttributeAsync("h1", "lang"));
        Assert.Contains("Français", await page.Locator("nav.languages").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".notice-info").CountAsync());
    }

    [SkippableFact]
    public async Task A_contributor_documents_a_practice_a_reviewer_asks_for_changes_then_publishes_and_search_finds_it_and_an_organisation_endorses_it()
    {
        await using var author = await site.ContextAsync(site.Contributor);
        var page = await author.NewPageAsync();
        var word = "Chronotope" + Guid.NewGuid().ToString("N")[..6];
        var title = $"Apprenticeship levy for small firms {word}";

        await page.GotoAsync("/en/editor/new");
        await page.FillAsync("#f-title", title);
        await page.FillAsync("#f-summary", "A levy on payroll funds apprenticeships in firms with fewer than 50 workers.");
        await page.SelectOptionAsync("#f-countries", ["SEN"]);
        await page.Locator("#f-themes input[value=skills-development]").CheckAsync();
        await page.FillAsync("#f-ind-0-name", "Apprentices trained");
        await page.FillAsync("#f-ind-0-unit", "people");
        await page.FillAsync("#f-ind-0-baseline-value", "1200");
        await page.FillAsync("#f-ind-0-baseline-year", "2018");
        await page.FillAsync("#f-ind-0-result-value", "4800");
        await page.FillAsync("#f-ind-0-result-year", "2023");
        await page.FillAsync("#f-src-0-title", "Annual report of the apprenticeship fund");
        await page.FillAsync("#f-src-0-year", "2024");
        await page.Locator("button[name=intent][value=draft]").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/en/editor/\d+\?done=saved"));
        var id = await PracticeIdAsync(page);

        // Leaves, comes back through "my practices": the draft is there.
        await page.GotoAsync("/en");
        await page.GotoAsync("/en/editor");
        await page.Locator($"a[href='/en/editor/{id}']").First.ClickAsync();
        Assert.Equal(title, await page.InputValueAsync("#f-title"));
        Assert.Equal("4800", await page.InputValueAsync("#f-ind-0-result-value"));
        await page.FillAsync("#f-context", "Small firms trained few apprentices.");
        await page.FillAsync("#f-approach", "- a levy of 0.5 % of payroll\n- grants per apprentice");
        await page.FillAsync("#f-results", "Four times as many apprentices in five years.");
        await page.Locator("button[name=intent][value=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"done=submitted"));

        // The reviewer asks for changes, with a comment.
        await using var reviewerContext = await site.ContextAsync(site.Reviewer);
        var reviewer = await reviewerContext.NewPageAsync();
        await reviewer.GotoAsync("/en/review");
        await reviewer.Locator($"a[href='/en/review/{id}']").First.ClickAsync();
        await reviewer.FillAsync("#f-comment", "Please give the source's address.");
        await reviewer.Locator("button[name=act][value=request-changes]").ClickAsync();
        await reviewer.WaitForURLAsync(new Regex($@"/en/review/{id}\?done="));

        // The contributor sees the comment, fixes and resubmits.
        await page.GotoAsync($"/en/editor/{id}");
        Assert.Contains("Please give the source's address.", await page.Locator("main").InnerTextAsync());
        await page.FillAsync("#f-src-0-url", "https://example.org/apprenticeship-fund-2024");
        await page.Locator("button[name=intent][value=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"done=submitted"));

        // The reviewer publishes; search finds it within 2 s.
        await reviewer.GotoAsync($"/en/review/{id}");
        await reviewer.Locator("button[name=act][value=publish]").ClickAsync();
        await reviewer.WaitForURLAsync(new Regex($@"/en/review/{id}\?done="));
        var published = DateTime.UtcNow;
        await using var readerContext = await site.ContextAsync();
        var reader = await readerContext.NewPageAsync();
        var found = false;
        while (!found && DateTime.UtcNow - published < TimeSpan.FromSeconds(2))
        {
            await reader.GotoAsync($"/en/search?q={word}");
            found = await reader.Locator($".results a[href^='/en/practices/{id}/']").CountAsync() > 0;
            if (!found) await Task.Delay(100);
        }
        Assert.True(found, $"practice {id} not found by search 2 s after it was published");

        // A member of a workers' organisation endorses it; the badge shows.
        var union = await site.App.CreateOrganisationAsync(DecentWork.Organisations.ConstituentGroup.Workers, "SEN");
        await using var memberContext = await site.ContextAsync(await site.App.CreateUserAsync("Contributor", union.Id));
        var member = await memberContext.NewPageAsync();
        await member.GotoAsync($"/en/practices/{id}");
        await member.FillAsync("#statement", "We took part in designing the levy.");
        await member.Locator(".endorse-form button[type=submit]").ClickAsync();
        await member.WaitForURLAsync(new Regex("endorsed=1"));
        var endorsement = member.Locator(".endorsements li", new() { HasText = union.Name });
        Assert.Equal(1, await endorsement.CountAsync());
        Assert.True(await endorsement.Locator(".group-badge.group-workers").IsVisibleAsync());
        await reader.GotoAsync($"/en/practices/{id}");
        Assert.True(await reader.Locator(".endorsements .group-workers").IsVisibleAsync());
    }

    [SkippableFact]
    public async Task Search_filters_paging_the_editor_and_a_review_action_work_without_javascript()
    {
        await using var readerContext = await site.ContextAsync(javaScript: false);
        var page = await readerContext.NewPageAsync();
        await page.GotoAsync("/en/search?q=social");
        await page.Locator(".filters input[name=language][value=en]").CheckAsync();
        await page.Locator(".filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("language=en"));
        Assert.True(await page.Locator(".results a[href*='/en/practices/']").CountAsync() > 0);

        await page.GotoAsync("/en/practices");
        await page.Locator(".pager a[rel=next]").ClickAsync();
        await page.WaitForURLAsync(new Regex("page=2"));
        Assert.Equal("2", (await page.Locator(".pager a[aria-current=page]").InnerTextAsync()).Trim()[^1..]);

        await using var authorContext = await site.ContextAsync(site.Contributor, javaScript: false);
        var author = await authorContext.NewPageAsync();
        await author.GotoAsync("/en/editor/new");
        await author.FillAsync("#f-title", "Written without JavaScript " + Guid.NewGuid().ToString("N")[..6]);
        await author.FillAsync("#f-summary", "Saved by the button.");
        await author.SelectOptionAsync("#f-countries", ["SEN"]);
        await author.Locator("#f-themes input[value=skills-development]").CheckAsync();
        await author.Locator("button[name=intent][value=draft]").ClickAsync();
        await author.WaitForURLAsync(new Regex(@"/en/editor/\d+\?done=saved"));
        var id = await PracticeIdAsync(author);
        await author.FillAsync("#f-context", "c");
        await author.FillAsync("#f-approach", "a");
        await author.FillAsync("#f-results", "r");
        await author.Locator("button[name=intent][value=submit]").ClickAsync();
        await author.WaitForURLAsync(new Regex(@"done=submitted"));

        await using var reviewerContext = await site.ContextAsync(site.Reviewer, javaScript: false);
        var reviewer = await reviewerContext.NewPageAsync();
        await reviewer.GotoAsync($"/en/review/{id}");
        await reviewer.FillAsync("#f-comment", "Say more about the results.");
        await reviewer.Locator("button[name=act][value=request-changes]").ClickAsync();
        await reviewer.WaitForURLAsync(new Regex($@"/en/review/{id}\?done="));
        using var api = site.Api(site.Contributor);
        var json = await (await api.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("ChangesRequested", (string)json["status"]!);
    }

    [SkippableFact]
    public async Task The_editor_saves_a_draft_by_itself_and_the_next_save_by_the_button_does_not_conflict()
    {
        using var api = site.Api(site.Contributor);
        var created = await api.PostAsync("/api/v1/practices", Http.Body(Http.Practice("en", "Autosaved " + Guid.NewGuid().ToString("N")[..6], organisationId: site.OrganisationId)));
        await created.Expect(201);
        var id = (int)(await created.JsonAsync())["id"]!;

        await using var context = await site.ContextAsync(site.Contributor);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/en/editor/{id}");
        var before = await page.InputValueAsync("input[name=Version]");
        await page.EvaluateAsync("() => document.querySelector('form[data-autosave]').setAttribute('data-autosave-delay', '200')");
        await page.FillAsync("#f-summary", "Typed, never saved by hand.");
        await page.WaitForFunctionAsync("() => document.getElementById('autosave-status').textContent.length > 0");
        Assert.NotEqual(before, await page.InputValueAsync("input[name=Version]"));
        var json = await (await api.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("Typed, never saved by hand.", (string)json["summary"]!);

        await page.FillAsync("#f-title", "Saved by the button after an autosave");
        await page.EvaluateAsync("() => document.querySelector('form[data-autosave]').setAttribute('data-autosave-delay', '60000')");
        await page.Locator("button[name=intent][value=draft]").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"done=saved"));
        Assert.Equal("Saved by the button after an autosave", await page.InputValueAsync("#f-title"));
    }
}
