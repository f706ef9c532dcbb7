using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Cooperation;

/// <summary>The signed-in user's notifications and what they follow (with each follow's feed).</summary>
[Authorize]
public class NotificationsModel(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, TimeProvider clock) : PageModel
{
    public List<Notification> Items { get; private set; } = [];
    public List<Follow> Follows { get; private set; } = [];
    public CoopLookups Names { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = HttpContext.Actor().UserId;
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == me).OrderByDescending(n => n.Id).Take(100).ToListAsync(ct);
        Follows = await db.Follows.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.Id).ToListAsync(ct);
        var orgs = Follows.Where(f => f.Kind == FollowKind.Organisation).Select(f => int.TryParse(f.Target, out var o) ? o : 0);
        Names = await CoopLookups.LoadAsync(db, vocabulary, HttpContext.Lang(), orgs, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        var me = HttpContext.Actor().UserId;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return LocalRedirect($"/{HttpContext.Lang()}/cooperation/notifications");
    }

    public string Label(Follow f) => f.Kind switch
    {
        FollowKind.Theme => Names.Theme(f.Target),
        FollowKind.Country => Names.Country(f.Target),
        FollowKind.Organisation => int.TryParse(f.Target, out var o) ? Names.Organisation(o) : f.Target,
        _ => "#" + f.Target,
    };
}
