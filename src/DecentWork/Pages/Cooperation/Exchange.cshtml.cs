using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Pages.Editor;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Cooperation;

/// <summary>An exchange: who, how, when, and — for the requesting side — the outcome form.</summary>
public class ExchangeModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, CooperationWorkflow workflow, IStringLocalizer<SharedResource> t) : PageModel
{
    public Exchange Exchange { get; private set; } = null!;
    public CoopLookups Names { get; private set; } = null!;
    public FieldErrors Errors { get; private set; } = new();
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Rating { get; set; }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var e = await db.Exchanges.AsNoTracking().Include(x => x.Request).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return false;
        Exchange = e;
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), [e.RequestingOrganisationId, e.ProvidingOrganisationId], ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Language ??= HttpContext.Lang();
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(int id, CancellationToken ct)
    {
        var o = await workflow.StartAsync(HttpContext.Actor(), id, ct);
        if (o.Status == 404) return NotFound();
        if (o.Status == 403) return Forbid();
        return LocalRedirect($"/{HttpContext.Lang()}/cooperation/exchanges/{id}");
    }

    public async Task<IActionResult> OnPostOutcomeAsync(int id, CancellationToken ct)
    {
        int? rating = int.TryParse(Rating, out var r) ? r : null;
        var o = await workflow.ReportOutcomeAsync(HttpContext.Actor(), id, new OutcomeInput(Outcome, Language, rating ?? (string.IsNullOrWhiteSpace(Rating) ? null : 0)), ct);
        if (o.Status == 404) return NotFound();
        if (o.Status == 403) return Forbid();
        if (o.Ok || o.Status == 409) return LocalRedirect($"/{HttpContext.Lang()}/cooperation/exchanges/{id}");
        Errors = CoopLookups.Errors(t, o.Errors ?? [], f => t["Coop.Field." + f]);
        await LoadAsync(id, ct);
        Response.StatusCode = 400;
        return Page();
    }
}
