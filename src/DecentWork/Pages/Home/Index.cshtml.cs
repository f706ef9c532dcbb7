using DecentWork.Shared;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Home;

public class IndexModel(AppDb db) : PageModel
{
    public sealed record Entry(string Id, string Name, int Count);

    public int Total { get; private set; }
    public int CountryCount { get; private set; }
    public List<PracticeCard> Latest { get; private set; } = [];
    public List<Entry> Themes { get; private set; } = [];
    public List<Entry> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var q = Catalog.Public(db);
        Total = await q.CountAsync(ct);
        Latest = await Catalog.CardsAsync(db, Catalog.Latest(q).Take(6), lang, ct);

        var thesaurus = await ThesaurusView.LoadAsync(db, lang, ct);
        var counts = await thesaurus.CountsAsync(db, ct);
        Themes = thesaurus.Top.Select(id => new Entry(id, thesaurus.Label(id), counts.GetValueOrDefault(id))).ToList();

        var pairs = await Catalog.PublicCountries(db).Select(c => new { Id = c.PracticeId, c.CountryCode }).ToListAsync(ct);
        CountryCount = pairs.Select(x => x.CountryCode).Distinct().Count();
        var regionOf = await db.Countries.AsNoTracking().Where(c => c.IloRegionId != null).ToDictionaryAsync(c => c.Code, c => c.IloRegionId!, ct);
        var compare = StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, true);
        Regions = (await db.IloRegions.AsNoTracking().ToListAsync(ct))
            .Select(r => new Entry(r.Id, r.Name(lang), pairs.Where(x => regionOf.GetValueOrDefault(x.CountryCode) == r.Id).Select(x => x.Id).Distinct().Count()))
            .OrderBy(r => r.Name, compare).ToList();
    }
}
