using DecentWork.Cooperation;
using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Cooperation;

/// <summary>A country's cooperation as a picture: who it learned from (left, arrows in) and who learned from it (right,
/// arrows out), with the same facts as a list beneath for readers who do not see the drawing.</summary>
public class CountryModel(AppDb db) : PageModel
{
    public Country Country { get; private set; } = null!;
    public List<(string Code, string Name, int Count)> LearnedFrom { get; private set; } = [];
    public List<(string Code, string Name, int Count)> TaughtTo { get; private set; } = [];
    public List<SharedExchange> Exchanges { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var upper = code.ToUpperInvariant();
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == upper, ct);
        if (country is null) return NotFound();
        Country = country;
        var lang = HttpContext.Lang();
        Exchanges = await CooperationViews.ForCountryAsync(db, upper, lang, ct);
        var names = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name(lang), ct);
        LearnedFrom = Exchanges.Where(x => x.ToCountry == upper && x.FromCountry is not null && x.FromCountry != upper).GroupBy(x => x.FromCountry!)
            .Select(g => (g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.Count())).OrderByDescending(x => x.Item3).Take(12).ToList();
        TaughtTo = Exchanges.Where(x => x.FromCountry == upper && x.ToCountry is not null && x.ToCountry != upper).GroupBy(x => x.ToCountry!)
            .Select(g => (g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.Count())).OrderByDescending(x => x.Item3).Take(12).ToList();
        return Page();
    }
}
