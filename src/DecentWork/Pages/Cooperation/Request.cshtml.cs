using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Cooperation;

/// <summary>A request, its suggestions and why, its matches, and the buttons each side and the broker may press.</summary>
public class RequestModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, Suggestions suggestions, CooperationWorkflow workflow) : PageModel
{
    public CooperationRequest Request { get; private set; } = null!;
    public List<Suggestion> Practices { get; private set; } = [];
    public List<Suggestion> Offers { get; private set; } = [];
    public List<Match> Matches { get; private set; } = [];
    public Dictionary<int, int> ExchangeOfMatch { get; private set; } = [];
    public CoopLookups Names { get; private set; } = null!;
    [FromQuery] public string? Refused { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var r = await workflow.LoadRequestAsync(id, ct);
        if (r is null) return NotFound();
        Request = r;
        var actor = HttpContext.Actor();
        if (r.Status is RequestStatus.Open or RequestStatus.Matched)
            (Practices, Offers) = await suggestions.ForAsync(r, HttpContext.Lang(), 10, ct);
        var q = db.Matches.AsNoTracking().Where(m => m.RequestId == id);
        if (!actor.IsBroker) q = q.Where(m => actor.OrganisationId != null && (m.RequestingOrganisationId == actor.OrganisationId || m.ProvidingOrganisationId == actor.OrganisationId));
        Matches = await q.OrderByDescending(m => m.Id).ToListAsync(ct);
        ExchangeOfMatch = await db.Exchanges.Where(e => e.RequestId == id).ToDictionaryAsync(e => e.MatchId, e => e.Id, ct);
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(),
            Offers.Select(o => o.OrganisationId).Concat(Practices.Select(p => p.OrganisationId)).OfType<int>()
                .Concat(Matches.Select(m => m.ProvidingOrganisationId)).Append(r.OrganisationId), ct);
        return Page();
    }

    private IActionResult Back<T>(int id, Outcome<T> o)
    {
        if (o.Status == 404) return NotFound();
        if (o.Status == 403) return Forbid();
        return LocalRedirect($"/{HttpContext.Lang()}/cooperation/requests/{id}" + (o.Ok ? "" : "?refused=" + o.Status) + "#matches");
    }

    public async Task<IActionResult> OnPostProposeAsync(int id, int? offerId, int? practiceId, CancellationToken ct)
        => Back(id, await workflow.ProposeAsync(HttpContext.Actor(), new MatchInput(id, offerId, practiceId), ct));

    public async Task<IActionResult> OnPostConfirmAsync(int id, int match, CancellationToken ct)
        => Back(id, await workflow.ConfirmAsync(HttpContext.Actor(), match, ct));

    public async Task<IActionResult> OnPostAcceptAsync(int id, int match, CancellationToken ct)
        => Back(id, await workflow.AcceptAsync(HttpContext.Actor(), match, ct));

    public async Task<IActionResult> OnPostDeclineAsync(int id, int match, CancellationToken ct)
        => Back(id, await workflow.DeclineAsync(HttpContext.Actor(), match, ct));

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct)
        => Back(id, await workflow.TransitionRequestAsync(HttpContext.Actor(), id, "close", ct));
}
