using System.Globalization;
using DecentWork.Data;
using DecentWork.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.History;

public class DiffModel(AppDb db) : PageModel
{
    public Practice Practice { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string TitleLang { get; private set; } = "";
    public List<RevisionRow> Revisions { get; private set; } = [];
    public RevisionRow? From { get; private set; }
    public RevisionRow? To { get; private set; }
    public List<FieldDiff> Changes { get; private set; } = [];
    /// <summary>Why no comparison is shown: the two numbers are missing, or name no revision.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await HistoryData.LoadAsync(db, HttpContext, id, ct) is not { } loaded) return NotFound();
        (Practice, Title, TitleLang) = loaded;
        Revisions = await HistoryData.RevisionsAsync(db, Practice, ct);
        int? Number(string name) => int.TryParse(Request.Query[name].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var from = Number("from");
        var to = Number("to");
        if (from is null || to is null) { Problem = "History.PickTwo"; return Page(); }
        From = Revisions.FirstOrDefault(r => r.Number == from);
        To = Revisions.FirstOrDefault(r => r.Number == to);
        if (From is null || To is null)
        {
            Problem = "History.NoSuchRevision";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var snaps = await db.Revisions.AsNoTracking().Where(r => r.PracticeId == id && (r.Number == from || r.Number == to))
            .ToDictionaryAsync(r => r.Number, r => r.Snapshot, ct);
        Changes = RevisionDiff.Compare(PracticeContent.Deserialize(snaps[from.Value]), PracticeContent.Deserialize(snaps[to.Value]));
        return Page();
    }
}
