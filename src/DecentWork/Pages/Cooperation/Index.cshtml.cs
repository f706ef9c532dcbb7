using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Cooperation;

/// <summary>The request board: every request, newest first, narrowed by a GET form (works without JavaScript).</summary>
public class IndexModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary) : PageModel
{
    public const int Size = 30;
    [FromQuery] public string? Theme { get; set; }
    [FromQuery] public string? Country { get; set; }
    [FromQuery] public string? Modality { get; set; }
    [FromQuery] public string? Status { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public List<CooperationRequest> Requests { get; private set; } = [];
    public int Total { get; private set; }
    public CoopLookups Names { get; private set; } = null!;
    public List<string> UsedThemes { get; private set; } = [];
    public List<string> UsedCountries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var q = CooperationApi.Filter(db, new(Theme, Country, Modality, Status, null), errors);
        if (errors.Count > 0) return BadRequest();
        PageNumber = Math.Max(1, PageNumber);
        Total = await q.CountAsync(ct);
        Requests = await q.Include(r => r.Themes).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((PageNumber - 1) * Size).Take(Size).ToListAsync(ct);
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), Requests.Select(r => r.OrganisationId), ct);
        UsedThemes = await db.RequestThemes.Select(t => t.ConceptId).Distinct().ToListAsync(ct);
        UsedCountries = await db.CooperationRequests.Select(r => r.CountryCode).Distinct().ToListAsync(ct);
        return Page();
    }
}
