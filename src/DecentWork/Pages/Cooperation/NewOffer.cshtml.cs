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

/// <summary>An organisation offers its expertise, tied to its own practices.</summary>
[Authorize]
public class NewOfferModel(AppDb db, CooperationWorkflow workflow, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public List<int> Practices { get; set; } = [];
    [BindProperty] public List<string> ModalityNames { get; set; } = [];
    [BindProperty] public List<string> WorkingLanguages { get; set; } = [];
    [BindProperty] public string? CapacityPerYear { get; set; }

    public FieldErrors Errors { get; private set; } = new();
    public List<(int Id, string Title)> OwnPractices { get; private set; } = [];
    public bool Created { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        var org = HttpContext.Actor().OrganisationId;
        OwnPractices = (await db.Practices.AsNoTracking().Where(p => p.OwnerOrganisationId == org || p.Organisations.Any(o => o.OrganisationId == org))
            .Select(p => new { p.Id, Title = p.Texts.Where(x => x.IsOriginal).Select(x => x.Title).FirstOrDefault() }).OrderBy(p => p.Id).Take(200).ToListAsync(ct))
            .Select(p => (p.Id, p.Title ?? "#" + p.Id)).ToList();
    }

    public async Task<IActionResult> OnGetAsync(bool created, CancellationToken ct)
    {
        if (!HttpContext.Actor().CanPostForOrganisation) return Forbid();
        Created = created;
        Language ??= HttpContext.Lang();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        if (!actor.CanPostForOrganisation) return Forbid();
        var e = new List<DecentWork.Practices.FieldError>();
        int? capacity = int.TryParse(CapacityPerYear, out var c) ? c : null;
        if (capacity is null && !string.IsNullOrWhiteSpace(CapacityPerYear)) e.Add(new("capacityPerYear", "OutOfRange", 1000));
        var o = e.Count > 0 ? Outcome<Offer>.Invalid(e)
            : await workflow.SaveOfferAsync(actor, null, new OfferInput(Title, Text, Language, Practices.ToArray(), ModalityNames.ToArray(), WorkingLanguages.ToArray(), capacity), ct);
        if (o.Ok) return LocalRedirect($"/{HttpContext.Lang()}/cooperation/offers/new?created=true");
        Errors = CoopLookups.Errors(t, o.Errors ?? [], f => t["Coop.Field." + f]);
        await LoadAsync(ct);
        Response.StatusCode = 400;
        return Page();
    }
}
