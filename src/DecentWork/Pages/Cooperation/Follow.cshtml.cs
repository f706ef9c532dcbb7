using DecentWork.Cooperation;
using DecentWork.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Cooperation;

/// <summary>The follow and unfollow buttons post here, then go back where they were.</summary>
[Authorize]
public class FollowModel(CooperationWorkflow workflow) : PageModel
{
    public IActionResult OnGet() => Redirect($"/{HttpContext.Lang()}/cooperation/notifications");

    public async Task<IActionResult> OnPostAsync(string? kind, string? target, string? returnUrl, CancellationToken ct)
    {
        var o = await workflow.FollowAsync(HttpContext.Actor(), new FollowInput(kind, target), ct);
        if (!o.Ok) return BadRequest();
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : $"/{HttpContext.Lang()}/cooperation/notifications");
    }

    public async Task<IActionResult> OnPostUnfollowAsync(int id, CancellationToken ct)
    {
        await workflow.UnfollowAsync(HttpContext.Actor(), id, ct);
        return LocalRedirect($"/{HttpContext.Lang()}/cooperation/notifications");
    }
}
