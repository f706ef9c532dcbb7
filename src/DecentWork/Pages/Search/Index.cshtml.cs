using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using DecentWork.Search;
using DecentWork.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Search;

/// <summary>The search page: the same engine, validation and bad-input handling as GET /api/v1/search, rendered as
/// HTML. Every piece of state (query, sort, page, ticked facet values) is a GET parameter, so a search is a URL.</summary>
public partial class IndexModel(PracticeSearch search, SearchVocabulary vocabulary, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 20;

    /// <summary>Values a facet shows until the reader asks for all of them (<c>more=KEY</c> in the URL): the most
    /// frequent ones, plus any ticked value. A search over every country listed 249 country and 90 theme checkboxes,
    /// four fifths of the page's bytes, which a reader on a slow line downloads and a screen reader reads out for each
    /// search.</summary>
    public const int FacetLimit = 10;

    public sealed record FacetOption(string Value, string Label, int Count, bool Checked);
    /// <param name="Values">How many values the facet has in all, shown or not.</param>
    /// <param name="Expanded">Whether the reader asked to see all of them.</param>
    public sealed record FacetGroup(string Key, string Legend, List<FacetOption> Options, int Values, bool Expanded);

    public string Q { get; private set; } = "";
    public string Sort { get; private set; } = "relevance";
    public int PageNumber { get; private set; } = 1;
    public List<string> Errors { get; } = [];
    public SearchResult? Result { get; private set; }
    public bool OutOfRange { get; private set; }
    public Pager Pager { get; private set; } = null!;
    public List<FacetGroup> Facets { get; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The facets shown in full (<c>more=country</c>); a key that is not a facet has nothing to expand and is dropped.</summary>
    public IReadOnlyList<string> Expanded { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        Q = Request.Query["q"].FirstOrDefault() ?? "";
        Expanded = SearchFields.FacetKeys.Where(k => Request.Query["more"].Contains(k)).ToList();
        string[]? F(string key) => Request.Query.TryGetValue(key, out var v) ? v.Where(x => x is not null).Select(x => x!).ToArray() : null;
        var parameters = new SearchApi.SearchParameters
        {
            Q = Q, Lang = lang, Sort = Request.Query["sort"].FirstOrDefault(), Page = Request.Query["page"].FirstOrDefault(),
            Size = PageSize.ToString(CultureInfo.InvariantCulture),
            Country = F("country"), Region = F("region"), Theme = F("theme"), Pillar = F("pillar"),
            Group = F("group"), Language = F("language"), Year = F("year"), Endorsed = F("endorsed"),
        };
        Sort = parameters.Sort == "date" ? "date" : "relevance";
        var (request, errors) = SearchApi.Read(parameters, await vocabulary.GetAsync(ct));
        if (request is null)
        {
            // A friendly message on the page and a 400; the query box keeps (a shortened copy of) what was typed.
            foreach (var e in errors) Errors.Add(FieldName(e.Field) + ": " + SearchApi.Message(t, e));
            if (Q.Length > SearchQueryParser.MaxLength) Q = Q[..SearchQueryParser.MaxLength];
            Q = new string(Q.Where(c => !char.IsControl(c) || c is ' ').ToArray());
            Pager = new Pager(1, 0, PageSize, PageUrl);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Filters = request.Filters;
        PageNumber = request.Page;
        Result = await search.SearchAsync(request, ct);
        OutOfRange = Result.Total > 0 && Result.Hits.Count == 0;
        Pager = new Pager(PageNumber, Result.Total, PageSize, PageUrl);
        await LoadFacetsAsync(lang, Result, ct);
        return Page();
    }

    private string FieldName(string field) => field switch
    {
        "q" => t["SearchPage.Query"],
        "country" => t["Browse.Country"], "region" => t["Field.Region"], "theme" => t["Browse.Theme"],
        "pillar" => t["Browse.Pillar"], "group" => t["Browse.Group"], "language" => t["Browse.Language"],
        "year" => t["Browse.Year"], "endorsed" => t["SearchPage.Endorsed"], "sort" => t["SearchPage.Sort"],
        "page" => t["Pager.Page"], _ => field,
    };

    /// <summary>The facet values with labels in the UI language: the <see cref="FacetLimit"/> most frequent (all of
    /// them when expanded) and every ticked value, which stays visible so it can be unticked.</summary>
    private async Task LoadFacetsAsync(string lang, SearchResult r, CancellationToken ct)
    {
        var names = (await vocabulary.GetAsync(ct)).NamesIn(lang);
        foreach (var key in SearchFields.FacetKeys)
        {
            var values = r.Facets.GetValueOrDefault(key) ?? [];
            var ticked = Filters.GetValueOrDefault(key) ?? [];
            string Label(string v) => key switch
            {
                "country" => names.Countries.GetValueOrDefault(v, v),
                "region" => names.Regions.GetValueOrDefault(v, v),
                "pillar" => names.Pillars.GetValueOrDefault(v, v),
                "theme" => names.Themes.GetValueOrDefault(v, v),
                "group" or "endorsed" => t["Group." + v],
                "language" => Catalog.Cap(t["Lang." + v]),
                _ => v,
            };
            var expanded = Expanded.Contains(key);
            // The engine lists values by count, most frequent first.
            var options = new List<FacetOption>();
            for (var i = 0; i < values.Count; i++)
            {
                var v = values[i];
                var isTicked = ticked.Contains(v.Key);
                if (expanded || i < FacetLimit || isTicked) options.Add(new FacetOption(v.Key, Label(v.Key), v.Count, isTicked));
            }
            var all = values.Count;
            foreach (var missing in ticked.Where(v => values.All(x => x.Key != v)))
            {
                options.Add(new FacetOption(missing, Label(missing), 0, true));
                all++;
            }
            if (key == "year") options = options.OrderByDescending(o => o.Value, StringComparer.Ordinal).ToList();
            if (options.Count == 0) continue;
            Facets.Add(new FacetGroup(key, FieldName(key), options, all, expanded));
        }
    }

    /// <summary>The current state as query parameters, with some changed: the URL of a page, a sort, a suggestion, a
    /// facet shown in full or cut back (<paramref name="toggle"/>). The feed has no facet lists to expand.</summary>
    public string Url(int page = 1, string? sort = null, string? q = null, string path = "search", string? toggle = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        var query = q ?? Q;
        if (query.Length > 0) pairs.Add(new("q", query));
        foreach (var (key, values) in Filters) foreach (var v in values) pairs.Add(new(key, v));
        var s = sort ?? Sort;
        if (s == "date") pairs.Add(new("sort", "date"));
        if (page > 1) pairs.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        var lang = HttpContext.Lang();
        if (path == "feed") pairs.Add(new("lang", lang));
        else
        {
            var more = toggle is null ? Expanded : Expanded.Contains(toggle) ? Expanded.Where(k => k != toggle) : Expanded.Append(toggle);
            foreach (var key in more) pairs.Add(new("more", key));
        }
        var url = QueryHelpers.AddQueryString(path == "feed" ? "/feeds/search.atom" : $"/{lang}/search", pairs);
        // Back to the facet that was opened or closed, not to the top of the page.
        return toggle is null ? url : url + "#facet-" + toggle;
    }

    public string PageUrl(int page) => Url(page);
    public string FeedUrl => Url(path: "feed");

    /// <summary>The engine's snippet is HTML-encoded text with matches in &lt;mark&gt;. It is rebuilt here so that only
    /// &lt;mark&gt; can ever come out raw: every other part is decoded and encoded again, tags balanced.</summary>
    public static IHtmlContent SafeSnippet(string snippet)
    {
        // What the engine writes is already in that form, and is passed on as it is once checked; rebuilding every
        // snippet (split, decode, encode) was a third of what the page allocated in strings.
        if (IsMarkedText(snippet)) return new HtmlString(snippet);
        var sb = new StringBuilder(snippet.Length + 16);
        var open = false;
        foreach (var part in MarkTag().Split(snippet))
        {
            if (part == "<mark>") { if (!open) sb.Append("<mark>"); open = true; }
            else if (part == "</mark>") { if (open) sb.Append("</mark>"); open = false; }
            else sb.Append(WebUtility.HtmlEncode(WebUtility.HtmlDecode(part)));
        }
        if (open) sb.Append("</mark>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>Text in which every <c>&lt;</c> starts a <c>&lt;mark&gt;</c> or <c>&lt;/mark&gt;</c> (alternating, the last
    /// closed), every <c>&amp;</c> one of the five entities the engine's encoder writes, and no <c>&gt;</c> or quote stands
    /// outside those: HTML with no element but mark, and no attribute.</summary>
    internal static bool IsMarkedText(string s)
    {
        var open = false;
        var i = 0;
        while (true)
        {
            var j = s.AsSpan(i).IndexOfAny("<>&\"'");
            if (j < 0) return !open;
            i += j;
            var rest = s.AsSpan(i);
            if (!open && rest.StartsWith("<mark>")) { open = true; i += 6; }
            else if (open && rest.StartsWith("</mark>")) { open = false; i += 7; }
            else if (rest.StartsWith("&amp;") || rest.StartsWith("&lt;") || rest.StartsWith("&gt;") || rest.StartsWith("&quot;") || rest.StartsWith("&#39;")) i += rest.IndexOf(';') + 1;
            else return false;
        }
    }

    [GeneratedRegex("(</?mark>)")]
    private static partial Regex MarkTag();
}
