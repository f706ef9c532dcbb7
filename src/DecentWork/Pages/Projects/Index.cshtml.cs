using DecentWork.Data;
using DecentWork.Pages.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Projects;

/// <summary>Every imported project, or a country's, a page at a time.</summary>
public class IndexModel(AppDb db) : PageModel
{
    public List<ProjectRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;
    public string? Country { get; private set; }
    public string? CountryName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? country, int page = 1, CancellationToken ct = default)
    {
        var lang = HttpContext.Lang();
        if (page < 1) page = 1;
        var q = db.Projects.AsNoTracking();
        if (!string.IsNullOrEmpty(country))
        {
            Country = country.ToUpperInvariant();
            var c = await db.Countries.AsNoTracking().FirstOrDefaultAsync(x => x.Code == Country, ct);
            if (c is null) return NotFound();
            CountryName = c.Name(lang);
            q = ProjectList.InCountry(db, Country);
        }
        Total = await q.CountAsync(ct);
        Rows = await ProjectList.RowsAsync(db, q, lang, (page - 1) * Catalog.PageSize, Catalog.PageSize, ct);
        var filter = Country is null ? "" : $"country={Country}&";
        Pager = new Pager(page, Total, Catalog.PageSize, n => $"/{lang}/projects" + (n > 1 || Country is not null ? $"?{filter}page={n}" : ""));
        return Page();
    }
}
