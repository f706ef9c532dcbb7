using System.Xml;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DecentWork.OpenData;

/// <summary>/sitemap.xml (an index), /sitemaps/pages.xml (static, country, theme and organisation pages) and
/// /sitemaps/practices-{n}.xml. Practice sitemap n covers the id range ((n-1)·k, n·k] with k = SitemapSize / 4: a
/// practice yields one URL per language, so a file never passes the protocol's 50,000 URLs, and each file is one
/// range scan, never an offset.</summary>
public static class Sitemaps
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string Xhtml = "http://www.w3.org/1999/xhtml";

    private static IQueryable<Practice> Public(AppDb db) => db.Practices.AsNoTracking().Where(p => p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn);
    private static int IdsPerFile(OpenDataOptions o) => Math.Max(1, o.SitemapSize / Languages.Supported.Length);
    private static string Date(DateTime d) => OaiRequest.Stamp(d);

    public static void MapSitemaps(this WebApplication app)
    {
        app.MapGet("/sitemap.xml", IndexAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/sitemaps/pages.xml", PagesAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/sitemaps/practices-{n:int}.xml", PracticesAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/robots.txt", (HttpRequest req, PublicSite site) =>
        {
            var lines = new List<string> { "User-agent: *", "Disallow: /api/", "Disallow: /oai" };
            // Pages live under a language prefix; not every crawler understands wildcards, so each prefix is listed.
            foreach (var area in new[] { "editor", "review", "account" })
            {
                lines.Add($"Disallow: /{area}");
                lines.AddRange(Languages.Supported.Select(l => $"Disallow: /{l}/{area}"));
            }
            lines.Add("");
            lines.Add($"Sitemap: {site.BaseUrl(req)}/sitemap.xml");
            return Results.Text(string.Join('\n', lines) + "\n", "text/plain; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task IndexAsync(HttpContext http, AppDb db, PublicSite site, IOptions<OpenDataOptions> options, CancellationToken ct)
    {
        var k = IdsPerFile(options.Value);
        var files = await Public(db).GroupBy(p => (p.Id - 1) / k).Select(g => new { N = g.Key + 1, Last = g.Max(p => p.PublishedAt ?? p.UpdatedAt) })
            .OrderBy(g => g.N).ToListAsync(ct);
        var baseUrl = site.BaseUrl(http.Request);
        http.Response.ContentType = "application/xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        w.WriteStartDocument();
        w.WriteStartElement("sitemapindex", Ns);
        Entry(w, $"{baseUrl}/sitemaps/pages.xml", null);
        foreach (var f in files) Entry(w, $"{baseUrl}/sitemaps/practices-{f.N}.xml", f.Last);
        w.WriteEndElement();

        static void Entry(XmlWriter w, string loc, DateTime? last)
        {
            w.WriteStartElement("sitemap", Ns);
            w.WriteElementString("loc", Ns, loc);
            if (last is { } d) w.WriteElementString("lastmod", Ns, Date(d));
            w.WriteEndElement();
        }
    }

    private static async Task<IResult> PracticesAsync(int n, HttpContext http, AppDb db, PublicSite site, IOptions<OpenDataOptions> options, CancellationToken ct)
    {
        var k = IdsPerFile(options.Value);
        if (n < 1 || n > int.MaxValue / k) return Results.NotFound();
        var (low, high) = ((n - 1) * k, n * k);
        if (!await Public(db).AnyAsync(p => p.Id > low && p.Id <= high, ct)) return Results.NotFound();
        var baseUrl = site.BaseUrl(http.Request);
        // One row per published text, in id order, streamed: a practice's texts are gathered, written, forgotten.
        var rows = db.PracticeTexts.AsNoTracking()
            .Where(t => t.PracticeId > low && t.PracticeId <= high && t.PublishedTitle != null && Public(db).Any(p => p.Id == t.PracticeId))
            .OrderBy(t => t.PracticeId).ThenBy(t => t.Language)
            .Select(t => new { t.PracticeId, t.Language, t.IsOriginal, t.PublishedTitle, Last = db.Practices.Where(p => p.Id == t.PracticeId).Select(p => p.PublishedAt ?? p.UpdatedAt).First() })
            .AsAsyncEnumerable();
        http.Response.ContentType = "application/xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        Start(w);
        var group = new List<(string Lang, bool Original, string Path)>();
        DateTime last = default;
        var current = 0;
        async Task FlushAsync()
        {
            if (group.Count == 0) return;
            var original = group.FirstOrDefault(g => g.Original);
            var alternates = group.Where(g => Languages.IsSupported(g.Lang)).Select(g => (g.Lang, g.Path)).ToList();
            foreach (var (_, path) in alternates) Url(w, baseUrl, path, last, alternates, (original.Path ?? alternates[0].Path));
            group.Clear();
            await xml.FlushAsync(ct);
        }
        await foreach (var r in rows.WithCancellation(ct))
        {
            if (r.PracticeId != current) { await FlushAsync(); current = r.PracticeId; }
            last = r.Last;
            if (Languages.IsSupported(r.Language))
                group.Add((r.Language, r.IsOriginal, $"/{r.Language}/practices/{r.PracticeId}/{Uri.EscapeDataString(Slug.From(r.PublishedTitle))}"));
        }
        await FlushAsync();
        w.WriteEndElement();
        return Results.Empty;
    }

    private static async Task PagesAsync(HttpContext http, AppDb db, PublicSite site, CancellationToken ct)
    {
        var baseUrl = site.BaseUrl(http.Request);
        var countries = await db.Countries.AsNoTracking().OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(ct);
        var concepts = await db.Concepts.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var organisations = await db.PracticeOrganisations.AsNoTracking().Where(o => Public(db).Any(p => p.Id == o.PracticeId))
            .Select(o => o.OrganisationId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var paths = new List<string> { "", "/practices", "/themes", "/countries" };
        paths.AddRange(countries.Select(c => "/countries/" + c));
        paths.AddRange(concepts.Select(c => "/themes/" + Uri.EscapeDataString(c)));
        paths.AddRange(organisations.Select(o => "/organisations/" + o));
        http.Response.ContentType = "application/xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        Start(w);
        foreach (var path in paths)
        {
            // Static pages exist in every UI language; x-default is English, where "/" would send a new reader.
            var alternates = Languages.Supported.Select(l => (l, $"/{l}{path}")).ToList();
            foreach (var (_, p) in alternates) Url(w, baseUrl, p, null, alternates, $"/{Languages.Default}{path}");
            await xml.FlushAsync(ct);
        }
        w.WriteEndElement();
    }

    private static void Start(XmlWriter w)
    {
        w.WriteStartDocument();
        w.WriteStartElement("urlset", Ns);
        w.WriteAttributeString("xmlns", "xhtml", null, Xhtml);
    }

    private static void Url(XmlWriter w, string baseUrl, string path, DateTime? last, List<(string Lang, string Path)> alternates, string xDefault)
    {
        w.WriteStartElement("url", Ns);
        w.WriteElementString("loc", Ns, baseUrl + path);
        if (last is { } d) w.WriteElementString("lastmod", Ns, Date(d));
        foreach (var (lang, p) in alternates) Link(w, Languages.HtmlTag(lang), baseUrl + p);
        Link(w, "x-default", baseUrl + xDefault);
        w.WriteEndElement();

        static void Link(XmlWriter w, string hreflang, string href)
        {
            w.WriteStartElement("xhtml", "link", Xhtml);
            w.WriteAttributeString("rel", "alternate");
            w.WriteAttributeString("hreflang", hreflang);
            w.WriteAttributeString("href", href);
            w.WriteEndElement();
        }
    }
}
