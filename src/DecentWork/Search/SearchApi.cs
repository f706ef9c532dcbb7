using System.Globalization;
using System.Text.Json.Serialization;
using DecentWork.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;

namespace DecentWork.Search;

/// <summary>GET /api/v1/search: full-text search over public practices with facets.</summary>
public static class SearchApi
{
    public const int MaxValuesPerFilter = 50;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/search", Search).WithTags("Search")
            .WithSummary("Searches public practices in every language")
            .WithDescription("q: words (all required), \"phrases\", -exclusions, prefix* (2+ characters); empty or * lists everything. " +
                "Filters (repeat a parameter or separate values with commas; values of one filter are alternatives): country, region, " +
                "theme, pillar, group, language, year, endorsed. lang: the reader's language for titles and snippets. sort: relevance | date. " +
                "Snippets are HTML, with matches in <mark>.");
        return api;
    }

    public sealed record SearchResponse(
        int Total, int Page, int Size, List<SearchHit> Hits, Dictionary<string, List<FacetValue>> Facets,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DidYouMean);

    /// <summary>The query string. Numbers are read as text so that "abc" gets the same worded 400 as every other
    /// mistake; each filter may repeat or hold comma-separated values.</summary>
    public sealed class SearchParameters
    {
        [FromQuery(Name = "q")] public string? Q { get; init; }
        [FromQuery(Name = "lang")] public string? Lang { get; init; }
        [FromQuery(Name = "sort")] public string? Sort { get; init; }
        [FromQuery(Name = "page")] public string? Page { get; init; }
        [FromQuery(Name = "size")] public string? Size { get; init; }
        [FromQuery(Name = "country")] public string[]? Country { get; init; }
        [FromQuery(Name = "region")] public string[]? Region { get; init; }
        [FromQuery(Name = "theme")] public string[]? Theme { get; init; }
        [FromQuery(Name = "pillar")] public string[]? Pillar { get; init; }
        [FromQuery(Name = "group")] public string[]? Group { get; init; }
        [FromQuery(Name = "language")] public string[]? Language { get; init; }
        [FromQuery(Name = "year")] public string[]? Year { get; init; }
        [FromQuery(Name = "endorsed")] public string[]? Endorsed { get; init; }

        public string[]? Filter(string key) => key switch
        {
            "country" => Country, "region" => Region, "theme" => Theme, "pillar" => Pillar,
            "group" => Group, "language" => Language, "year" => Year, "endorsed" => Endorsed, _ => null,
        };
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        [AsParameters] SearchParameters parameters, PracticeSearch search, SearchVocabulary vocabulary, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var v = await vocabulary.GetAsync(ct);
        var (request, errors) = Read(parameters, v);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => Message(t, e)).ToArray()),
                title: t["Error.ValidationTitle"]);
        var r = await search.SearchAsync(request!, ct);
        return TypedResults.Ok(new SearchResponse(r.Total, r.Page, r.Size, r.Hits, r.Facets, r.DidYouMean));
    }

    public static string Message(IStringLocalizer t, Practices.FieldError e)
        => e.Code.StartsWith("Search.", StringComparison.Ordinal) ? t[e.Code, e.Arg ?? ""] : t.Message(e);

    /// <summary>Reads and checks every parameter; every mistake is reported at once, by field.</summary>
    public static (SearchRequest? Request, List<Practices.FieldError> Errors) Read(SearchParameters query, Vocabulary v)
    {
        var errors = new List<Practices.FieldError>();
        var q = query.Q ?? "";
        if (q.Length > SearchQueryParser.MaxLength) errors.Add(new("q", "TooLong", SearchQueryParser.MaxLength));
        else if (SearchQueryParser.HasControlCharacters(q)) errors.Add(new("q", "ControlCharacters"));
        else if (SearchQueryParser.Parse(q).Nothing) errors.Add(new("q", "Search.NothingToSearch"));

        var lang = Languages.Default;
        if (query.Lang is { Length: > 0 } l)
        {
            if (Languages.Normalize(l) is { } ok) lang = ok;
            else errors.Add(new("lang", "UnknownLanguage", l));
        }
        else if (Languages.Normalize(CultureInfo.CurrentUICulture.Name) is { } ui) lang = ui; // from the URL, cookie or Accept-Language

        var sort = query.Sort ?? "";
        if (sort is not ("" or "relevance" or "date")) errors.Add(new("sort", "InvalidChoice", sort));
        var page = Number(query.Page, "page", 1, errors);
        var size = Number(query.Size, "size", 20, errors);
        if (page is < 1) errors.Add(new("page", "OutOfRange", 1));
        if (size is < 1 or > 100) errors.Add(new("size", "OutOfRange", 100));
        if (page >= 1 && size is >= 1 and <= 100 && (long)page * size > PracticeSearch.MaxWindow)
            errors.Add(new("page", "Search.PageTooDeep", PracticeSearch.MaxWindow));

        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var key in SearchFields.FacetKeys)
        {
            var values = Values(query.Filter(key));
            if (values.Count == 0) continue;
            if (values.Count > MaxValuesPerFilter) { errors.Add(new(key, "TooMany", MaxValuesPerFilter)); continue; }
            var canonical = new List<string>();
            foreach (var raw in values)
            {
                var (value, code) = Canonical(key, raw, v);
                if (value is null) errors.Add(new(key, code!, raw));
                else if (!canonical.Contains(value)) canonical.Add(value);
            }
            filters[key] = canonical;
        }
        if (errors.Count > 0) return (null, errors);
        return (new SearchRequest(q, lang, filters, sort == "date", page, size), errors);
    }

    private static int Number(string? s, string name, int fallback, List<Practices.FieldError> errors)
    {
        if (string.IsNullOrEmpty(s)) return fallback;
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        errors.Add(new(name, "Search.NotANumber", s.Length > 40 ? s[..40] + "…" : s));
        return fallback;
    }

    private static List<string> Values(string[]? raw)
        => (raw ?? []).SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>The value as the index spells it, or the error code naming why it is not one.</summary>
    private static (string? Value, string? Code) Canonical(string key, string raw, Vocabulary v)
    {
        switch (key)
        {
            case "country":
                var code = raw.ToUpperInvariant();
                return v.CountryRegion.ContainsKey(code) ? (code, null) : (null, "UnknownCountry");
            case "region":
                return v.Regions.Contains(raw.ToLowerInvariant()) ? (raw.ToLowerInvariant(), null) : (null, "Search.UnknownRegion");
            case "theme":
                return v.IsConcept(raw) ? (raw, null) : (null, "UnknownConcept");
            case "pillar":
                return v.Pillars.Contains(raw.ToLowerInvariant()) ? (raw.ToLowerInvariant(), null) : (null, "UnknownPillar");
            case "group":
                return Vocabulary.Groups.FirstOrDefault(g => g.Equals(raw, StringComparison.OrdinalIgnoreCase)) is { } g ? (g, null) : (null, "Search.UnknownGroup");
            case "endorsed":
                return Vocabulary.EndorsingGroups.FirstOrDefault(g => g.Equals(raw, StringComparison.OrdinalIgnoreCase)) is { } e ? (e, null) : (null, "Search.UnknownEndorsingGroup");
            case "language":
                return Languages.Normalize(raw) is { } lang ? (lang, null) : (null, "UnknownLanguage");
            case "year":
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100
                    ? (y.ToString(CultureInfo.InvariantCulture), null) : (null, "InvalidYear");
            default:
                return (null, "InvalidChoice");
        }
    }
}
