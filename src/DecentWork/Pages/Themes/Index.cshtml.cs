using DecentWork.Shared;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Themes;

public class IndexModel(AppDb db) : PageModel
{
    public ThesaurusView Thesaurus { get; private set; } = null!;
    public Dictionary<string, int> Counts { get; private set; } = [];

    public string CountText(string id, Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        var n = Counts.GetValueOrDefault(id);
        return Catalog.Count(t, n);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Thesaurus = await ThesaurusView.LoadAsync(db, HttpContext.Lang(), ct);
        Counts = await Thesaurus.CountsAsync(db, ct);
    }
}
