using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Editor;

/// <summary>"My practices": what the signed-in user may edit, newest change first.</summary>
public class IndexModel(AppDb db) : PageModel
{
    public sealed record Row(int Id, string Title, string Language, PracticeStatus Status, bool IsSample, bool IsPublished,
        DateTime UpdatedAt, string? Organisation, string? ChangesComment);

    private static readonly PracticeStatus[] Listed =
        [PracticeStatus.Draft, PracticeStatus.Submitted, PracticeStatus.ChangesRequested, PracticeStatus.Published];

    public List<Row> Rows { get; private set; } = [];
    public string Lang => HttpContext.Lang();
    public bool CanCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        CanCreate = actor.CanCreate;
        var q = db.Practices.AsNoTracking().Where(p => Listed.Contains(p.Status));
        // The same rule as Actor.CanEdit, as a query: editors edit everything, contributors their organisation's.
        if (!actor.IsEditor)
        {
            if (!actor.IsContributor || actor.OrganisationId is not { } org) return Page();
            q = q.Where(p => p.OwnerOrganisationId == org);
        }
        var lang = Lang;
        var rows = await q.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)
            .Select(p => new
            {
                p.Id, p.OriginalLanguage, p.Status, p.IsSample, p.UpdatedAt, Published = p.PublishedRevisionId != null,
                Title = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault(),
                Org = p.OwnerOrganisation,
                Comment = p.Status == PracticeStatus.ChangesRequested
                    ? p.Events.Where(e => e.Action == "request-changes").OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Comment).FirstOrDefault()
                    : null,
            }).ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Id, r.Title ?? "", r.OriginalLanguage, r.Status, r.IsSample, r.Published, r.UpdatedAt,
            r.Org?.DisplayName(lang), r.Comment)).ToList();
        return Page();
    }
}
