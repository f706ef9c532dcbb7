using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Pages.Editor;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Cooperation;

/// <summary>Names the cooperation pages show for ids: themes, countries, organisations, in the reader's language.</summary>
public sealed record CoopLookups(IReadOnlyDictionary<string, string> Themes, IReadOnlyDictionary<string, string> Countries, IReadOnlyDictionary<int, string> Organisations, IReadOnlyDictionary<string, string> Regions)
{
    public string Theme(string id) => Themes.GetValueOrDefault(id) ?? id;
    public string Country(string code) => Countries.GetValueOrDefault(code) ?? code;
    public string Organisation(int id) => Organisations.GetValueOrDefault(id) ?? "#" + id;

    /// <remarks>Themes, countries and regions come from the cached search vocabulary (the names every search and
    /// practice page uses); only the organisations are read per request.</remarks>
    public static async Task<CoopLookups> LoadAsync(AppDb db, DecentWork.Search.SearchVocabulary vocabulary, string lang, IEnumerable<int>? organisations, CancellationToken ct)
    {
        var names = (await vocabulary.GetAsync(ct)).NamesIn(lang);
        var ids = organisations?.Distinct().ToList() ?? [];
        var orgs = (await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct)).ToDictionary(o => o.Id, o => o.DisplayName(lang));
        return new(names.Themes, names.Countries, orgs, names.Regions);
    }

    /// <summary>A reason as a sentence: its values named (themes, regions, groups) and put into the localized pattern.</summary>
    public string Reason(IStringLocalizer t, Reason r)
    {
        var values = r.Key switch
        {
            "themes" or "relatedThemes" => string.Join(", ", r.Values.Select(Theme)),
            "languages" => string.Join(", ", r.Values.Select(v => DecentWork.Shared.Languages.Autonym(v))),
            "endorsed" => string.Join(", ", r.Values.Select(v => t["Group." + v].Value)),
            "modalities" => string.Join(", ", r.Values.Select(v => t["Coop.Modality." + v].Value)),
            "region" => Regions.GetValueOrDefault(r.Values[0]) ?? r.Values[0],
            _ => string.Join(", ", r.Values),
        };
        return r.Key == "capacity" ? t["Coop.Reason.capacity", r.Values[0], r.Values[1]] : t["Coop.Reason." + r.Key, values];
    }

    /// <summary>Maps the workflow's field names to the form's input ids, for messages next to the fields.</summary>
    public static FieldErrors Errors(IStringLocalizer t, IEnumerable<FieldError> errors, Func<string, string?> label)
    {
        var e = new FieldErrors();
        foreach (var x in errors) e.Add("f-" + x.Field, t.Message(x), label(x.Field));
        return e;
    }
}
