using DecentWork.Data;
using DecentWork.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.History;

public class IndexModel(AppDb db) : PageModel
{
    public Practice Practice { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string TitleLang { get; private set; } = "";
    public List<RevisionRow> Revisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await HistoryData.LoadAsync(db, HttpContext, id, ct) is not { } loaded) return NotFound();
        (Practice, Title, TitleLang) = loaded;
        Revisions = await HistoryData.RevisionsAsync(db, Practice, ct);
        return Page();
    }
}
