using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Editor;

/// <summary>Adds or edits one translation, with the original text beside each field for reference.</summary>
public class TranslationModel(PracticeWriter writer, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed class TranslationForm
    {
        public int Version { get; set; }
        public string? Title { get; set; }
        public string? Summary { get; set; }
        public string? Context { get; set; }
        public string? Approach { get; set; }
        public string? Implementation { get; set; }
        public string? Results { get; set; }
        public string? Lessons { get; set; }
        public string? Transferability { get; set; }
        public string? Note { get; set; }

        public string? Field(string name) => name switch
        {
            "Title" => Title, "Summary" => Summary, "Context" => Context, "Approach" => Approach, "Implementation" => Implementation,
            "Results" => Results, "Lessons" => Lessons, "Transferability" => Transferability, _ => null,
        };

        public TranslationInput ToInput() => new()
        {
            Title = Title, Summary = Summary, Note = Note,
            Sections = new SectionsDto
            {
                Context = Context, Approach = Approach, Implementation = Implementation,
                Results = Results, Lessons = Lessons, Transferability = Transferability,
            },
        };
    }

    public static readonly string[] Fields = ["Title", "Summary", .. EditorForm.SectionNames];

    public TranslationForm Form { get; set; } = new();
    public FieldErrors Errors { get; } = new();
    public string Lang => HttpContext.Lang();
    public int Id { get; private set; }
    public string TargetLanguage { get; private set; } = "";
    public string OriginalLanguage { get; private set; } = "";
    public bool Exists { get; private set; }
    public bool ReadOnly { get; private set; }
    public bool Conflict { get; private set; }
    public bool Saved { get; private set; }
    public PracticeStatus Status { get; private set; }
    public Dictionary<string, string> Original { get; } = [];

    public async Task<IActionResult> OnGetAsync(int id, string tlang, string? done, CancellationToken ct)
    {
        var (p, result) = await LoadAsync(id, tlang, ct);
        if (p is null) return result!;
        if (!ReadOnly)
        {
            var x = p.Texts.FirstOrDefault(x => x.Language == TargetLanguage);
            Form = new TranslationForm
            {
                Version = p.Version, Title = x?.Title, Summary = x?.Summary, Context = x?.Context, Approach = x?.Approach,
                Implementation = x?.Implementation, Results = x?.Results, Lessons = x?.Lessons, Transferability = x?.Transferability,
            };
            Saved = done == "saved";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string tlang, [FromForm] TranslationForm form, CancellationToken ct)
    {
        var (p, result) = await LoadAsync(id, tlang, ct);
        if (p is null) return result!;
        if (ReadOnly) return Page();
        Form = form;
        if (form.Version != p.Version)
        {
            Conflict = true;
            Form.Version = p.Version;
            return Page();
        }
        var input = form.ToInput();
        foreach (var e in PracticeValidator.ValidateTranslation(input))
        {
            var name = e.Field.StartsWith("sections.", StringComparison.Ordinal) ? e.Field["sections.".Length..] : e.Field;
            var field = Fields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
            Errors.Add("f-" + name.ToLowerInvariant(), t.Message(e), field is null ? t["Editor.Note"] : t["Section." + field]);
        }
        if (Errors.Any) return Page();
        try
        {
            writer.SetTranslation(p, TargetLanguage, input, HttpContext.Actor());
        }
        catch (IllegalTransitionException)
        {
            ReadOnly = true;
            return Page();
        }
        await writer.AppendRevisionAsync(p, HttpContext.Actor(), input.Note, ct);
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = true;
            return Page();
        }
        return Redirect($"/{Lang}/editor/{id}/translations/{TargetLanguage}?done=saved");
    }

    private async Task<(Practice? Practice, IActionResult? Result)> LoadAsync(int id, string tlang, CancellationToken ct)
    {
        if (!Languages.IsSupported(tlang)) return (null, NotFound());
        var p = await writer.LoadAsync(id, ct);
        var actor = HttpContext.Actor();
        if (p is null || !actor.CanSee(p)) return (null, NotFound());
        if (!actor.CanEdit(p)) return (null, StatusCode(StatusCodes.Status403Forbidden));
        // The original is edited in the guided template, not here.
        if (tlang == p.OriginalLanguage) return (null, Redirect($"/{Lang}/editor/{id}"));
        Id = p.Id;
        TargetLanguage = tlang;
        OriginalLanguage = p.OriginalLanguage;
        Status = p.Status;
        Exists = p.Texts.Any(x => x.Language == tlang);
        ReadOnly = p.Status is PracticeStatus.Archived or PracticeStatus.Withdrawn;
        var o = p.Original;
        Original["Title"] = o?.Title ?? "";
        Original["Summary"] = o?.Summary ?? "";
        Original["Context"] = o?.Context ?? "";
        Original["Approach"] = o?.Approach ?? "";
        Original["Implementation"] = o?.Implementation ?? "";
        Original["Results"] = o?.Results ?? "";
        Original["Lessons"] = o?.Lessons ?? "";
        Original["Transferability"] = o?.Transferability ?? "";
        return (p, null);
    }
}
