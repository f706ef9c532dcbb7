using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using DecentWork.Tests.Infrastructure;
using DecentWork.Tests.Pages;

namespace DecentWork.Tests.OpenData;

/// <summary>What crawlers and feed readers get: sitemaps, robots.txt, JSON-LD in pages, Atom feeds.</summary>
[Collection("apps")]
public class CrawlerTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<XDocument> XmlAsync(HttpClient c, string url, string contentType)
    {
        var r = await c.GetAsync(url);
        await r.Expect(200);
        Assert.StartsWith(contentType, r.Content.Headers.ContentType!.ToString());
        return XDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_sitemap_index_leads_to_every_published_practice_in_each_of_its_languages(string engine)
    {
        var app = apps.Get(engine);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice("fr", "Assurance chômage des migrants"),
            new { title = "Unemployment insurance for migrants", summary = "English summary." });
        var c = app.ClientFor(null);
        var index = await XmlAsync(c, "/sitemap.xml", "application/xml");
        Assert.Equal(Sm + "sitemapindex", index.Root!.Name);
        var children = index.Root.Elements(Sm + "sitemap").Select(s => s.Element(Sm + "loc")!.Value).ToList();
        Assert.Contains("http://localhost/sitemaps/pages.xml", children);
        Assert.All(index.Root.Elements(Sm + "sitemap").Where(s => s.Element(Sm + "loc")!.Value.Contains("practices-")), s => Assert.NotNull(s.Element(Sm + "lastmod")));

        var urls = new List<XElement>();
        foreach (var child in children)
        {
            var doc = await XmlAsync(c, new Uri(child).PathAndQuery, "application/xml");
            Assert.Equal(Sm + "urlset", doc.Root!.Name);
            var list = doc.Root.Elements(Sm + "url").ToList();
            Assert.InRange(list.Count, 1, 50_000);
            urls.AddRange(list);
        }
        var mine = urls.Where(u => u.Element(Sm + "loc")!.Value.Contains($"/practices/{id}/")).ToList();
        Assert.Equal(
            [$"http://localhost/en/practices/{id}/unemployment-insurance-for-migrants", $"http://localhost/fr/practices/{id}/assurance-chomage-des-migrants"],
            mine.Select(u => u.Element(Sm + "loc")!.Value).Order());
        foreach (var u in mine)
        {
            Assert.NotNull(u.Element(Sm + "lastmod"));
            var links = u.Elements(Xhtml + "link").ToDictionary(l => l.Attribute("hreflang")!.Value, l => l.Attribute("href")!.Value);
            Assert.Equal(["en", "fr", "x-default"], links.Keys.Order());
            Assert.Equal($"http://localhost/fr/practices/{id}/assurance-chomage-des-migrants", links["x-default"]); // the original
            Assert.All(links.Values, l => Assert.Equal("alternate", u.Elements(Xhtml + "link").First(x => x.Attribute("href")!.Value == l).Attribute("rel")!.Value));
        }
        // Every practice URL in a sitemap is canonical: it answers 200, not a redirect.
        foreach (var u in mine) await (await c.GetAsync(new Uri(u.Element(Sm + "loc")!.Value).PathAndQuery)).Expect(200);

        var country = urls.Single(u => u.Element(Sm + "loc")!.Value == "http://localhost/zh/countries/CHN");
        Assert.Equal(["en", "es", "fr", "x-default", "zh-Hans"], country.Elements(Xhtml + "link").Select(l => l.Attribute("hreflang")!.Value).Order(StringComparer.Ordinal));
        Assert.Contains(urls, u => u.Element(Sm + "loc")!.Value == "http://localhost/es/themes/pension-insurance");
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/sitemaps/practices-999999.xml")).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(string engine)
    {
        var c = apps.Get(engine).ClientFor(null);
        var r = await c.GetAsync("/robots.txt");
        await r.Expect(200);
        Assert.StartsWith("text/plain", r.Content.Headers.ContentType!.ToString());
        var lines = (await r.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", lines);
        foreach (var d in new[] { "/api/", "/editor", "/review", "/account", "/fr/editor", "/zh/account" }) Assert.Contains("Disallow: " + d, lines);
        Assert.DoesNotContain("Disallow: /", lines);
    }

    private static JsonNode JsonLdOf(AngleSharp.Html.Dom.IHtmlDocument doc)
    {
        var script = doc.Head!.QuerySelectorAll("script[type='application/ld+json']").Single();
        Assert.DoesNotContain("<", script.TextContent);
        return JsonNode.Parse(script.TextContent)!;
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_practice_page_describes_itself_in_json_ld_and_a_hostile_title_cannot_escape_the_script(string engine)
    {
        var app = apps.Get(engine);
        const string hostile = "</script><script>alert(1)</script> & \"quotes\" <!--";
        var body = Http.Practice("en", "Pensions " + hostile, "Summary " + hostile);
        var id = await ReaderPagesTests.PublishedAsync(app, body, new { title = "Pensions en français", summary = "Résumé." }, "fr");
        var c = app.ClientFor(null);
        var first = await c.GetAsync($"/en/practices/{id}");
        var doc = await c.PageAsync(first.Headers.Location!.OriginalString);
        ReaderPagesTests.AssertInert(doc, "practice");
        Assert.Single(doc.QuerySelectorAll("script"));
        var ld = JsonLdOf(doc);
        Assert.Equal("https://schema.org", (string?)ld["@context"]);
        Assert.Equal("Report", (string?)ld["@type"]);
        var names = ld["name"]!.AsArray().ToDictionary(n => (string)n!["@language"]!, n => (string)n!["@value"]!);
        Assert.Equal("Pensions " + hostile, names["en"]);
        Assert.Equal("Pensions en français", names["fr"]);
        Assert.Contains(ld["description"]!.AsArray(), d => (string?)d!["@language"] == "fr" && (string?)d["@value"] == "Résumé.");
        Assert.Equal(["en", "fr"], ld["inLanguage"]!.AsArray().Select(x => (string)x!));
        var about = ld["about"]!.AsArray().Single()!;
        Assert.Equal("DefinedTerm", (string?)about["@type"]);
        Assert.Equal("http://localhost/concepts/pension-insurance", (string?)about["@id"]);
        var country = ld["spatialCoverage"]!.AsArray().Single()!;
        Assert.Equal(("Country", "CHN", "China"), ((string)country["@type"]!, (string)country["identifier"]!, (string)country["name"]!));
        Assert.Equal("Organization", (string?)ld["author"]![0]!["@type"]);
        Assert.Equal("Organization", (string?)ld["publisher"]![0]!["@type"]);
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/", (string?)ld["license"]);
        Assert.NotNull(DateTime.Parse((string)ld["dateModified"]!));
        Assert.NotNull(DateTime.Parse((string)ld["datePublished"]!));
        Assert.Equal("https://www.ilo.org/", (string?)ld["isBasedOn"]![0]!["url"]);
        Assert.Equal($"http://localhost{first.Headers.Location!.OriginalString}", (string?)ld["url"]);

        // The organisation's page exists, names it, lists the practice and describes it as an Organization.
        var orgUrl = new Uri((string)ld["author"]![0]!["url"]!).PathAndQuery;
        var org = await c.PageAsync(orgUrl.Replace("/en/", "/zh/"));
        Assert.Contains(org.QuerySelectorAll("a"), a => a.GetAttribute("href")!.Contains($"/practices/{id}/"));
        var orgLd = JsonLdOf(org);
        Assert.Equal("Organization", (string?)orgLd["@type"]);
        Assert.Equal("SEN", (string?)orgLd["location"]!["identifier"]);
        Assert.Single(orgLd["subjectOf"]!.AsArray());
        Assert.Equal(404, (int)(await c.GetAsync("/en/organisations/999999999")).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Country_pages_carry_json_ld_and_feed_links(string engine)
    {
        var c = apps.Get(engine).ClientFor(null);
        var doc = await c.PageAsync("/fr/countries/CHN");
        var ld = JsonLdOf(doc);
        Assert.Equal("Country", (string?)ld["@type"]);
        Assert.Equal("CHN", (string?)ld["identifier"]);
        Assert.Contains(ld["name"]!.AsArray(), n => (string?)n!["@language"] == "fr" && (string?)n["@value"] == "Chine");
        Assert.Equal("Place", (string?)ld["containedInPlace"]!["@type"]);
        foreach (var (page, feed) in new[] { ("/fr/countries/CHN", "/feeds/countries/CHN.atom?lang=fr"), ("/es", "/feeds/practices.atom?lang=es"), ("/zh/themes/pension-insurance", "/feeds/themes/pension-insurance.atom?lang=zh") })
        {
            var p = await c.PageAsync(page);
            var link = p.Head!.QuerySelectorAll("link[rel=alternate][type='application/atom+xml']").Single();
            Assert.Equal(feed, link.GetAttribute("href"));
            Assert.False(string.IsNullOrEmpty(link.GetAttribute("title")));
            await (await c.GetAsync(feed)).Expect(200);
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Atom_feeds_are_complete_and_in_the_feed_language(string engine)
    {
        var app = apps.Get(engine);
        var translated = await ReaderPagesTests.PublishedAsync(app, Http.Practice("en", "Skills for rural youth"),
            new { title = "Compétences pour la jeunesse rurale", summary = "Résumé en français." }, "fr");
        var untranslated = await ReaderPagesTests.PublishedAsync(app, Http.Practice("es", "Seguro de desempleo", "Resumen en español."));
        var c = app.ClientFor(null);
        foreach (var url in new[] { "/feeds/practices.atom?lang=fr", "/feeds/countries/CHN.atom?lang=fr", "/feeds/regions/asia-pacific.atom?lang=fr", "/feeds/themes/social-protection.atom?lang=fr" })
        {
            var feed = await XmlAsync(c, url, "application/atom+xml");
            var root = feed.Root!;
            Assert.Equal(Atom + "feed", root.Name);
            Assert.Equal("fr", root.Attribute(XNamespace.Xml + "lang")!.Value);
            Assert.False(string.IsNullOrEmpty(root.Element(Atom + "id")?.Value));
            Assert.False(string.IsNullOrEmpty(root.Element(Atom + "title")?.Value));
            Assert.NotNull(DateTime.Parse(root.Element(Atom + "updated")!.Value));
            Assert.NotNull(root.Element(Atom + "author")?.Element(Atom + "name"));
            Assert.Equal("http://localhost" + url, root.Elements(Atom + "link").Single(l => l.Attribute("rel")?.Value == "self").Attribute("href")!.Value);
            Assert.Single(root.Elements(Atom + "link"), l => l.Attribute("rel")?.Value == "alternate");
            var entries = root.Elements(Atom + "entry").ToList();
            Assert.InRange(entries.Count, 2, 50);
            foreach (var e in entries)
            {
                Assert.True(Uri.TryCreate(e.Element(Atom + "id")!.Value, UriKind.Absolute, out var id) && id.Scheme == "tag", e.ToString());
                Assert.NotNull(DateTime.Parse(e.Element(Atom + "updated")!.Value));
                Assert.False(string.IsNullOrEmpty(e.Element(Atom + "title")!.Value));
                Assert.StartsWith("http://localhost/fr/practices/", e.Elements(Atom + "link").Single(l => l.Attribute("rel")!.Value == "alternate").Attribute("href")!.Value);
            }
            Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
            XElement Entry(int practice) => entries.Single(e => e.Element(Atom + "id")!.Value.EndsWith($":practice/{practice}"));
            // An entry without an author of its own inherits the feed's (RFC 4287 4.1.1); ours name their organisations.
            Assert.Single(Entry(translated).Elements(Atom + "author"));
            Assert.Equal("Compétences pour la jeunesse rurale", Entry(translated).Element(Atom + "title")!.Value);
            Assert.Null(Entry(translated).Element(Atom + "title")!.Attribute(XNamespace.Xml + "lang"));
            Assert.Equal("es", Entry(untranslated).Element(Atom + "title")!.Attribute(XNamespace.Xml + "lang")!.Value);
            Assert.Equal("Resumen en español.", Entry(untranslated).Element(Atom + "summary")!.Value);
            var link = Entry(translated).Elements(Atom + "link").Single().Attribute("href")!.Value;
            await (await c.GetAsync(new Uri(link).PathAndQuery)).Expect(200); // the alternate link is the canonical page
        }
        Assert.Equal(404, (int)(await c.GetAsync("/feeds/themes/no-such-theme.atom")).StatusCode);
        Assert.Equal(404, (int)(await c.GetAsync("/feeds/countries/XXX.atom")).StatusCode);
        Assert.Equal(400, (int)(await c.GetAsync("/feeds/practices.atom?lang=de")).StatusCode);
        var zh = await XmlAsync(c, "/feeds/practices.atom?lang=zh-Hans", "application/atom+xml");
        Assert.Equal("zh-Hans", zh.Root!.Attribute(XNamespace.Xml + "lang")!.Value);
    }
}
