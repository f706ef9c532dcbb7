using System.Net;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using DecentWork.Pages.Search;
using DecentWork.Tests.Infrastructure;
using static DecentWork.Tests.Search.SearchDriver;

namespace DecentWork.Tests.Search;

/// <summary>The reader-facing search surfaces: /{lang}/search, "similar practices" on a practice page, the search feed.</summary>
[Collection("search")]
public class SearchPageTests(SearchApps apps)
{
    public static TheoryData<string> Engines => SearchApps.Engines;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<IHtmlDocument> PageAsync(HttpClient c, string url, int status = 200)
    {
        var r = await c.GetAsync(url);
        var html = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == status, $"{url}: {(int)r.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return await Html.ParseAsync(r);
    }

    private static List<string> ResultLinks(IHtmlDocument doc)
        => doc.QuerySelectorAll(".search-results .card-title a").Select(a => a.GetAttribute("href")!).ToList();

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_page_finds_a_published_practice_with_a_highlighted_snippet_and_no_injected_markup(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var id = await s.PublishAsync(Body("en", $"<script>alert(1)</script> Youth apprenticeships {tag} <img src=x onerror=alert(1)>",
            $"Apprenticeships {tag} for young workers <b onmouseover=alert(2)>in rural areas</b> & towns."));

        var doc = await PageAsync(s.Anonymous, "/en/search?q=" + tag);
        Assert.Single(doc.QuerySelectorAll("h1"));
        Assert.Contains(ResultLinks(doc), h => h.StartsWith($"/en/practices/{id}/"));
        var card = doc.QuerySelectorAll(".search-results .card").Single(c => c.QuerySelector("a")!.GetAttribute("href")!.StartsWith($"/en/practices/{id}/"));
        Assert.Contains("<script>alert(1)</script>", card.QuerySelector(".card-title a")!.TextContent); // shown as text
        var snippet = card.QuerySelector(".card-snippet")!;
        Assert.Contains(snippet.QuerySelectorAll("mark"), m => m.TextContent == tag);
        Assert.All(snippet.Children, e => Assert.Equal("MARK", e.TagName));
        Assert.Contains("<b onmouseover", snippet.TextContent);
        Assert.Empty(doc.QuerySelectorAll("main script, main img, main b"));
        // The feed of this search is linked in the head and visibly.
        Assert.Contains(doc.QuerySelectorAll("link[rel=alternate][type='application/atom+xml']"), l => l.GetAttribute("href")!.StartsWith("/feeds/search.atom?q=" + tag));
        Assert.NotEmpty(doc.QuerySelectorAll("main a[href^='/feeds/search.atom']"));
        // The header search box leads here.
        Assert.Equal("/en/search", doc.QuerySelector("header form[role=search]")!.GetAttribute("action"));
        // In French, the English title keeps its language.
        var fr = await PageAsync(s.Anonymous, "/fr/search?q=" + tag);
        Assert.Equal("en", fr.QuerySelector($".search-results a[href^='/fr/practices/{id}/']")!.GetAttribute("lang"));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Facet_checkboxes_narrow_the_results_and_the_URL_holds_the_state(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var sen = await s.PublishAsync(Body("fr", $"Formation des apprentis {tag}", $"Apprentissage {tag} au Sénégal.", countries: ["SEN"]), wait: false);
        var chn = await s.PublishAsync(Body("zh", $"学徒培训 {tag}", $"学徒制 {tag} 在中国。", countries: ["CHN"]));

        var doc = await PageAsync(s.Anonymous, "/en/search?q=" + tag);
        var form = doc.QuerySelectorAll("form").Single(f => f.QuerySelector("fieldset input[type=checkbox]") is not null);
        Assert.Equal("get", form.GetAttribute("method"));
        var box = form.QuerySelector("input[type=checkbox][name=country][value=SEN]")!;
        Assert.NotNull(doc.QuerySelector($"label[for='{box.Id}']"));
        Assert.Contains("(1)", doc.QuerySelector($"label[for='{box.Id}']")!.TextContent);
        Assert.Contains(form.QuerySelectorAll("legend"), l => l.TextContent.Length > 0);
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        // What ticking SEN submits: the form's action with its fields.
        var url = "/en/search?q=" + tag + "&country=SEN";
        var narrowed = await PageAsync(s.Anonymous, url);
        Assert.Equal([sen], ResultLinks(narrowed).Select(IdOf).ToList());
        Assert.True(narrowed.QuerySelector("input[type=checkbox][name=country][value=SEN]")!.HasAttribute("checked"));
        // Links keep the state: sort and feed carry the filter.
        Assert.All(narrowed.QuerySelectorAll("main a[href*='sort=date']"), a => Assert.Contains("country=SEN", a.GetAttribute("href")));
        Assert.Contains(narrowed.QuerySelectorAll("main a[href^='/feeds/search.atom']"), a => a.GetAttribute("href")!.Contains("country=SEN"));
        // Two values of one facet: either.
        var both = await PageAsync(s.Anonymous, url + "&country=CHN");
        Assert.Equal(new[] { sen, chn }.Order(), ResultLinks(both).Select(IdOf).Order());
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_long_facet_shows_its_most_frequent_values_and_a_link_to_all_of_them(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        string[] twelve = ["ARG", "BOL", "BRA", "CHL", "CHN", "COL", "ECU", "MEX", "PER", "PRY", "URY", "VEN"];
        // Senegal in two practices, so it is the most frequent country and must be among those shown.
        await s.PublishAsync(Body("es", $"Diálogo social regional {tag}", $"Consejos tripartitos {tag} en doce países.", countries: twelve), wait: false);
        await s.PublishAsync(Body("fr", $"Dialogue social au Sénégal {tag}", $"Le Haut Conseil du dialogue social {tag}.", countries: ["SEN"]), wait: false);
        await s.PublishAsync(Body("zh", $"塞内加尔社会对话 {tag}", $"三方协商 {tag}。", countries: ["SEN"]));

        IReadOnlyList<string> Countries(IHtmlDocument d) => d.QuerySelectorAll("#facet-country input[type=checkbox]").Select(i => i.GetAttribute("value")!).ToList();
        var doc = await PageAsync(s.Anonymous, "/es/search?q=" + tag);
        var shown = Countries(doc);
        Assert.Equal(IndexModel.FacetLimit, shown.Count);
        Assert.Equal("SEN", shown[0]);
        Assert.Contains("(2)", doc.QuerySelector("label[for='facet-country-0']")!.TextContent);
        var more = doc.QuerySelector("#facet-country .facet-toggle a")!;
        Assert.StartsWith("Mostrar los 13", more.TextContent);
        Assert.Contains("País", more.QuerySelector(".visually-hidden")!.TextContent);
        // Short facets have no link.
        Assert.Null(doc.QuerySelector("#facet-language .facet-toggle"));

        // The link opens the list (the URL keeps the query and comes back to the facet) and then offers to close it.
        var href = more.GetAttribute("href")!;
        Assert.Equal($"/es/search?q={tag}&more=country#facet-country", href);
        var all = await PageAsync(s.Anonymous, href.Split('#')[0]);
        Assert.Equal(twelve.Append("SEN").Order(), Countries(all).Order());
        var fewer = all.QuerySelector("#facet-country .facet-toggle a")!;
        Assert.StartsWith("Mostrar menos", fewer.TextContent);
        Assert.Equal($"/es/search?q={tag}#facet-country", fewer.GetAttribute("href"));
        // Applying filters from the opened list keeps it open; other links keep the state too.
        Assert.Contains(all.QuerySelectorAll(".filters form input[type=hidden][name=more]"), i => i.GetAttribute("value") == "country");
        Assert.All(all.QuerySelectorAll("main a[href*='sort=date']"), a => Assert.Contains("more=country", a.GetAttribute("href")));

        // A ticked value stays visible (so it can be unticked) even when it is not among the most frequent.
        var hidden = twelve.Except(shown).First();
        var ticked = await PageAsync(s.Anonymous, $"/zh/search?q={tag}&country={hidden}");
        Assert.Equal(IndexModel.FacetLimit + 1, Countries(ticked).Count);
        Assert.True(ticked.QuerySelector($"#facet-country input[value={hidden}]")!.HasAttribute("checked"));
        Assert.StartsWith("显示全部 13 项", ticked.QuerySelector("#facet-country .facet-toggle a")!.TextContent);
        // A key that is not a facet has nothing to open: it is dropped, and the page is the same as without it.
        var unknown = await PageAsync(s.Anonymous, $"/fr/search?q={tag}&more=nothing&more=<script>");
        Assert.Equal(IndexModel.FacetLimit, Countries(unknown).Count);
        Assert.Empty(unknown.QuerySelectorAll("input[name=more]"));
        Assert.StartsWith("Afficher les 13", unknown.QuerySelector("#facet-country .facet-toggle a")!.TextContent);
    }

    private static int IdOf(string href) => int.Parse(href.Split('/')[3]);

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Bad_input_gets_a_friendly_message_never_a_500(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var bad = new[]
        {
            "q=" + Uri.EscapeDataString("\"unbalanced quote"), "q=-", "q=AND", "q=%22", "q=" + new string('a', 10_000),
            "q=" + Uri.EscapeDataString("pay\u0001gap"), "q=pay&country=XXX", "q=pay&theme=nope", "q=pay&year=abc", "q=pay&page=9999",
            "q=pay&page=abc", "q=pay&page=0", "q=pay&page=400", "q=pay&sort=weird", "q=pay&region=%3Cscript%3E", "q=" + Uri.EscapeDataString("<script>"),
        };
        foreach (var query in bad)
        {
            var r = await s.Anonymous.GetAsync("/en/search?" + query);
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{query}: {(int)r.StatusCode}");
            var doc = await Html.ParseAsync(r);
            Assert.Single(doc.QuerySelectorAll("h1"));
            Assert.Empty(doc.QuerySelectorAll("main script"));
            if (r.StatusCode == HttpStatusCode.BadRequest)
                Assert.NotEmpty(doc.QuerySelector("[role=alert]")!.TextContent.Trim());
            var feed = await s.Anonymous.GetAsync("/feeds/search.atom?" + query);
            Assert.True(feed.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"feed {query}: {(int)feed.StatusCode}");
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Similar_practices_show_a_related_practice_in_another_language(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var en = await s.PublishAsync(Body("en", $"Rural pension coverage {tag}", $"A basic pension {tag} for older rural workers.",
            themes: ["pension-insurance"]), wait: false);
        var fr = await s.PublishAsync(Body("fr", $"Retraite des travailleurs ruraux {tag}", $"Une pension de base {tag} pour les travailleurs âgés.",
            themes: ["pension-insurance"]));

        var r = await s.Anonymous.GetAsync($"/en/practices/{en}");
        if (r.StatusCode == HttpStatusCode.MovedPermanently) r = await s.Anonymous.GetAsync(r.Headers.Location!);
        await r.Expect(200);
        var doc = await Html.ParseAsync(r);
        var links = doc.QuerySelectorAll(".similar a").ToList();
        Assert.InRange(links.Count, 1, 5);
        var related = Assert.Single(links, a => a.GetAttribute("href")!.StartsWith($"/en/practices/{fr}/"));
        Assert.Equal("fr", related.GetAttribute("lang"));
        Assert.StartsWith("Retraite", related.TextContent);
        Assert.DoesNotContain(links, a => a.GetAttribute("href")!.StartsWith($"/en/practices/{en}/"));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_search_feed_is_Atom_with_the_matching_entry(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var id = await s.PublishAsync(Body("es", $"Seguro de desempleo {tag}", $"Un seguro {tag} para trabajadores."));

        var r = await s.Anonymous.GetAsync($"/feeds/search.atom?q={tag}&lang=fr");
        await r.Expect(200);
        Assert.StartsWith("application/atom+xml", r.Content.Headers.ContentType!.ToString());
        var root = XDocument.Parse(await r.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Atom + "feed", root.Name);
        Assert.Equal("fr", root.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.False(string.IsNullOrEmpty(root.Element(Atom + "id")?.Value));
        Assert.Contains(tag, root.Element(Atom + "title")!.Value);
        Assert.NotNull(root.Element(Atom + "updated"));
        Assert.NotNull(root.Element(Atom + "author")?.Element(Atom + "name"));
        var entry = Assert.Single(root.Elements(Atom + "entry"));
        Assert.StartsWith("Seguro de desempleo", entry.Element(Atom + "title")!.Value);
        Assert.Equal("es", entry.Element(Atom + "title")!.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.Contains($"/fr/practices/{id}/", entry.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.NotNull(entry.Element(Atom + "id"));
        Assert.NotNull(entry.Element(Atom + "updated"));
        // An unknown filter value is a 400, as in the API.
        await (await s.Anonymous.GetAsync($"/feeds/search.atom?q={tag}&country=XXX")).Expect(400);
    }
}
