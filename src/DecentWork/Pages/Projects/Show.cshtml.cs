using System.Globalization;
using DecentWork.Data;
using DecentWork.Pages.Editor;
using DecentWork.Pages.Practices;
using DecentWork.Projects;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Projects;

/// <summary>A project as imported from IATI, in the reader's language where the donor wrote one, with the editors'
/// form to tie it to a practice.</summary>
public class ShowModel(AppDb db, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Text(string Language, string Value);
    public sealed record OrgRow(string Role, Text? Name, string? Ref, string? Type);

    public Project Project { get; private set; } = null!;
    public Text? Title { get; private set; }
    public List<Text> Descriptions { get; private set; } = [];
    public List<OrgRow> Organisations { get; private set; } = [];
    public List<(string Code, string Name, decimal? Percentage)> Countries { get; private set; } = [];
    public List<(string Id, string Label)> Themes { get; private set; } = [];
    public List<PracticeCard> Practices { get; private set; } = [];
    public FieldErrors Errors { get; } = new();
    [BindProperty(SupportsGet = true)] public bool Linked { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
        => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostLinkAsync(int id, string? practice, CancellationToken ct)
    {
        if (!HttpContext.Actor().CanLinkProjects) return Forbid();
        if (!await db.Projects.AnyAsync(p => p.Id == id, ct)) return NotFound();
        var practiceId = ParsePracticeId(practice);
        if (practiceId is null) Errors.Add("practice", t["Project.PracticeInvalid"], t["Project.PracticeId"]);
        else if (!await db.Practices.AnyAsync(p => p.Id == practiceId, ct)) Errors.Add("practice", t["Project.PracticeNotFound", practiceId.Value], t["Project.PracticeId"]);
        if (Errors.Any)
        {
            await LoadAsync(id, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await db.ProjectPractices.AnyAsync(x => x.ProjectId == id && x.PracticeId == practiceId, ct))
        {
            db.ProjectPractices.Add(new ProjectPractice { ProjectId = id, PracticeId = practiceId!.Value, LinkedAt = clock.GetUtcNow().UtcDateTime, LinkedBy = User.Identity?.Name });
            await db.SaveChangesAsync(ct);
        }
        return Redirect($"/{HttpContext.Lang()}/projects/{id}?linked=true#practices");
    }

    public async Task<IActionResult> OnPostUnlinkAsync(int id, int practice, CancellationToken ct)
    {
        if (!HttpContext.Actor().CanLinkProjects) return Forbid();
        await db.ProjectPractices.Where(x => x.ProjectId == id && x.PracticeId == practice).ExecuteDeleteAsync(ct);
        return Redirect($"/{HttpContext.Lang()}/projects/{id}#practices");
    }

    /// <summary>"12", or a practice's address pasted whole (/en/practices/12/slug).</summary>
    private static int? ParsePracticeId(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim();
        var at = s.IndexOf("/practices/", StringComparison.OrdinalIgnoreCase);
        if (at >= 0) s = s[(at + "/practices/".Length)..].Split('/', '?', '#')[0];
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var p = await ProjectsApi.Load(db, id, ct);
        if (p is null) return false;
        Project = p;
        var lang = HttpContext.Lang();
        var titles = p.Texts.Where(x => x.Kind == ProjectTextKind.Title).OrderBy(x => x.Position).Select(x => new Text(x.Language, x.Text)).ToList();
        Title = Pick(titles, lang, p.DefaultLanguage);
        var descriptions = p.Texts.Where(x => x.Kind == ProjectTextKind.Description).OrderBy(x => x.Position).ToList();
        // Show the descriptions of one language: the reader's if there are any, else the language the title is shown in.
        var shown = Pick(descriptions.Select(x => new Text(x.Language, x.Text)).ToList(), lang, Title?.Language ?? p.DefaultLanguage)?.Language;
        Descriptions = descriptions.Where(x => x.Language == shown).Select(x => new Text(x.Language, x.Text)).ToList();
        Organisations = p.Organisations.OrderBy(o => o.IsReporting ? 0 : 1).ThenBy(o => o.Role ?? (OrganisationRole)99).ThenBy(o => o.Position)
            .Select(o => new OrgRow(
                o.IsReporting ? t["Project.Role.Reporting"] : o.Role is { } r ? t["Project.Role." + r] : t["Project.Role.Unknown"],
                Pick(o.Names.Select(n => new Text(n.Language, n.Name)).ToList(), lang, p.DefaultLanguage), o.Ref, o.Type)).ToList();
        var codes = p.Countries.Select(c => c.CountryCode).ToList();
        var names = await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name(lang), ct);
        Countries = p.Countries.OrderBy(c => c.CountryCode).Select(c => (c.CountryCode, names.GetValueOrDefault(c.CountryCode, c.CountryCode), c.Percentage)).ToList();
        if (p.Concepts.Count > 0)
        {
            var view = await ThesaurusView.LoadAsync(db, lang, ct);
            Themes = p.Concepts.Select(c => (c.ConceptId, view.Label(c.ConceptId))).OrderBy(x => x.Item2, StringComparer.CurrentCulture).ToList();
        }
        var linked = p.Practices.Select(x => x.PracticeId).ToList();
        // Readers see only public practices; an editor also sees drafts they linked, so they can unlink them.
        var practices = HttpContext.Actor().IsEditor ? db.Practices.AsNoTracking() : Catalog.Public(db);
        Practices = await Catalog.CardsAsync(db, practices.Where(x => linked.Contains(x.Id)).OrderBy(x => x.Id), lang, ct);
        return true;
    }

    /// <summary>The text in the reader's language (a regional tag counts: "es-ES" for "es"), else in the project's
    /// default language, else the first there is.</summary>
    public static Text? Pick(IReadOnlyList<Text> texts, string lang, string? fallback)
        => texts.FirstOrDefault(x => Same(x.Language, lang))
           ?? (fallback is null ? null : texts.FirstOrDefault(x => Same(x.Language, fallback)))
           ?? texts.FirstOrDefault();

    public static bool Same(string textLanguage, string lang)
        => textLanguage == lang || textLanguage.StartsWith(lang + "-", StringComparison.Ordinal);

    /// <summary>A budget in the page's culture with its ISO currency code ("9.270,00 EUR", "EUR 9,270.00").</summary>
    public static string Money(decimal value, string currency)
    {
        var nfi = (NumberFormatInfo)CultureInfo.CurrentCulture.NumberFormat.Clone();
        nfi.CurrencySymbol = currency;
        return value.ToString("C", nfi);
    }

    public static string Day(DateOnly? d) => d?.ToString("d", CultureInfo.CurrentCulture) ?? "";
}
