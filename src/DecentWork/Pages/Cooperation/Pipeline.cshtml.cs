using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Cooperation;

/// <summary>The broker's pipeline: requests by state, and the proposed matches waiting for confirmation.</summary>
[Authorize]
public class PipelineModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, CooperationWorkflow workflow) : PageModel
{
    public Dictionary<RequestStatus, List<CooperationRequest>> ByStatus { get; private set; } = [];
    public List<Match> Proposed { get; private set; } = [];
    public Dictionary<int, string> Titles { get; private set; } = [];
    public CoopLookups Names { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.Actor().IsBroker) return Forbid();
        var open = await db.CooperationRequests.AsNoTracking().Where(r => r.Status != RequestStatus.Closed)
            .OrderByDescending(r => r.UpdatedAt).Take(300).ToListAsync(ct);
        ByStatus = open.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.ToList());
        Proposed = await db.Matches.AsNoTracking().Where(m => m.Status == MatchStatus.Proposed).OrderBy(m => m.Id).Take(100).ToListAsync(ct);
        var ids = Proposed.Select(m => m.RequestId).ToList();
        Titles = await db.CooperationRequests.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, ct);
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), open.Select(r => r.OrganisationId).Concat(Proposed.Select(m => m.ProvidingOrganisationId)), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int match, CancellationToken ct)
    {
        var o = await workflow.ConfirmAsync(HttpContext.Actor(), match, ct);
        if (o.Status is 403 or 404) return o.Status == 403 ? Forbid() : NotFound();
        return LocalRedirect($"/{HttpContext.Lang()}/cooperation/pipeline");
    }
}
