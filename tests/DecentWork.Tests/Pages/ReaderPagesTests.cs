using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Pages;

[Collection("apps")]
public partial class ReaderPagesTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    /// <summary>Creates a practice through the API and publishes it; returns its id.</summary>
    internal static async Task<int> PublishedAsync(TestApp app, Dictionary<string, object?> body, object? translation = null, string translationLang = "en")
    {
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        body["organisations"] = new[] { new { id = org.Id, role = "lead" } };
        var created = await author.PostAsync("/api/v1/practices", Http.Body(body));
        await created.Expect(201);
        var id = (int)(await created.JsonAsync())["id"]!;
        if (translation is not null)
            await (await author.PutWithETag($"/api/v1/practices/{id}/translations/{translationLang}", translation, created.Headers.ETag!.Tag)).Expect(200);
        await (await author.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "submit" }))).Expect(200);
        await (await reviewer.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "publish" }))).Expect(200);
        return id;
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Every_reader_page_renders_in_every_language_with_no_missing_string(string engine)
    {
        var app = apps.Get(engine);
        var id = await PublishedAsync(app, Http.Practice("fr", "Mutuelles de santé pour l'économie informelle"),
            new { title = "Health mutuals for the informal economy", summary = "Summary in English." });
        var c = app.ClientFor(null);
        foreach (var lang in new[] { "en", "fr", "es", "zh" })
        {
            foreach (var path in new[] { "", "/practices", "/practices?country=CHN&theme=social-protection&page=2", $"/practices/{id}", "/countries", "/countries/CHN", "/themes", "/themes/pension-insurance" })
            {
                var r = await c.GetAsync($"/{lang}{path}");
                if (r.StatusCode == HttpStatusCode.MovedPermanently) r = await c.GetAsync(r.Headers.Location!);
                await r.Expect(200);
                var doc = await Html.ParseAsync(r);
                Assert.Equal(lang == "zh" ? "zh-Hans" : lang, doc.DocumentElement.GetAttribute("lang"));
                Assert.Single(doc.QuerySelectorAll("h1"));
                var text = doc.Body!.TextContent;
                var leaked = ResourceKey().Matches(text).Select(m => m.Value).Where(k => !k.StartsWith("C1") && !k.Contains("www")).ToList();
                Assert.True(leaked.Count == 0, $"/{lang}{path} shows resource keys: {string.Join(", ", leaked)}");
            }
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_practice_in_another_language_says_so_and_marks_its_language(string engine)
    {
        var app = apps.Get(engine);
        var id = await PublishedAsync(app, Http.Practice("fr", "Dialogue social tripartite au travail"),
            new { title = "社会对话", summary = "中文摘要。" }, "zh");
        var c = app.ClientFor(null);
        var es = await c.GetAsync($"/es/practices/{id}");
        Assert.Equal(HttpStatusCode.MovedPermanently, es.StatusCode); // no slug: redirect to the canonical URL
        var page = await c.PageAsync(es.Headers.Location!.OriginalString);
        Assert.Contains(page.QuerySelectorAll("[lang=fr]"), e => e.TextContent.Contains("Dialogue social tripartite"));
        Assert.Contains("francés", page.QuerySelector(".notice")?.TextContent ?? page.Body!.TextContent);
        var zh = await c.GetAsync($"/zh/practices/{id}");
        var zhPage = await c.PageAsync(zh.Headers.Location!.OriginalString);
        Assert.Contains("社会对话", zhPage.QuerySelector("h1")!.TextContent);
        var wrongSlug = await c.GetAsync($"/en/practices/{id}/not-the-slug");
        Assert.Equal(HttpStatusCode.MovedPermanently, wrongSlug.StatusCode);
        Assert.Contains("dialogue-social-tripartite", wrongSlug.Headers.Location!.OriginalString);
    }

    public static readonly string[] Payloads =
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "[link](javascript:alert(1))",
        "\"><svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "'><iframe src=//evil.example></iframe>",
    ];

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Xss_payloads_in_every_text_field_come_out_inert(string engine)
    {
        var app = apps.Get(engine);
        var p = string.Join(" ", Payloads);
        var body = Http.Practice("en", "Title " + p, "Summary " + p);
        body["sections"] = new Dictionary<string, string>
        {
            ["context"] = p, ["approach"] = p, ["implementation"] = p, ["results"] = p, ["lessons"] = p, ["transferability"] = p,
        };
        body["indicators"] = new[] { new { name = "Ind " + p, unit = "%", baseline = new { value = 1, year = 2010 }, result = new { value = 2, year = 2020 }, source = "Src " + p } };
        body["sources"] = new[] { new { title = "T " + p, publisher = "P " + p, year = 2020, url = (string?)null } };
        body["note"] = p;
        var id = await PublishedAsync(app, body, new { title = "Titre " + p, summary = "Résumé " + p, sections = new { context = p } }, "fr");
        var c = app.ClientFor(null);
        foreach (var url in new[] { $"/en/practices/{id}", $"/fr/practices/{id}", "/en/practices", "/en", "/en/countries/CHN", "/en/themes/pension-insurance" })
        {
            var r = await c.GetAsync(url);
            if (r.StatusCode == HttpStatusCode.MovedPermanently) r = await c.GetAsync(r.Headers.Location!);
            await r.Expect(200);
            var doc = await Html.ParseAsync(r);
            AssertInert(doc, url);
        }
    }

    internal static void AssertInert(AngleSharp.Html.Dom.IHtmlDocument doc, string url)
    {
        var all = doc.QuerySelectorAll("*").ToList();
        Assert.True(all.Count(e => e.LocalName == "script" && e.GetAttribute("type") != "application/ld+json" && string.IsNullOrEmpty(e.GetAttribute("src"))) == 0, $"{url}: inline script");
        Assert.DoesNotContain(all, e => e.LocalName is "iframe" or "img" or "object" or "embed");
        Assert.DoesNotContain(all, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(all, e => (e.GetAttribute("href") ?? "").TrimStart().StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(all, e => e.LocalName == "svg" && e.GetAttribute("role") != "img" && e.ParentElement?.ClassName?.Contains("chart") != true && e.GetAttribute("aria-hidden") != "true");
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Language_comes_from_the_url_then_the_choice_then_accept_language(string engine)
    {
        var app = apps.Get(engine);
        var c = app.ClientFor(null);
        var req = new HttpRequestMessage(HttpMethod.Get, "/");
        req.Headers.AcceptLanguage.ParseAdd("es-AR,es;q=0.9,en;q=0.5");
        Assert.Equal("/es", (await c.SendAsync(req)).Headers.Location!.OriginalString);
        req = new HttpRequestMessage(HttpMethod.Get, "/");
        req.Headers.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Equal("/zh", (await c.SendAsync(req)).Headers.Location!.OriginalString);
        req = new HttpRequestMessage(HttpMethod.Get, "/");
        req.Headers.AcceptLanguage.ParseAdd("zh-CN");
        req.Headers.Add("Cookie", ".AspNetCore.Culture=c=fr|uic=fr");
        Assert.Equal("/fr", (await c.SendAsync(req)).Headers.Location!.OriginalString);
        var page = await c.PageAsync("/fr/practices");
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        var switcher = page.QuerySelectorAll("a[hreflang]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/zh/practices", switcher);
        Assert.Equal(404, (int)(await c.GetAsync("/de/practices")).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Unpublished_practices_are_not_found_by_readers(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var created = await author.PostAsync("/api/v1/practices", Http.Body(Http.Practice(title: "Secret draft", organisationId: org.Id)));
        var id = (int)(await created.JsonAsync())["id"]!;
        var c = app.ClientFor(null);
        Assert.Equal(404, (int)(await c.GetAsync($"/en/practices/{id}/secret-draft")).StatusCode);
        Assert.Equal(404, (int)(await c.GetAsync($"/en/practices/{id}/history")).StatusCode);
        Assert.DoesNotContain("Secret draft", await (await c.GetAsync("/en/practices")).Content.ReadAsStringAsync());
    }

    // Two capitalised dotted words, as resource keys look (Practice.Title); the text of a page never has them.
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+\.[A-Z][A-Za-z0-9]+\b")]
    private static partial Regex ResourceKey();
}
