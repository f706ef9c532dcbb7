using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using DecentWork.Pages.Editor;

namespace DecentWork.Pages.Review;

/// <summary>One practice under review: its working copy, its audit trail, comments and the workflow actions.</summary>
public class ShowModel(AppDb db, PracticeWriter writer, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Event(DateTime At, string? Who, string Action, PracticeStatus? From, PracticeStatus? To, string? Comment);

    private static readonly WorkflowAction[] ReviewActions =
        [WorkflowAction.RequestChanges, WorkflowAction.Publish, WorkflowAction.Archive, WorkflowAction.Withdraw];

    public string Lang => HttpContext.Lang();
    public int Id { get; private set; }
    public int Version { get; private set; }
    public PracticeStatus Status { get; private set; }
    public bool IsSample { get; private set; }
    public string Language { get; private set; } = "en";
    public PracticeText? Text { get; private set; }
    public string? Organisation { get; private set; }
    public List<string> Countries { get; private set; } = [];
    public List<string> Organisations { get; private set; } = [];
    public int? PeriodStart { get; private set; }
    public int? PeriodEnd { get; private set; }
    public List<string> Translations { get; private set; } = [];
    public int? LatestRevision { get; private set; }
    public int? PublishedRevision { get; private set; }
    public List<Event> Events { get; private set; } = [];
    public List<WorkflowAction> Actions { get; private set; } = [];
    public FieldErrors Errors { get; } = new();
    public string? Comment { get; private set; }
    public string? Problem { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        if (!HttpContext.Actor().IsReviewer) return StatusCode(StatusCodes.Status403Forbidden);
        if (!await DescribeAsync(id, ct)) return NotFound();
        Done = done is "comment" ? done : WorkflowVerbs.Parse(done) is { } a ? WorkflowVerbs.Name(a) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromForm] string? act, [FromForm] string? comment, [FromForm] int version, CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        if (!actor.IsReviewer) return StatusCode(StatusCodes.Status403Forbidden);
        var p = await writer.LoadAsync(id, ct);
        if (p is null) return NotFound();
        var action = WorkflowVerbs.Parse(act);
        if (act != "comment" && action is null) return BadRequest();
        if (action is { } a && !actor.CanApply(p, a)) return StatusCode(StatusCodes.Status403Forbidden);

        Comment = comment;
        var commentErrors = new List<FieldError>();
        var needsComment = act == "comment" || action is WorkflowAction.RequestChanges or WorkflowAction.Withdraw;
        PracticeValidator.CheckText(commentErrors, "comment", comment, PracticeLimits.Comment, required: needsComment);
        foreach (var e in commentErrors) Errors.Add("f-comment", t.Message(e), t["Review.Comment"]);

        if (!Errors.Any && action is { } move)
        {
            if (version != p.Version) Problem = t["Review.Stale"];
            else if (!p.CanApply(move)) Problem = t["Error.IllegalTransition", t["Review.Action." + WorkflowVerbs.Name(move)], t["Status." + p.Status]];
        }
        if (Errors.Any || Problem is not null)
        {
            await DescribeAsync(id, ct);
            return Page();
        }

        try
        {
            if (action is { } apply) await writer.TransitionAsync(p, apply, comment, actor, ct);
            else writer.Comment(p, comment!, actor);
            await writer.SaveAsync(ct);
        }
        catch (IllegalTransitionException)
        {
            Problem = t["Error.IllegalTransition", t["Review.Action." + act], t["Status." + p.Status]];
        }
        catch (DbUpdateConcurrencyException)
        {
            Problem = t["Review.Stale"];
        }
        if (Problem is not null)
        {
            db.ChangeTracker.Clear();
            await DescribeAsync(id, ct);
            return Page();
        }
        return Redirect($"/{Lang}/review/{id}?done={act}");
    }

    private async Task<bool> DescribeAsync(int id, CancellationToken ct)
    {
        var lang = Lang;
        var p = await db.Practices.AsNoTracking().AsSplitQuery()
            .Include(x => x.Texts).Include(x => x.Countries).Include(x => x.Organisations).ThenInclude(o => o.Organisation)
            .Include(x => x.OwnerOrganisation)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return false;
        Id = p.Id;
        Version = p.Version;
        Status = p.Status;
        IsSample = p.IsSample;
        Language = p.OriginalLanguage;
        Text = p.Original;
        Organisation = p.OwnerOrganisation?.DisplayName(lang);
        PeriodStart = p.PeriodStart;
        PeriodEnd = p.PeriodEnd;
        Translations = p.Texts.Where(x => x.Language != p.OriginalLanguage).Select(x => x.Language).Order(StringComparer.Ordinal).ToList();
        var codes = p.Countries.Select(c => c.CountryCode).ToList();
        Countries = (await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code)).ToListAsync(ct)).Select(c => c.Name(lang)).Order().ToList();
        Organisations = p.Organisations.OrderBy(o => o.Position)
            .Select(o => $"{o.Organisation?.DisplayName(lang)} ({t["Role." + o.Role]})").ToList();
        LatestRevision = await db.Revisions.Where(r => r.PracticeId == id).MaxAsync(r => (int?)r.Number, ct);
        PublishedRevision = p.PublishedRevisionId is { } pub
            ? await db.Revisions.Where(r => r.Id == pub).Select(r => (int?)r.Number).FirstOrDefaultAsync(ct)
            : null;
        Events = await db.WorkflowEvents.AsNoTracking().Where(e => e.PracticeId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new Event(e.At, e.UserName, e.Action, e.FromStatus, e.ToStatus, e.Comment)).ToListAsync(ct);
        var actor = HttpContext.Actor();
        Actions = ReviewActions.Where(a => p.CanApply(a) && actor.CanApply(p, a)).ToList();
        return true;
    }
}
