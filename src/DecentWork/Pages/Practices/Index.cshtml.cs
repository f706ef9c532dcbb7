using System.Globalization;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Practices;

/// <summary>Browse published practices. Filters are plain GET parameters so every result page has a shareable URL
/// and works without JavaScript; a value we do not know is reported and ignored rather than failing.</summary>
public class IndexModel(AppDb db, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Option(string Value, string Label, int Depth = 0);

    public Dictionary<string, string> Filters { get; } = new(StringComparer.Ordinal);
    public List<string> Messages { get; } = [];
    public List<PracticeCard> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public bool OutOfRange { get; private set; }
    public Pager Pager { get; private set; } = null!;

    public List<Option> CountryOptions { get; private set; } = [];
    public List<Option> RegionOptions { get; private set; } = [];
    public List<Option> ThemeOptions { get; private set; } = [];
    public List<Option> PillarOptions { get; private set; } = [];
    public List<Option> GroupOptions { get; private set; } = [];
    public List<Option> LanguageOptions { get; private set; } = [];
    public List<Option> YearOptions { get; private set; } = [];

    public string? Selected(string name) => Filters.GetValueOrDefault(name);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var q = Catalog.Public(db);
        var thesaurus = await ThesaurusView.LoadAsync(db, lang, ct);

        if (Param("country") is { } country)
        {
            var code = country.ToUpperInvariant();
            if (await db.Countries.AnyAsync(c => c.Code == code, ct))
            {
                Filters["country"] = code;
                q = q.Where(p => p.Countries.Any(c => c.CountryCode == code));
            }
            else Unknown("Browse.Country", country);
        }
        if (Param("region") is { } region)
        {
            if (await db.IloRegions.AnyAsync(r => r.Id == region, ct))
            {
                Filters["region"] = region;
                q = q.Where(p => p.Countries.Any(c => db.Countries.Any(k => k.Code == c.CountryCode && k.IloRegionId == region)));
            }
            else Unknown("Field.Region", region);
        }
        if (Param("theme") is { } theme)
        {
            if (thesaurus.Contains(theme))
            {
                Filters["theme"] = theme;
                var ids = thesaurus.WithDescendants(theme).ToList();
                q = q.Where(p => p.Concepts.Any(c => ids.Contains(c.ConceptId)));
            }
            else Unknown("Browse.Theme", theme);
        }
        if (Param("pillar") is { } pillar)
        {
            if (await db.Pillars.AnyAsync(x => x.Id == pillar, ct))
            {
                Filters["pillar"] = pillar;
                q = q.Where(p => p.Pillars.Any(x => x.PillarId == pillar));
            }
            else Unknown("Browse.Pillar", pillar);
        }
        if (Param("group") is { } group)
        {
            if (Enum.TryParse<ConstituentGroup>(group, ignoreCase: true, out var g) && Enum.IsDefined(g) && !int.TryParse(group, out _))
            {
                Filters["group"] = g.ToString();
                q = q.Where(p => p.Organisations.Any(o => o.Organisation!.Group == g));
            }
            else Unknown("Browse.Group", group);
        }
        if (Param("language") is { } language)
        {
            if (Languages.IsSupported(language.ToLowerInvariant()))
            {
                var l = language.ToLowerInvariant();
                Filters["language"] = l;
                q = q.Where(p => p.OriginalLanguage == l);
            }
            else Unknown("Browse.Language", language);
        }
        if (Param("year") is { } yearText)
        {
            if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200)
            {
                Filters["year"] = year.ToString(CultureInfo.InvariantCulture);
                q = q.Where(p => p.PeriodStart != null && p.PeriodStart <= year && (p.PeriodEnd == null || p.PeriodEnd >= year));
            }
            else Unknown("Browse.Year", yearText);
        }

        Total = await q.CountAsync(ct);
        var pageText = Param("page");
        if (pageText is null) PageNumber = 1;
        else if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) { PageNumber = 0; OutOfRange = true; }
        else PageNumber = n;
        if (!OutOfRange && Total > 0 && (PageNumber - 1) * Catalog.PageSize >= Total) OutOfRange = true;
        if (!OutOfRange && Total > 0)
            Items = await Catalog.CardsAsync(db, Catalog.Latest(q).Skip((PageNumber - 1) * Catalog.PageSize).Take(Catalog.PageSize), lang, ct);
        Pager = new Pager(PageNumber, Total, Catalog.PageSize, PageUrl);

        await LoadOptionsAsync(lang, thesaurus, ct);
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>(Filters.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        if (page > 1) query["page"] = page.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString($"/{HttpContext.Lang()}/practices", query);
    }

    private string? Param(string name)
    {
        var v = Request.Query[name].FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(v) ? null : v.Length > 100 ? v[..100] : v;
    }

    private void Unknown(string fieldKey, string value) => Messages.Add(t["Browse.UnknownFilter", t[fieldKey], value]);

    private async Task LoadOptionsAsync(string lang, ThesaurusView thesaurus, CancellationToken ct)
    {
        var used = await Catalog.PublicCountries(db).Select(x => x.CountryCode).Distinct().ToListAsync(ct);
        if (Selected("country") is { } sel && !used.Contains(sel)) used.Add(sel);
        CountryOptions = (await db.Countries.AsNoTracking().Where(c => used.Contains(c.Code)).ToListAsync(ct))
            .Select(c => new Option(c.Code, c.Name(lang))).OrderBy(o => o.Label, StringComparer.Create(CultureInfo.CurrentCulture, true)).ToList();
        RegionOptions = (await db.IloRegions.AsNoTracking().ToListAsync(ct)).Select(r => new Option(r.Id, r.Name(lang)))
            .OrderBy(o => o.Label, StringComparer.Create(CultureInfo.CurrentCulture, true)).ToList();
        ThemeOptions = thesaurus.Flatten().Select(x => new Option(x.Id, thesaurus.Label(x.Id), x.Depth)).ToList();
        PillarOptions = (await db.Pillars.AsNoTracking().OrderBy(p => p.Position).ToListAsync(ct)).Select(p => new Option(p.Id, p.Name(lang))).ToList();
        GroupOptions = Enum.GetValues<ConstituentGroup>().Select(g => new Option(g.ToString(), t["Group." + g])).ToList();
        LanguageOptions = Languages.Supported.Select(l => new Option(l, Catalog.Cap(t["Lang." + l]))).ToList();
        var periods = await Catalog.Public(db).Where(p => p.PeriodStart != null).Select(p => new { p.PeriodStart, p.PeriodEnd }).ToListAsync(ct);
        if (periods.Count > 0)
        {
            var from = periods.Min(p => p.PeriodStart!.Value);
            var to = Math.Max(periods.Max(p => p.PeriodEnd ?? p.PeriodStart!.Value), Math.Min(DateTime.UtcNow.Year, periods.Any(p => p.PeriodEnd == null) ? DateTime.UtcNow.Year : 0));
            for (var y = to; y >= from; y--) YearOptions.Add(new Option(y.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture)));
        }
        if (Selected("year") is { } year && YearOptions.All(o => o.Value != year)) YearOptions.Insert(0, new Option(year, year));
    }
}
