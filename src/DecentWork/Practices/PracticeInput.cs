using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Practices;

/// <summary>The create/update body of the API, the JSON Lines import record and what the editor form binds to.</summary>
public sealed record PracticeInput
{
    public string? Language { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public SectionsDto? Sections { get; init; }
    public List<string>? Countries { get; init; }
    public List<string>? Themes { get; init; }
    public List<string>? Pillars { get; init; }
    public List<string>? SdgTargets { get; init; }
    public List<string>? Standards { get; init; }
    public List<OrganisationRef>? Organisations { get; init; }
    public PeriodDto? Period { get; init; }
    public string? Scale { get; init; }
    public string? Licence { get; init; }
    public List<IndicatorDto>? Indicators { get; init; }
    public List<SourceDto>? Sources { get; init; }
    /// <summary>What this save changed, in the author's words; kept on the revision.</summary>
    public string? Note { get; init; }
}

public sealed record TranslationInput
{
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public SectionsDto? Sections { get; init; }
    public string? Note { get; init; }
}

/// <summary>A validation failure as a code (a resource key) so the API and the pages can word it in the reader's language.</summary>
public sealed record FieldError(string Field, string Code, object? Arg = null);

public sealed class PracticeValidator(AppDb db)
{
    public async Task<List<FieldError>> ValidateAsync(PracticeInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (input.Language is null) errors.Add(new("language", "Required"));
        else if (Languages.Normalize(input.Language) is null) errors.Add(new("language", "UnknownLanguage", input.Language));
        CheckText(errors, "title", input.Title, PracticeLimits.Title, required: true);
        CheckText(errors, "summary", input.Summary, PracticeLimits.Summary, required: true);
        CheckSections(errors, input.Sections);

        await CheckCodes(errors, "countries", input.Countries, c => c.ToUpperInvariant(), db.Countries.Select(c => c.Code), "UnknownCountry", ct);
        await CheckCodes(errors, "themes", input.Themes, c => c.Trim(), db.Concepts.Select(c => c.Id), "UnknownConcept", ct);
        await CheckCodes(errors, "pillars", input.Pillars, c => c.Trim(), db.Pillars.Select(c => c.Id), "UnknownPillar", ct);
        await CheckCodes(errors, "sdgTargets", input.SdgTargets, c => c.Trim(), db.SdgTargets.Select(c => c.Id), "UnknownSdgTarget", ct);
        await CheckCodes(errors, "standards", input.Standards, c => c.Trim().ToUpperInvariant(), db.LabourStandards.Select(c => c.Code), "UnknownStandard", ct);

        if (input.Organisations is { } orgs)
        {
            if (orgs.Count > PracticeLimits.MaxListItems) errors.Add(new("organisations", "TooMany", PracticeLimits.MaxListItems));
            var ids = orgs.Select(o => o.Id).Distinct().ToList();
            var known = await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
            for (var i = 0; i < orgs.Count; i++)
            {
                if (!known.Contains(orgs[i].Id)) errors.Add(new($"organisations[{i}]", "UnknownOrganisation", orgs[i].Id));
                if (orgs[i].Role is { } r && !PracticeLimits.OrganisationRoles.Contains(r)) errors.Add(new($"organisations[{i}].role", "InvalidChoice", r));
            }
        }
        if (input.Scale is { Length: > 0 } s && !PracticeLimits.Scales.Contains(s)) errors.Add(new("scale", "InvalidChoice", s));
        if (input.Licence is { Length: > 40 }) errors.Add(new("licence", "TooLong", 40));
        if (input.Period is { } p)
        {
            if (p.Start is { } a && !IsYear(a)) errors.Add(new("period.start", "InvalidYear", a));
            if (p.End is { } b && !IsYear(b)) errors.Add(new("period.end", "InvalidYear", b));
            if (p.Start is { } a2 && p.End is { } b2 && b2 < a2) errors.Add(new("period.end", "EndBeforeStart"));
        }
        if (input.Indicators is { } inds)
        {
            if (inds.Count > PracticeLimits.MaxIndicators) errors.Add(new("indicators", "TooMany", PracticeLimits.MaxIndicators));
            for (var i = 0; i < inds.Count; i++)
            {
                var f = $"indicators[{i}]";
                CheckText(errors, f + ".name", inds[i].Name, PracticeLimits.ShortText, required: true);
                CheckText(errors, f + ".unit", inds[i].Unit, 40, required: false);
                CheckText(errors, f + ".source", inds[i].Source, PracticeLimits.ShortText, required: false);
                if (inds[i].Baseline?.Year is { } by && !IsYear(by)) errors.Add(new(f + ".baseline.year", "InvalidYear", by));
                if (inds[i].Result?.Year is { } ry && !IsYear(ry)) errors.Add(new(f + ".result.year", "InvalidYear", ry));
                if (inds[i].Result?.Value is null && inds[i].Baseline?.Value is null) errors.Add(new(f + ".result.value", "Required"));
            }
        }
        if (input.Sources is { } srcs)
        {
            if (srcs.Count > PracticeLimits.MaxSources) errors.Add(new("sources", "TooMany", PracticeLimits.MaxSources));
            for (var i = 0; i < srcs.Count; i++)
            {
                var f = $"sources[{i}]";
                CheckText(errors, f + ".title", srcs[i].Title, PracticeLimits.ShortText, required: true);
                CheckText(errors, f + ".publisher", srcs[i].Publisher, PracticeLimits.ShortText, required: false);
                if (srcs[i].Year is { } y && !IsYear(y)) errors.Add(new(f + ".year", "InvalidYear", y));
                if (srcs[i].Url is { Length: > 0 } u && !IsHttpUrl(u)) errors.Add(new(f + ".url", "InvalidUrl"));
            }
        }
        CheckText(errors, "note", input.Note, 1000, required: false);
        return errors;
    }

    public static List<FieldError> ValidateTranslation(TranslationInput input)
    {
        var errors = new List<FieldError>();
        CheckText(errors, "title", input.Title, PracticeLimits.Title, required: true);
        CheckText(errors, "summary", input.Summary, PracticeLimits.Summary, required: true);
        CheckSections(errors, input.Sections);
        CheckText(errors, "note", input.Note, 1000, required: false);
        return errors;
    }

    /// <summary>A draft may leave sections empty; a submission must carry what a reviewer needs to judge it.</summary>
    public static List<FieldError> ReadyToSubmit(PracticeText? original)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(original?.Title)) errors.Add(new("title", "RequiredToSubmit"));
        if (string.IsNullOrWhiteSpace(original?.Summary)) errors.Add(new("summary", "RequiredToSubmit"));
        if (string.IsNullOrWhiteSpace(original?.Context)) errors.Add(new("sections.context", "RequiredToSubmit"));
        if (string.IsNullOrWhiteSpace(original?.Approach)) errors.Add(new("sections.approach", "RequiredToSubmit"));
        if (string.IsNullOrWhiteSpace(original?.Results)) errors.Add(new("sections.results", "RequiredToSubmit"));
        return errors;
    }

    private static void CheckSections(List<FieldError> errors, SectionsDto? sections)
    {
        if (sections is null) return;
        foreach (var n in SectionsDto.Names) CheckText(errors, "sections." + n, sections.Get(n), PracticeLimits.Section, required: false);
    }

    internal static void CheckText(List<FieldError> errors, string field, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "Required"));
            return;
        }
        if (value.Length > max) errors.Add(new(field, "TooLong", max));
        else if (HasControlCharacters(value)) errors.Add(new(field, "ControlCharacters"));
    }

    /// <summary>Tabs and line breaks are text; other C0/C1 controls only corrupt exports and feeds.</summary>
    public static bool HasControlCharacters(string s)
    {
        foreach (var c in s)
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7F && c <= 0x9F)) return true;
        return false;
    }

    private static async Task CheckCodes(List<FieldError> errors, string field, List<string>? values, Func<string, string> norm,
        IQueryable<string> known, string code, CancellationToken ct)
    {
        if (values is null || values.Count == 0) return;
        if (values.Count > PracticeLimits.MaxListItems) { errors.Add(new(field, "TooMany", PracticeLimits.MaxListItems)); return; }
        var wanted = values.Where(v => v is not null).Select(norm).Distinct().ToList();
        var found = await known.Where(k => wanted.Contains(k)).ToListAsync(ct);
        for (var i = 0; i < values.Count; i++)
            if (values[i] is null || !found.Contains(norm(values[i]))) errors.Add(new($"{field}[{i}]", code, values[i]));
    }

    private static bool IsYear(int y) => y is >= 1900 and <= 2100;
    private static bool IsHttpUrl(string u) => u.Length <= 2000 && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http");
}
