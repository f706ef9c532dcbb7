using System.Globalization;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

public sealed record RequestInput(string? Title, string? Need, string? Language, string[]? Themes, string? Country, string[]? Modalities,
    string[]? WorkingLanguages, string? From, string? To, int? OrganisationId = null);

public sealed record OfferInput(string? Title, string? Text, string? Language, int[]? Practices, string[]? Modalities, string[]? WorkingLanguages,
    int? CapacityPerYear, bool? Active = null, int? OrganisationId = null);

public sealed record MatchInput(int? RequestId, int? OfferId, int? PracticeId);
public sealed record ExchangeInput(string? Participants, string? Modality, string? Start, string? End);
public sealed record OutcomeInput(string? Outcome, string? Language, int? Rating);
public sealed record FollowInput(string? Kind, string? Target);
public sealed record ActionInput(string? Action);

/// <summary>Checks cooperation input; field names are the API's (camelCase), so forms map them to their inputs.</summary>
public sealed class CooperationValidator(AppDb db)
{
    public const int MaxThemes = 10;
    public const int MaxPractices = 20;

    public sealed record Checked(List<FieldError> Errors, List<string> Themes, Modality Modalities, List<string> Languages, DateOnly? From, DateOnly? To, string? Language, string? Country);

    public async Task<Checked> RequestAsync(RequestInput i, CancellationToken ct)
    {
        var e = new List<FieldError>();
        Text(e, "title", i.Title, CooperationLimits.Title);
        Text(e, "need", i.Need, CooperationLimits.Text);
        var lang = Language(e, "language", i.Language);
        var themes = (i.Themes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList();
        if (themes.Count > MaxThemes) e.Add(new("themes", "TooMany", MaxThemes));
        var known = await db.Concepts.Where(c => themes.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        foreach (var t in themes.Except(known)) e.Add(new("themes", "UnknownConcept", t));
        string? country = null;
        if (string.IsNullOrWhiteSpace(i.Country)) e.Add(new("country", "Required"));
        else
        {
            country = i.Country.Trim().ToUpperInvariant();
            if (!await db.Countries.AnyAsync(c => c.Code == country, ct)) e.Add(new("country", "UnknownCountry", i.Country));
        }
        var modalities = ModalitySet(e, i.Modalities);
        var languages = LanguageSet(e, i.WorkingLanguages);
        var from = Date(e, "from", i.From);
        var to = Date(e, "to", i.To);
        if (from is not null && to is not null && to < from) e.Add(new("to", "EndBeforeStart"));
        return new(e, known, modalities, languages, from, to, lang, country);
    }

    public async Task<(Checked Checked, List<int> Practices)> OfferAsync(OfferInput i, int organisationId, CancellationToken ct)
    {
        var e = new List<FieldError>();
        Text(e, "title", i.Title, CooperationLimits.Title);
        Text(e, "text", i.Text, CooperationLimits.Text);
        var lang = Language(e, "language", i.Language);
        var ids = (i.Practices ?? []).Distinct().ToList();
        if (ids.Count > MaxPractices) e.Add(new("practices", "TooMany", MaxPractices));
        // An offer stands on the organisation's own record: practices it owns or took part in.
        var own = await db.Practices.Where(p => ids.Contains(p.Id) && (p.OwnerOrganisationId == organisationId || p.Organisations.Any(o => o.OrganisationId == organisationId)))
            .Select(p => p.Id).ToListAsync(ct);
        foreach (var id in ids.Except(own)) e.Add(new("practices", "NotOwnPractice", id));
        var modalities = ModalitySet(e, i.Modalities);
        var languages = LanguageSet(e, i.WorkingLanguages);
        if (i.CapacityPerYear is null) e.Add(new("capacityPerYear", "Required"));
        else if (i.CapacityPerYear is < 1 or > 1000) e.Add(new("capacityPerYear", "OutOfRange", 1000));
        return (new(e, [], modalities, languages, null, null, lang, null), own);
    }

    public static void Text(List<FieldError> e, string field, string? value, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) e.Add(new(field, "Required")); return; }
        if (value.Length > max) e.Add(new(field, "TooLong", max));
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) e.Add(new(field, "ControlCharacters"));
    }

    public static string? Language(List<FieldError> e, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { e.Add(new(field, "Required")); return null; }
        var l = Languages.Normalize(value);
        if (l is null) e.Add(new(field, "UnknownLanguage", value));
        return l;
    }

    public static Modality ModalitySet(List<FieldError> e, string[]? values)
    {
        var set = Modality.None;
        foreach (var v in values ?? [])
        {
            if (Modalities.Parse(v) is { } m) set |= m;
            else e.Add(new("modalities", "InvalidChoice", v));
        }
        if (set == Modality.None && !e.Any(x => x.Field == "modalities")) e.Add(new("modalities", "Required"));
        return set;
    }

    public static List<string> LanguageSet(List<FieldError> e, string[]? values)
    {
        var list = new List<string>();
        foreach (var v in values ?? [])
        {
            if (Languages.Normalize(v) is { } l) { if (!list.Contains(l)) list.Add(l); }
            else e.Add(new("workingLanguages", "UnknownLanguage", v));
        }
        if (list.Count == 0 && !e.Any(x => x.Field == "workingLanguages")) e.Add(new("workingLanguages", "Required"));
        return list;
    }

    public static DateOnly? Date(List<FieldError> e, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1990 and <= 2100) return d;
        e.Add(new(field, "InvalidDate", value));
        return null;
    }
}
