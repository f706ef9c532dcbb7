using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Editor;

public class EditModel(AppDb db, PracticeWriter writer, PracticeValidator validator, IStringLocalizer<SharedResource> t)
    : EditorPageModel(db, writer, validator, t)
{
    public int Id { get; private set; }
    public PracticeStatus Status { get; private set; }
    public string OriginalLanguage { get; private set; } = "en";
    public string CurrentTitle { get; private set; } = "";
    public bool IsSample { get; private set; }
    public bool IsPublished { get; private set; }
    /// <summary>Archived and withdrawn practices are read-only: the page says so instead of showing the form.</summary>
    public bool ReadOnly { get; private set; }
    public List<string> Translations { get; private set; } = [];
    public string? ChangesRequested { get; private set; }
    public string? Done { get; private set; }

    public override string FormAction => $"/{Lang}/editor/{Id}";
    public override string? AutosaveUrl => Status is PracticeStatus.Draft or PracticeStatus.ChangesRequested && !ReadOnly
        ? $"/{Lang}/editor/{Id}?handler=autosave" : null;

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        var p = await Writer.LoadAsync(id, ct);
        if (p is null || !Actor.CanSee(p)) return NotFound();
        if (!Actor.CanEdit(p)) return StatusCode(StatusCodes.Status403Forbidden);
        await DescribeAsync(p, ct);
        if (ReadOnly) return Page();
        Form = EditorForm.From(p);
        Done = done is "saved" or "submitted" or "incomplete" or "notsubmitted" ? done : null;
        // After "save and submit" on an incomplete practice: the draft is saved; show what is missing next to each field.
        if (Done == "incomplete") AddSubmitErrors(PracticeValidator.ReadyToSubmit(p.Original));
        return await RedisplayAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromForm] EditorForm form, [FromForm] string? intent, CancellationToken ct)
    {
        var p = await Writer.LoadAsync(id, ct);
        if (p is null || !Actor.CanSee(p)) return NotFound();
        if (!Actor.CanEdit(p)) return StatusCode(StatusCodes.Status403Forbidden);
        await DescribeAsync(p, ct);
        if (ReadOnly) return Page();
        Form = form;
        if (form.Version != p.Version)
        {
            // Someone saved since this form was loaded: keep their save, give the user back their text, and let a
            // second, deliberate save replace the current version.
            Conflict = true;
            Form.Version = p.Version;
            return await RedisplayAsync(ct);
        }
        var (input, valid) = await ValidateAsync(RolesOf(p), ct);
        if (!valid) return await RedisplayAsync(ct);
        try
        {
            Writer.Update(p, input, Actor);
        }
        catch (IllegalTransitionException)
        {
            ReadOnly = true;
            return Page();
        }
        await Writer.AppendRevisionAsync(p, Actor, input.Note, ct);
        try
        {
            await Writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = true;
            Form.Version = await Db.Practices.Where(x => x.Id == id).Select(x => x.Version).FirstAsync(ct);
            return await RedisplayAsync(ct);
        }
        return await AfterSaveAsync(p, intent, ct);
    }

    /// <summary>The page's script posts the form here a few seconds after the author stops typing: the same save as
    /// "Save draft" (one more revision), answered with the new version for the form instead of a page.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(int id, [FromForm] EditorForm form, CancellationToken ct)
    {
        var p = await Writer.LoadAsync(id, ct);
        if (p is null || !Actor.CanSee(p)) return NotFound();
        if (!Actor.CanEdit(p)) return StatusCode(StatusCodes.Status403Forbidden);
        await DescribeAsync(p, ct);
        // Only drafts: anything else is saved on purpose, with the buttons.
        if (AutosaveUrl is null || form.Version != p.Version) return StatusCode(StatusCodes.Status409Conflict);
        Form = form;
        var (input, valid) = await ValidateAsync(RolesOf(p), ct);
        // An invalid field (a year that is not a number) is shown when the author saves with the button.
        if (!valid) return StatusCode(StatusCodes.Status422UnprocessableEntity);
        Writer.Update(p, input, Actor);
        await Writer.AppendRevisionAsync(p, Actor, input.Note, ct);
        try
        {
            await Writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return StatusCode(StatusCodes.Status409Conflict);
        }
        return new JsonResult(new { version = p.Version });
    }

    private async Task DescribeAsync(Practice p, CancellationToken ct)
    {
        Id = p.Id;
        Status = p.Status;
        OriginalLanguage = p.OriginalLanguage;
        CurrentTitle = p.Original?.Title ?? "";
        IsSample = p.IsSample;
        IsPublished = p.PublishedRevisionId is not null;
        ReadOnly = p.Status is PracticeStatus.Archived or PracticeStatus.Withdrawn;
        Translations = p.Texts.Where(x => x.Language != p.OriginalLanguage).Select(x => x.Language)
            .OrderBy(l => Array.IndexOf(Languages.Supported, l)).ToList();
        if (p.Status == PracticeStatus.ChangesRequested)
            ChangesRequested = await Db.WorkflowEvents.AsNoTracking()
                .Where(e => e.PracticeId == p.Id && e.Action == "request-changes")
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Comment).FirstOrDefaultAsync(ct);
    }
}
