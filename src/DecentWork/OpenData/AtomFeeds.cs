using System.Globalization;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using DecentWork.Practices;
using DecentWork.Search;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace DecentWork.OpenData;

/// <summary>Atom feeds (RFC 4287) of the latest published practices: all, per theme (with its narrower concepts),
/// per country, per ILO region. ?lang= picks the feed's language; an entry not translated into it keeps its
/// original text, marked with xml:lang.</summary>
public static class AtomFeeds
{
    private const string Atom = "http://www.w3.org/2005/Atom";
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";

    public static string Path(string kind, string? id, string lang)
        => (kind == "practices" ? "/feeds/practices.atom" : $"/feeds/{kind}/{Uri.EscapeDataString(id!)}.atom") + "?lang=" + lang;

    public static void MapAtomFeeds(this WebApplication app)
    {
        app.MapGet("/feeds/search.atom", SearchFeedAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/feeds/practices.atom", (HttpContext http, FeedSources s, CancellationToken ct) => FeedAsync(http, s, "practices", null, ct)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/feeds/themes/{id}.atom", (string id, HttpContext http, FeedSources s, CancellationToken ct) => FeedAsync(http, s, "themes", id, ct)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/feeds/countries/{id}.atom", (string id, HttpContext http, FeedSources s, CancellationToken ct) => FeedAsync(http, s, "countries", id, ct)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/feeds/regions/{id}.atom", (string id, HttpContext http, FeedSources s, CancellationToken ct) => FeedAsync(http, s, "regions", id, ct)).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> FeedAsync(HttpContext http, FeedSources s, string kind, string? id, CancellationToken ct)
    {
        var asked = http.Request.Query["lang"];
        var lang = asked.Count == 0 ? Languages.Default : asked.Count == 1 ? Languages.Normalize(asked[0]) : null;
        if (lang is null)
            return Results.Problem(title: "Unsupported language", detail: "lang must be one of " + string.Join(", ", Languages.Supported) + ".", statusCode: 400);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
        var selection = await s.SelectAsync(kind, id, lang, ct);
        if (selection is null) return Results.NotFound();
        var (query, title, pagePath) = selection.Value;
        var entries = await s.EntriesAsync(query, lang, ct);
        await WriteAsync(http, s, lang, title, Path(kind, id, lang), pagePath, entries, ct);
        return Results.Empty;
    }

    /// <summary>The feed of any search: the same parameters and validation as GET /api/v1/search (a 400 naming each
    /// mistake otherwise), the feed's size of matches, newest first — a feed reader wants what is new, whatever the
    /// relevance order of the page; the sort parameter is ignored here.</summary>
    private static async Task<IResult> SearchFeedAsync(HttpContext http, [Microsoft.AspNetCore.Http.AsParameters] SearchApi.SearchParameters parameters,
        FeedSources s, PracticeSearch search, SearchVocabulary vocabulary, CancellationToken ct)
    {
        var (request, errors) = SearchApi.Read(parameters, await vocabulary.GetAsync(ct));
        if (request is null)
            return Results.ValidationProblem(
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => SearchApi.Message(s.T, e)).ToArray()),
                title: s.T["Error.ValidationTitle"]);
        var lang = parameters.Lang is { Length: > 0 } ? request.Lang : Languages.Default;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
        var result = await search.SearchAsync(request with { Lang = lang, ByDate = true, Page = 1, Size = s.FeedSize }, ct);
        var entries = await s.EntriesAsync(result.Hits.Select(h => h.Id).ToList(), lang, ct);
        var state = http.Request.Query.Where(kv => kv.Key is not ("lang" or "page" or "size"))
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v))).ToList();
        var title = string.IsNullOrWhiteSpace(request.Q) || request.Q.Trim() == "*" ? s.T["SearchPage.FeedAll"] : s.T["SearchPage.FeedTitle", request.Q.Trim()];
        var self = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/feeds/search.atom", state.Append(new("lang", lang)));
        var page = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/{lang}/search", state);
        await WriteAsync(http, s, lang, title, self, page, entries, ct);
        return Results.Empty;
    }

    private static async Task WriteAsync(HttpContext http, FeedSources s, string lang, string title, string selfPath, string pagePath, List<FeedEntry> entries, CancellationToken ct)
    {
        var baseUrl = s.Site.BaseUrl(http.Request);
        var host = new Uri(baseUrl).Host;
        http.Response.ContentType = "application/atom+xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        w.WriteStartDocument();
        w.WriteStartElement("feed", Atom);
        w.WriteAttributeString("xml", "lang", XmlNs, Languages.HtmlTag(lang));
        var self = baseUrl + selfPath;
        w.WriteElementString("id", Atom, self);
        w.WriteElementString("title", Atom, XmlOut.Clean($"{title} · {s.T["Site.Name"]}"));
        w.WriteElementString("subtitle", Atom, s.T["OpenData.FeedSubtitle"]);
        w.WriteElementString("updated", Atom, OaiRequest.Stamp(entries.Count > 0 ? entries.Max(e => e.Updated) : s.Clock.GetUtcNow().UtcDateTime));
        Author(w, s.T["Site.Name"], baseUrl);
        Link(w, "self", "application/atom+xml", null, self);
        Link(w, "alternate", "text/html", lang, baseUrl + pagePath);
        foreach (var e in entries)
        {
            w.WriteStartElement("entry", Atom);
            w.WriteElementString("id", Atom, $"tag:{host},{e.Created:yyyy-MM-dd}:practice/{e.Id}");
            Text(w, "title", e.Title, e.Language == lang ? null : e.Language);
            w.WriteElementString("updated", Atom, OaiRequest.Stamp(e.Updated));
            if (e.Published is { } published) w.WriteElementString("published", Atom, OaiRequest.Stamp(published));
            foreach (var (orgId, name) in e.Authors) Author(w, name, $"{baseUrl}/{lang}/organisations/{orgId}");
            Link(w, "alternate", "text/html", e.Language, $"{baseUrl}/{lang}/practices/{e.Id}/{Uri.EscapeDataString(Slug.From(e.Title))}");
            if (e.Summary.Length > 0) Text(w, "summary", e.Summary, e.Language == lang ? null : e.Language);
            w.WriteEndElement();
            await xml.FlushAsync(ct);
        }
        w.WriteEndElement();
    }

    private static void Text(System.Xml.XmlWriter w, string name, string text, string? lang)
    {
        w.WriteStartElement(name, Atom);
        w.WriteAttributeString("type", "text");
        if (lang is not null) w.WriteAttributeString("xml", "lang", XmlNs, Languages.HtmlTag(lang));
        w.WriteString(XmlOut.Clean(text));
        w.WriteEndElement();
    }

    private static void Author(System.Xml.XmlWriter w, string name, string uri)
    {
        w.WriteStartElement("author", Atom);
        w.WriteElementString("name", Atom, XmlOut.Clean(name));
        w.WriteElementString("uri", Atom, uri);
        w.WriteEndElement();
    }

    private static void Link(System.Xml.XmlWriter w, string rel, string type, string? hreflang, string href)
    {
        w.WriteStartElement("link", Atom);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        if (hreflang is not null) w.WriteAttributeString("hreflang", Languages.HtmlTag(hreflang));
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }
}

public sealed record FeedEntry(int Id, string Title, string Summary, string Language, DateTime Updated, DateTime? Published, DateTime Created, List<(int Id, string Name)> Authors);

/// <summary>What a feed lists, read with the catalogue's definition of public.</summary>
public sealed class FeedSources(AppDb db, OaiRecords records, IStringLocalizer<SharedResource> t, PublicSite site, IOptions<OpenDataOptions> options, TimeProvider clock)
{
    public IStringLocalizer T => t;
    public PublicSite Site => site;
    public TimeProvider Clock => clock;
    public int FeedSize => Math.Clamp(options.Value.FeedSize, 1, 100);

    /// <summary>The entries for these practices (public ones only), newest first.</summary>
    public Task<List<FeedEntry>> EntriesAsync(IReadOnlyList<int> ids, string lang, CancellationToken ct)
    {
        var list = ids.ToList();
        return list.Count == 0 ? Task.FromResult(new List<FeedEntry>()) : EntriesAsync(Catalog.Public(db).Where(p => list.Contains(p.Id)), lang, ct);
    }

    public async Task<(IQueryable<Practice> Query, string Title, string PagePath)?> SelectAsync(string kind, string? id, string lang, CancellationToken ct)
    {
        var q = Catalog.Public(db);
        switch (kind)
        {
            case "practices":
                return (q, t["OpenData.FeedLatest"], $"/{lang}");
            case "themes":
                var ids = await records.ThemeWithNarrowerAsync(id!, ct);
                if (ids.Count == 0) return null;
                var label = await db.ConceptLabels.AsNoTracking().Where(l => l.ConceptId == id && l.Kind == Thesaurus.LabelKind.Pref && (l.Language == lang || l.Language == "en"))
                    .OrderBy(l => l.Language == lang ? 0 : 1).Select(l => l.Text).FirstOrDefaultAsync(ct) ?? id!;
                return (q.Where(p => p.Concepts.Any(c => ids.Contains(c.ConceptId))), t["OpenData.FeedTheme", label], $"/{lang}/themes/{Uri.EscapeDataString(id!)}");
            case "countries":
                var code = id!.ToUpperInvariant();
                var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
                if (country is null) return null;
                return (q.Where(p => p.Countries.Any(c => c.CountryCode == code)), t["OpenData.FeedPlace", country.Name(lang)], $"/{lang}/countries/{code}");
            case "regions":
                var region = await db.IloRegions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
                if (region is null) return null;
                return (q.Where(p => p.Countries.Any(c => db.Countries.Any(k => k.Code == c.CountryCode && k.IloRegionId == id))),
                    t["OpenData.FeedPlace", region.Name(lang)], $"/{lang}/practices?region={Uri.EscapeDataString(id!)}");
            default:
                return null;
        }
    }

    public async Task<List<FeedEntry>> EntriesAsync(IQueryable<Practice> query, string lang, CancellationToken ct)
    {
        var rows = await Catalog.Latest(query).Take(Math.Max(1, options.Value.FeedSize))
            .Select(p => new { p.Id, p.OriginalLanguage, p.PublishedAt, p.UpdatedAt, p.CreatedAt }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var texts = (await db.PracticeTexts.AsNoTracking().Where(x => ids.Contains(x.PracticeId) && x.PublishedTitle != null && (x.Language == lang || x.IsOriginal))
            .Select(x => new { x.PracticeId, x.Language, x.PublishedTitle, x.PublishedSummary }).ToListAsync(ct)).ToLookup(x => x.PracticeId);
        var orgs = (await db.PracticeOrganisations.AsNoTracking().Where(o => ids.Contains(o.PracticeId)).OrderBy(o => o.Position)
            .Select(o => new { o.PracticeId, o.OrganisationId, o.Organisation!.Name, o.Organisation.NameFr, o.Organisation.NameEs, o.Organisation.NameZh }).ToListAsync(ct))
            .ToLookup(o => o.PracticeId);
        return rows.Select(r =>
        {
            var mine = texts[r.Id].ToList();
            var text = mine.FirstOrDefault(x => x.Language == lang) ?? mine.FirstOrDefault(x => x.Language == r.OriginalLanguage) ?? mine.FirstOrDefault();
            return new FeedEntry(r.Id, text?.PublishedTitle ?? "", MarkdownRenderer.ToPlainText(text?.PublishedSummary, 1000), text?.Language ?? r.OriginalLanguage,
                r.PublishedAt ?? r.UpdatedAt, r.PublishedAt, r.CreatedAt,
                orgs[r.Id].Select(o => (o.OrganisationId, Languages.Pick(lang, o.Name, o.NameFr, o.NameEs, o.NameZh))).ToList());
        }).ToList();
    }
}
