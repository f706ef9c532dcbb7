using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Pages.Editor;
using DecentWork.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Cooperation;

/// <summary>Posting a request for the signed-in member's organisation; the same rules and messages as the API.</summary>
[Authorize]
public class NewRequestModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, CooperationWorkflow workflow, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Need { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public List<string> Themes { get; set; } = [];
    [BindProperty] public List<string> ModalityNames { get; set; } = [];
    [BindProperty] public List<string> WorkingLanguages { get; set; } = [];
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }

    public FieldErrors Errors { get; private set; } = new();
    public CoopLookups Names { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.Actor().CanPostForOrganisation) return Forbid();
        Language ??= HttpContext.Lang();
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        if (!actor.CanPostForOrganisation) return Forbid();
        var o = await workflow.CreateRequestAsync(actor, new RequestInput(Title, Need, Language, Themes.ToArray(), Country, ModalityNames.ToArray(), WorkingLanguages.ToArray(), From, To), ct);
        if (o.Ok) return LocalRedirect($"/{HttpContext.Lang()}/cooperation/requests/{o.Value!.Id}");
        Errors = CoopLookups.Errors(t, o.Errors ?? [], f => t["Coop.Field." + f]);
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), null, ct);
        Response.StatusCode = 400;
        return Page();
    }
}
