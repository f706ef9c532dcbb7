using System.Net;
using DecentWork.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DecentWork.Tests.Pages;

/// <summary>The whole loop through the HTML forms, as a browser without JavaScript does it.</summary>
[Collection("apps")]
public class WritingPagesTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static HttpClient Browser(TestApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    internal static async Task<HttpClient> SignedInAsync(TestApp app, TestApp.TestUser user, string lang = "en")
    {
        var c = Browser(app);
        var page = await c.PageAsync($"/{lang}/account/signin");
        var r = await c.SubmitAsync(page, "main form", new Dictionary<string, string?> { ["email"] = user.Email, ["password"] = user.Password }, pageUrl: $"/{lang}/account/signin");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return c;
    }

    private static async Task<int> IdFrom(HttpResponseMessage r)
    {
        await r.Expect(302);
        var path = r.Headers.Location!.OriginalString;
        return int.Parse(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2].Split('?')[0]);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Document_review_request_changes_fix_and_publish_without_javascript(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = await SignedInAsync(app, await app.CreateUserAsync("Contributor", org.Id), "zh");
        var reviewer = await SignedInAsync(app, await app.CreateUserAsync("Reviewer"));

        // A draft may leave every section empty.
        var form = await author.PageAsync("/zh/editor/new");
        var title = "就业扶贫：技能培训帮助贫困劳动力稳定就业 " + Guid.NewGuid().ToString("N")[..4];
        var saved = await author.SubmitAsync(form, "form.editor-form", new Dictionary<string, string?>
        {
            ["Language"] = "zh", ["Title"] = title, ["Summary"] = "以技能培训促进就业。", ["Countries"] = "CHN", ["Themes"] = "skills-development",
            ["Indicators[0].Name"] = "培训人数", ["Indicators[0].Unit"] = "万人", ["Indicators[0].BaselineValue"] = "10", ["Indicators[0].BaselineYear"] = "2015",
            ["Indicators[0].ResultValue"] = "35.5", ["Indicators[0].ResultYear"] = "2020", ["Sources[0].Title"] = "人社部统计公报", ["Sources[0].Year"] = "2021",
        }, button: "button[value=draft]", pageUrl: "/zh/editor/new");
        var id = await IdFrom(saved);

        // Leaving and coming back: the draft is there; submitting it names what is missing, next to the fields.
        var edit = await author.PageAsync($"/zh/editor/{id}");
        Assert.Equal(title, edit.QuerySelector("#f-title")!.GetAttribute("value"));
        var incomplete = await author.SubmitAsync(edit, "form.editor-form", new Dictionary<string, string?>(), button: "button[value=submit]", pageUrl: $"/zh/editor/{id}");
        var shown = await author.PageAsync(incomplete.Headers.Location!.OriginalString);
        foreach (var field in new[] { "f-context", "f-approach", "f-results" })
            Assert.Equal("true", shown.QuerySelector("#" + field)!.GetAttribute("aria-invalid"));
        Assert.NotNull(shown.QuerySelector("[role=alert] a[href='#f-approach']"));

        var complete = new Dictionary<string, string?> { ["Context"] = "许多贫困劳动力缺乏技能。", ["Approach"] = "- 免费培训\n- 订单式培训", ["Results"] = "就业稳定。" };
        var submitted = await author.SubmitAsync(shown, "form.editor-form", complete, button: "button[value=submit]", pageUrl: $"/zh/editor/{id}");
        Assert.Contains("done=submitted", submitted.Headers.Location!.OriginalString);

        // The reviewer asks for changes; a request without a comment is refused next to the comment field.
        var review = await reviewer.PageAsync($"/en/review/{id}");
        var noComment = await reviewer.SubmitAsync(review, "form.editor-form", new Dictionary<string, string?> { ["comment"] = "" }, button: "button[value=request-changes]", pageUrl: $"/en/review/{id}");
        var noCommentPage = await Html.ParseAsync(noComment);
        Assert.Equal("true", noCommentPage.QuerySelector("#f-comment")!.GetAttribute("aria-invalid"));
        review = await reviewer.PageAsync($"/en/review/{id}");
        var changes = await reviewer.SubmitAsync(review, "form.editor-form", new Dictionary<string, string?> { ["comment"] = "Please add the lessons learned." }, button: "button[value=request-changes]", pageUrl: $"/en/review/{id}");
        await changes.Expect(302);

        // The contributor sees the comment, fixes and resubmits; the reviewer publishes.
        var mine = await author.PageAsync("/zh/editor");
        Assert.Contains("Please add the lessons learned.", mine.Body!.TextContent);
        edit = await author.PageAsync($"/zh/editor/{id}");
        var resubmitted = await author.SubmitAsync(edit, "form.editor-form", new Dictionary<string, string?> { ["Lessons"] = "地方政府的协调至关重要。" }, button: "button[value=submit]", pageUrl: $"/zh/editor/{id}");
        Assert.Contains("done=submitted", resubmitted.Headers.Location!.OriginalString);
        review = await reviewer.PageAsync($"/en/review/{id}");
        await (await reviewer.SubmitAsync(review, "form.editor-form", new Dictionary<string, string?>(), button: "button[value=publish]", pageUrl: $"/en/review/{id}")).Expect(302);

        // Anyone can now read it, with its indicator chart, and its history shows every save.
        var anonymous = app.ClientFor(null);
        var pageResponse = await anonymous.GetAsync($"/zh/practices/{id}");
        var page = await anonymous.PageAsync(pageResponse.Headers.Location?.OriginalString ?? $"/zh/practices/{id}");
        Assert.Contains(title, page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("svg[role=img]"));
        Assert.Contains("地方政府的协调至关重要", page.Body!.TextContent);
        var history = await reviewer.PageAsync($"/en/practices/{id}/history");
        Assert.True(history.QuerySelectorAll("tbody tr").Length >= 3);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Forms_refuse_posts_without_the_antiforgery_token(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = await SignedInAsync(app, await app.CreateUserAsync("Contributor", org.Id));
        var r = await author.PostAsync("/en/editor/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Language"] = "en", ["Title"] = "x", ["Summary"] = "y", ["intent"] = "draft" }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var signIn = await Browser(app).PostAsync("/en/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@b.org", ["password"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Five_failed_sign_ins_lock_the_account(string engine)
    {
        var app = apps.Get(engine);
        var user = await app.CreateUserAsync("Contributor");
        var c = Browser(app);
        for (var i = 0; i < 5; i++)
        {
            var page = await c.PageAsync("/en/account/signin");
            var r = await c.SubmitAsync(page, "main form", new Dictionary<string, string?> { ["email"] = user.Email, ["password"] = "wrong-password-" + i }, pageUrl: "/en/account/signin");
            Assert.NotEqual(HttpStatusCode.Redirect, r.StatusCode);
        }
        var again = await c.PageAsync("/en/account/signin");
        var locked = await c.SubmitAsync(again, "main form", new Dictionary<string, string?> { ["email"] = user.Email, ["password"] = user.Password }, pageUrl: "/en/account/signin");
        Assert.NotEqual(HttpStatusCode.Redirect, locked.StatusCode);
        var text = (await Html.ParseAsync(locked)).Body!.TextContent;
        Assert.Contains("locked", text, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Pages_refuse_who_may_not_use_them(string engine)
    {
        var app = apps.Get(engine);
        var anonymous = Browser(app);
        var toSignIn = await anonymous.GetAsync("/fr/editor/new");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/fr/account/signin", toSignIn.Headers.Location!.OriginalString);
        var org = await app.CreateOrganisationAsync();
        var contributor = await SignedInAsync(app, await app.CreateUserAsync("Contributor", org.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.GetAsync("/en/review")).StatusCode);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice());
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.GetAsync($"/en/editor/{id}")).StatusCode);
        var reader = await SignedInAsync(app, await app.CreateUserAsync("Reviewer"));
        await (await reader.GetAsync("/en/review")).Expect(200);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/en/editor/{id}")).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_organisation_member_endorses_from_the_practice_page_and_the_badge_shows(string engine)
    {
        var app = apps.Get(engine);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice("es", "Negociación colectiva en el trabajo doméstico"));
        var employers = await app.CreateOrganisationAsync(DecentWork.Organisations.ConstituentGroup.Employers, "URY");
        var member = await SignedInAsync(app, await app.CreateUserAsync("Contributor", employers.Id), "es");
        var first = await member.GetAsync($"/es/practices/{id}");
        var url = first.Headers.Location?.OriginalString ?? $"/es/practices/{id}";
        var page = await member.PageAsync(url);
        var form = page.QuerySelectorAll("form").First(f => (f.GetAttribute("action") ?? "").Contains("endorse"));
        form.Id = "endorse-form";
        var r = await member.SubmitAsync(page, "#endorse-form", new Dictionary<string, string?> { ["Statement"] = "Los empleadores apoyan esta práctica." }, pageUrl: url);
        Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{(int)r.StatusCode}");
        var after = await app.ClientFor(null).PageAsync(url);
        Assert.Contains(employers.Name, after.Body!.TextContent);
        Assert.Contains("Los empleadores apoyan esta práctica.", after.Body!.TextContent);
    }
}
