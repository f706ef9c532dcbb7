using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Pages.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Organisations;

/// <summary>An organisation and the practices it took part in, so a link from a practice (or from JSON-LD) lands
/// somewhere a reader and a crawler can use.</summary>
public class ShowModel(AppDb db) : PageModel
{
    public const int Shown = 50;

    public Organisation Organisation { get; private set; } = null!;
    public Country? Country { get; private set; }
    public int Total { get; private set; }
    public List<PracticeCard> Practices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null) return NotFound();
        Organisation = org;
        Country = org.CountryCode is null ? null : await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == org.CountryCode, ct);
        var q = Catalog.Public(db).Where(p => p.Organisations.Any(o => o.OrganisationId == id));
        Total = await q.CountAsync(ct);
        Practices = await Catalog.CardsAsync(db, Catalog.Latest(q).Take(Shown), HttpContext.Lang(), ct);
        return Page();
    }
}
