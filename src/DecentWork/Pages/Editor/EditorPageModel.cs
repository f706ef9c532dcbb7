using System.Globalization;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Editor;

public sealed record Choice(string Value, string Label, bool IsSample = false);
public sealed record ChoiceGroup(string Id, string Label, List<Choice> Choices);

/// <summary>The guided template for a practice's original language, shared by "new" and "edit".</summary>
public abstract class EditorPageModel(AppDb db, PracticeWriter writer, PracticeValidator validator, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Licences = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"];

    protected AppDb Db => db;
    protected PracticeWriter Writer => writer;
    protected IStringLocalizer<SharedResource> T => t;

    public EditorForm Form { get; set; } = new();
    public FieldErrors Errors { get; } = new();
    public string Lang => HttpContext.Lang();
    public Actor Actor => HttpContext.Actor();

    public List<Choice> Countries { get; private set; } = [];
    public List<ChoiceGroup> ThemeGroups { get; private set; } = [];
    public List<Choice> Pillars { get; private set; } = [];
    public List<Choice> SdgTargets { get; private set; } = [];
    public List<Choice> Standards { get; private set; } = [];
    public List<Choice> Organisations { get; private set; } = [];

    /// <summary>The URL the form posts to.</summary>
    public abstract string FormAction { get; }

    /// <summary>Where the page's script saves the draft in the background; null where there is no draft to save yet
    /// (a new practice) or the practice is not a draft (a submission must not change under its reviewer).</summary>
    public virtual string? AutosaveUrl => null;

    /// <summary>A message shown above the form (conflict, saved but not submitted).</summary>
    public string? Message { get; set; }
    public bool Conflict { get; set; }

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        var lang = Lang;
        var culture = CultureInfo.GetCultureInfo(lang == "zh" ? "zh-Hans" : lang);
        var byName = StringComparer.Create(culture, CompareOptions.IgnoreCase);

        var countries = await db.Countries.AsNoTracking().ToListAsync(ct);
        Countries = countries.Select(c => new Choice(c.Code, c.Name(lang))).OrderBy(c => c.Label, byName).ToList();

        var concepts = await db.Concepts.AsNoTracking().Include(c => c.Labels.Where(l => l.Kind == LabelKind.Pref)).ToListAsync(ct);
        var broader = (await db.ConceptRelations.AsNoTracking().Where(r => r.Kind == RelationKind.Broader)
            .Select(r => new { r.FromId, r.ToId }).ToListAsync(ct))
            .GroupBy(r => r.FromId).ToDictionary(g => g.Key, g => g.Select(r => r.ToId).Order(StringComparer.Ordinal).First());
        string Top(string id)
        {
            for (var depth = 0; depth < 20 && broader.TryGetValue(id, out var up); depth++) id = up;
            return id;
        }
        var labels = concepts.ToDictionary(c => c.Id, c => c.Label(lang));
        ThemeGroups = concepts.Where(c => !broader.ContainsKey(c.Id))
            .Select(top => new ChoiceGroup(top.Id, labels[top.Id],
                concepts.Where(c => Top(c.Id) == top.Id).Select(c => new Choice(c.Id, labels[c.Id]))
                    .OrderBy(c => c.Value == top.Id ? 0 : 1).ThenBy(c => c.Label, byName).ToList()))
            .OrderBy(g => g.Label, byName).ToList();

        Pillars = (await db.Pillars.AsNoTracking().OrderBy(p => p.Position).ToListAsync(ct)).Select(p => new Choice(p.Id, p.Name(lang))).ToList();
        SdgTargets = (await db.SdgTargets.AsNoTracking().ToListAsync(ct))
            .OrderBy(s => s.Goal).ThenBy(s => s.Id, NaturalOrder.Instance)
            .Select(s => new Choice(s.Id, s.Title(lang))).ToList();
        Standards = (await db.LabourStandards.AsNoTracking().ToListAsync(ct))
            .OrderBy(s => s.Kind).ThenBy(s => s.Number)
            .Select(s => new Choice(s.Code, s.Title(lang))).ToList();
        Organisations = (await db.Organisations.AsNoTracking().ToListAsync(ct))
            .Select(o => new Choice(o.Id.ToString(CultureInfo.InvariantCulture),
                o.Acronym is { Length: > 0 } a ? $"{o.DisplayName(lang)} ({a})" : o.DisplayName(lang), o.IsSample))
            .OrderBy(o => o.Label, byName).ToList();
    }

    /// <summary>Maps the form to the input, validates it and records every problem against its input id.</summary>
    protected async Task<(PracticeInput Input, bool Valid)> ValidateAsync(IReadOnlyDictionary<int, string>? existingRoles, CancellationToken ct)
    {
        var parseErrors = new List<(string Id, string Key, string Arg)>();
        var indicatorRows = new List<int>();
        var sourceRows = new List<int>();
        var input = Form.ToInput(parseErrors, indicatorRows, sourceRows, existingRoles);
        foreach (var (id, key, arg) in parseErrors) Errors.Add(id, t[key, arg], Label(id));
        foreach (var e in await validator.ValidateAsync(input, ct))
        {
            // A number that did not parse was sent as empty; its "required" error would only repeat the parse error.
            var id = Form.FieldId(e.Field, indicatorRows, sourceRows);
            if (e.Code == "Required" && id.EndsWith("-result-value", StringComparison.Ordinal)
                && parseErrors.Any(p => p.Id.StartsWith(id[..^"result-value".Length], StringComparison.Ordinal))) continue;
            Errors.Add(id, t.Message(e), Label(id));
        }
        Errors.SortBy(Rank);
        return (input, !Errors.Any);
    }

    protected void AddSubmitErrors(List<FieldError> missing)
    {
        foreach (var e in missing)
        {
            var id = Form.FieldId(e.Field, [], []);
            Errors.Add(id, t.Message(e), Label(id));
        }
    }

    private static readonly string[] PageOrder =
    [
        "f-language", "f-title", "f-summary", "f-context", "f-approach", "f-implementation", "f-results", "f-lessons", "f-transferability",
        "f-countries", "f-themes", "f-pillars", "f-sdgtargets", "f-standards", "f-lead", "f-partners", "f-period-start", "f-period-end",
        "f-scale", "f-licence", "f-indicators", "f-ind-", "f-sources", "f-src-", "f-note",
    ];
    private static readonly string[] RowOrder =
        ["name", "title", "unit", "publisher", "baseline-value", "baseline-year", "result-value", "result-year", "year", "source", "url"];

    /// <summary>Where an input comes on the page, so the error summary lists problems top to bottom.</summary>
    private static int Rank(string id)
    {
        var row = System.Text.RegularExpressions.Regex.Match(id, @"^(f-(?:ind|src)-)(\d+)-(.+)$");
        if (row.Success)
            return Array.IndexOf(PageOrder, row.Groups[1].Value) * 10000 + int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture) * 20
                + Array.IndexOf(RowOrder, row.Groups[3].Value);
        var i = Array.IndexOf(PageOrder, id);
        return (i < 0 ? PageOrder.Length : i) * 10000;
    }

    /// <summary>The visible label of an input, for the error summary.</summary>
    protected string? Label(string id)
    {
        var row = System.Text.RegularExpressions.Regex.Match(id, @"^f-(ind|src)-(\d+)-(.+)$");
        if (row.Success)
        {
            var n = int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture) + 1;
            var ind = row.Groups[1].Value == "ind";
            var key = (ind, row.Groups[3].Value) switch
            {
                (true, "name") => "Editor.Ind.Name", (true, "unit") => "Editor.Ind.Unit", (true, "source") => "Editor.Ind.Source",
                (true, "baseline-value") => "Editor.Ind.BaselineValue", (true, "baseline-year") => "Editor.Ind.BaselineYear",
                (true, "result-value") => "Editor.Ind.ResultValue", (true, "result-year") => "Editor.Ind.ResultYear",
                (false, "title") => "Editor.Src.Title", (false, "publisher") => "Editor.Src.Publisher",
                (false, "year") => "Field.Year", (false, "url") => "Editor.Src.Url",
                _ => null,
            };
            var group = t[ind ? "Editor.IndicatorN" : "Editor.SourceN", n];
            return key is null ? group.Value : t["Form.RowField", group, t[key]].Value;
        }
        var k = id switch
        {
            "f-language" => "Field.Language", "f-title" => "Section.Title", "f-summary" => "Section.Summary",
            "f-countries" => "Field.Countries", "f-themes" => "Field.Themes", "f-pillars" => "Field.Pillars",
            "f-sdgtargets" => "Field.SdgTargets", "f-standards" => "Field.Standards", "f-lead" => "Editor.Lead",
            "f-partners" => "Editor.Partners", "f-period-start" => "Field.PeriodStart", "f-period-end" => "Field.PeriodEnd",
            "f-scale" => "Field.Scale", "f-licence" => "Field.Licence", "f-note" => "Editor.Note",
            "f-indicators" => "Field.Indicators", "f-sources" => "Field.Sources",
            _ => EditorForm.SectionNames.FirstOrDefault(n => "f-" + n.ToLowerInvariant() == id) is { } section ? "Section." + section : null,
        };
        return k is null ? null : t[k].Value;
    }

    /// <summary>After a save: submits when asked and the practice is complete enough; otherwise the draft stays saved and
    /// the editor shows what is missing next to each field.</summary>
    protected async Task<IActionResult> AfterSaveAsync(Practice p, string? intent, CancellationToken ct)
    {
        var here = $"/{Lang}/editor/{p.Id}";
        if (intent != "submit") return Redirect(here + "?done=saved");
        if (p.Status == PracticeStatus.Submitted) return Redirect(here + "?done=submitted");
        if (PracticeValidator.ReadyToSubmit(p.Original).Count > 0) return Redirect(here + "?done=incomplete");
        if (!Actor.CanApply(p, WorkflowAction.Submit) || !p.CanApply(WorkflowAction.Submit)) return Redirect(here + "?done=saved");
        await writer.TransitionAsync(p, WorkflowAction.Submit, null, Actor, ct);
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Redirect(here + "?done=notsubmitted");
        }
        return Redirect(here + "?done=submitted");
    }

    protected static IReadOnlyDictionary<int, string> RolesOf(Practice p) => p.Organisations.ToDictionary(o => o.OrganisationId, o => o.Role);

    /// <summary>Re-shows the form after a failed post: choices reloaded, blank rows offered again.</summary>
    protected async Task<PageResult> RedisplayAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        Form.PadRows();
        return Page();
    }
}

internal static class NaturalOrder
{
    /// <summary>"8.10" after "8.9": SDG target ids compared part by part, numbers as numbers.</summary>
    public static readonly IComparer<string> Instance = Comparer<string>.Create((a, b) =>
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var c = int.TryParse(pa[i], out var na) && int.TryParse(pb[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    });
}
