using DecentWork.Shared;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Countries;

public class IndexModel(AppDb db) : PageModel
{
    public sealed record CountryRow(string Code, string Name, int Count);
    public sealed record RegionGroup(string? Id, string? Name, int Count, List<CountryRow> WithPractices, List<CountryRow> Others);

    public List<RegionGroup> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var byCountry = await Catalog.PublicCountries(db).Select(c => new { Id = c.PracticeId, c.CountryCode }).ToListAsync(ct);
        var counts = byCountry.GroupBy(x => x.CountryCode).ToDictionary(g => g.Key, g => g.Select(x => x.Id).Distinct().Count());
        var countries = await db.Countries.AsNoTracking().ToListAsync(ct);
        var regions = await db.IloRegions.AsNoTracking().ToListAsync(ct);
        var compare = StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, true);
        Regions = countries.GroupBy(c => c.IloRegionId).Select(g =>
        {
            var region = regions.FirstOrDefault(r => r.Id == g.Key);
            var rows = g.Select(c => new CountryRow(c.Code, c.Name(lang), counts.GetValueOrDefault(c.Code))).OrderBy(r => r.Name, compare).ToList();
            var codes = g.Select(c => c.Code).ToHashSet();
            var regionCount = byCountry.Where(x => codes.Contains(x.CountryCode)).Select(x => x.Id).Distinct().Count();
            return new RegionGroup(region?.Id, region?.Name(lang), regionCount, rows.Where(r => r.Count > 0).ToList(), rows.Where(r => r.Count == 0).ToList());
        }).OrderBy(r => r.Id is null ? 1 : 0).ThenBy(r => r.Name, compare).ToList();
    }
}
