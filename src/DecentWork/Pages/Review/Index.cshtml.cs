using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Review;

/// <summary>The review queue: submissions oldest first, then the other views a reviewer needs.</summary>
public class IndexModel(AppDb db) : PageModel
{
    public sealed record Row(int Id, string Title, string Language, PracticeStatus Status, bool IsSample, string? Organisation, DateTime Date);

    public static readonly string[] Views = ["submitted", "changes", "published", "all"];

    public string View { get; private set; } = "submitted";
    public List<Row> Rows { get; private set; } = [];
    public string Lang => HttpContext.Lang();

    public async Task<IActionResult> OnGetAsync(string? show, CancellationToken ct)
    {
        if (!HttpContext.Actor().IsReviewer) return StatusCode(StatusCodes.Status403Forbidden);
        View = Views.Contains(show) ? show! : "submitted";
        var q = db.Practices.AsNoTracking();
        q = View switch
        {
            "submitted" => q.Where(p => p.Status == PracticeStatus.Submitted),
            "changes" => q.Where(p => p.Status == PracticeStatus.ChangesRequested),
            "published" => q.Where(p => p.Status == PracticeStatus.Published),
            _ => q,
        };
        var rows = await q.Select(p => new
        {
            p.Id, p.OriginalLanguage, p.Status, p.IsSample, p.UpdatedAt,
            Title = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault(),
            Org = p.OwnerOrganisation,
            // The date the practice entered its current state, so the oldest waiting submission comes first.
            Since = p.Events.Where(e => e.ToStatus == p.Status).OrderByDescending(e => e.At).Select(e => (DateTime?)e.At).FirstOrDefault(),
        }).ToListAsync(ct);
        var lang = Lang;
        var list = rows.Select(r => new Row(r.Id, r.Title ?? "", r.OriginalLanguage, r.Status, r.IsSample, r.Org?.DisplayName(lang), r.Since ?? r.UpdatedAt));
        Rows = (View == "submitted" ? list.OrderBy(r => r.Date).ThenBy(r => r.Id) : list.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id)).ToList();
        return Page();
    }
}
