using DecentWork.Shared;
using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Pages.Practices;
using DecentWork.Pages.Projects;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Countries;

public class ShowModel(AppDb db) : PageModel
{
    public const int Shown = 20;
    public sealed record OrgRow(string Name, string? Acronym, ConstituentGroup Group, bool IsSample);

    public Country Country { get; private set; } = null!;
    public IloRegion? Region { get; private set; }
    public int Total { get; private set; }
    public List<PracticeCard> Practices { get; private set; } = [];
    public List<OrgRow> Organisations { get; private set; } = [];
    public int ProjectsTotal { get; private set; }
    public List<ProjectRow> Projects { get; private set; } = [];
    public List<DecentWork.Cooperation.SharedExchange> Exchanges { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var upper = code.ToUpperInvariant();
        var country = upper.Length == 3 ? await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == upper, ct) : null;
        if (country is null) return NotFound();
        if (code != upper) return RedirectPermanent($"/{lang}/countries/{upper}");
        Country = country;
        Region = country.IloRegionId is null ? null : await db.IloRegions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == country.IloRegionId, ct);
        var q = Catalog.Public(db).Where(p => p.Countries.Any(c => c.CountryCode == upper));
        Total = await q.CountAsync(ct);
        Exchanges = await DecentWork.Cooperation.CooperationViews.ForCountryAsync(db, upper, lang, ct);
        Practices = await Catalog.CardsAsync(db, Catalog.Latest(q).Take(Shown), lang, ct);
        var projects = ProjectList.InCountry(db, upper);
        ProjectsTotal = await projects.CountAsync(ct);
        Projects = await ProjectList.RowsAsync(db, projects, lang, 0, Shown, ct);
        var compare = StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, true);
        Organisations = (await db.Organisations.AsNoTracking().Where(o => o.CountryCode == upper).ToListAsync(ct))
            .Select(o => new OrgRow(o.DisplayName(lang), o.Acronym, o.Group, o.IsSample)).OrderBy(o => o.Name, compare).ToList();
        return Page();
    }
}
