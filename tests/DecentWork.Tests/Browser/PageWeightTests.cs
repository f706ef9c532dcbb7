using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DecentWork.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DecentWork.Tests.Browser;

/// <summary>What a reader on a slow line downloads: compressed pages, assets cached for a year, 304 on a second visit.
/// Plain HTTP on the real port (no browser needed), so these run everywhere.</summary>
[Collection("browser")]
public partial class PageWeightTests(ReaderSite site, ITestOutputHelper output)
{
    private const int FirstVisitBudget = 60 * 1024;
    private const int NextVisitBudget = 15 * 1024;

    public sealed record Weight(string Page, string Lang, long Html, long HtmlRaw, long Assets, long First, long Next, int NextStatus);

    [GeneratedRegex("""<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)""")]
    private static partial Regex AssetRefs();

    private static long HeaderBytes(HttpResponseMessage r)
        => r.Headers.Concat(r.Content.Headers).Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v.Length)) + 17;

    /// <summary>First visit: the page and its assets with Brotli; next visit: the page revalidated with its ETag, assets
    /// from the cache (they are immutable). Bytes are what travels: compressed bodies plus response headers.</summary>
    internal static async Task<Weight> MeasureAsync(ReaderSite site, HttpClient c, PageType type, string lang)
    {
        var url = type.Url(site, lang);
        async Task<HttpResponseMessage> Get(string u, string? etag = null)
        {
            for (var hops = 0; ; hops++)
            {
                var req = new HttpRequestMessage(HttpMethod.Get, u);
                req.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
                if (etag is not null) req.Headers.TryAddWithoutValidation("If-None-Match", etag);
                var r = await c.SendAsync(req);
                if ((int)r.StatusCode is 301 or 302 && hops < 3) { u = r.Headers.Location!.OriginalString; continue; }
                return r;
            }
        }
        var page = await Get(url);
        Assert.Equal(type.Status, (int)page.StatusCode);
        var body = await page.Content.ReadAsByteArrayAsync();
        var encoding = page.Content.Headers.ContentEncoding.SingleOrDefault();
        Assert.True(encoding == "br", $"{url} ({(int)page.StatusCode}) sent with Content-Encoding {encoding ?? "none"}");
        var html = Decompress(body);
        long assets = 0;
        foreach (Match m in AssetRefs().Matches(html))
        {
            var href = WebUtility.HtmlDecode(m.Groups[1].Value);
            Assert.StartsWith("/", href); // no third-party requests
            Assert.Contains("?v=", href);  // fingerprinted
            var a = await Get(href);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            var cc = a.Headers.CacheControl!;
            Assert.True(cc.Public && cc.MaxAge == TimeSpan.FromDays(365) && cc.Extensions.Any(e => e.Name == "immutable"), $"{href}: Cache-Control {cc}");
            assets += (await a.Content.ReadAsByteArrayAsync()).Length + HeaderBytes(a);
        }
        var first = body.Length + HeaderBytes(page) + assets;
        var etag = page.Headers.ETag?.ToString();
        var again = await Get(url, etag);
        var next = (await again.Content.ReadAsByteArrayAsync()).Length + HeaderBytes(again);
        return new Weight(type.Name, lang, body.Length, Encoding.UTF8.GetByteCount(html), assets, first, next, (int)again.StatusCode);
    }

    private static string Decompress(byte[] br)
    {
        using var s = new System.IO.Compression.BrotliStream(new MemoryStream(br), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Practice_and_search_pages_stay_within_the_budget_on_a_first_and_a_next_visit()
    {
        using var c = site.Http1(followRedirects: false);
        foreach (var lang in PageTypes.Languages)
            foreach (var name in new[] { "practice", "search" })
            {
                var w = await MeasureAsync(site, c, PageTypes.Named(name), lang);
                output.WriteLine($"{name} {lang}: first {w.First} B, next {w.Next} B ({w.NextStatus})");
                Assert.True(w.First <= FirstVisitBudget, $"{name} ({lang}) first visit {w.First} B > {FirstVisitBudget}");
                Assert.True(w.Next <= NextVisitBudget, $"{name} ({lang}) next visit {w.Next} B > {NextVisitBudget}");
                Assert.Equal(304, w.NextStatus);
            }
    }

    /// <summary>Every page type, measured and written to page-weights.md (signed-in pages through the sign-in form).</summary>
    [Fact]
    public async Task Every_page_type_is_compressed_and_its_weights_are_reported()
    {
        using var anonymous = site.Http1(followRedirects: false);
        using var editor = await site.CookieClientAsync(site.Editor);
        var rows = new List<Weight>();
        foreach (var type in PageTypes.All)
            foreach (var lang in new[] { "en", "zh" })
                rows.Add(await MeasureAsync(site, type.SignedIn ? editor : anonymous, type, lang));

        var report = new StringBuilder("| page type | lang | HTML raw | HTML br | CSS+JS | first visit | next visit |\n|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var w in rows)
            report.Append($"| {w.Page} | {w.Lang} | {w.HtmlRaw:N0} | {w.Html:N0} | {w.Assets:N0} | {w.First:N0} | {w.Next:N0} ({w.NextStatus}) |\n");
        File.WriteAllText(Path.Combine(ReaderSite.OutputFolder, "page-weights.md"), report.ToString());
        output.WriteLine(report.ToString());
        // The design's ceiling for any page: a reader on a slow line never waits for more than this.
        foreach (var w in rows) Assert.True(w.First <= 100 * 1024, $"{w.Page} ({w.Lang}) first visit {w.First} B");
    }

    [Fact]
    public async Task A_changed_page_gets_a_new_etag_and_a_stale_one_gets_the_whole_page()
    {
        using var c = site.Http1(followRedirects: false);
        var url = PageTypes.Named("practice").Url(site, "en");
        var first = await c.GetAsync(url);
        if ((int)first.StatusCode == 301) first = await c.GetAsync(first.Headers.Location!.OriginalString);
        var etag = first.Headers.ETag!.ToString();
        Assert.StartsWith("W/\"", etag);
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());

        var stale = new HttpRequestMessage(HttpMethod.Get, first.RequestMessage!.RequestUri);
        stale.Headers.TryAddWithoutValidation("If-None-Match", "W/\"not-this-one\"");
        var full = await c.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(etag, full.Headers.ETag!.ToString());

        // The same page in another UI language is another page.
        var zh = await c.GetAsync(first.RequestMessage.RequestUri!.AbsolutePath.Replace("/en/", "/zh/"));
        Assert.NotEqual(etag, zh.Headers.ETag?.ToString());
    }
}
