using DecentWork.Data;
using DecentWork.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Editor;

public class NewModel(AppDb db, PracticeWriter writer, PracticeValidator validator, IStringLocalizer<SharedResource> t)
    : EditorPageModel(db, writer, validator, t)
{
    public override string FormAction => $"/{Lang}/editor/new";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Actor.CanCreate) return StatusCode(StatusCodes.Status403Forbidden);
        Form = new EditorForm { Language = Lang, Licence = "CC-BY-4.0", Lead = Actor.OrganisationId };
        return await RedisplayAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] EditorForm form, [FromForm] string? intent, CancellationToken ct)
    {
        if (!Actor.CanCreate) return StatusCode(StatusCodes.Status403Forbidden);
        Form = form;
        var (input, valid) = await ValidateAsync(null, ct);
        if (!valid) return await RedisplayAsync(ct);
        // The same owner rule as the API: a contributor's practice belongs to their organisation; an editor's to
        // their own organisation, else to the lead organisation named.
        var owner = Actor.IsEditor ? Actor.OrganisationId ?? input.Organisations?.FirstOrDefault()?.Id : Actor.OrganisationId;
        var p = Writer.Create(input, Actor, owner);
        await Writer.AppendRevisionAsync(p, Actor, input.Note, ct);
        await Writer.SaveAsync(ct);
        return await AfterSaveAsync(p, intent, ct);
    }
}
