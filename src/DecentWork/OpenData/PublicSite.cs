using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.Extensions.Options;

namespace DecentWork.OpenData;

/// <summary>Absolute public URLs, the same in every format (OAI identifiers, sitemaps, feeds, JSON-LD), so that a
/// harvester, a crawler and a reader all name a practice the same way.</summary>
public sealed class PublicSite(IOptions<OpenDataOptions> options)
{
    public string BaseUrl(HttpRequest request)
        => (options.Value.BaseUrl is { Length: > 0 } b ? b : $"{request.Scheme}://{request.Host.Value}").TrimEnd('/');

    /// <summary>The practice page in a UI language, with the slug that page would redirect to (its text in that
    /// language when there is one, else the original), so the URL is canonical.</summary>
    public static string PracticePath(string lang, int id, PracticeContent c)
    {
        var text = c.Texts.TryGetValue(lang, out var t) && (t.Title.Length > 0 || t.Summary.Length > 0) ? t
            : c.Texts.GetValueOrDefault(c.Language) ?? c.Texts.Values.FirstOrDefault();
        return $"/{lang}/practices/{id}/{Uri.EscapeDataString(Slug.From(text?.Title))}";
    }

    /// <summary>The languages a published practice can be read in: those with a title or summary, original first.</summary>
    public static List<string> Languages(PracticeContent c)
        => c.Texts.Where(kv => kv.Value.Title.Length > 0 || kv.Value.Summary.Length > 0).Select(kv => kv.Key)
            .OrderBy(l => l == c.Language ? 0 : 1).ThenBy(l => Array.IndexOf(Shared.Languages.Supported, l)).ToList();

    public static string LicenceUrl(string licence) => licence.ToUpperInvariant() switch
    {
        "CC-BY-4.0" => "https://creativecommons.org/licenses/by/4.0/",
        "CC-BY-SA-4.0" => "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC-BY-NC-4.0" => "https://creativecommons.org/licenses/by-nc/4.0/",
        "CC0-1.0" => "https://creativecommons.org/publicdomain/zero/1.0/",
        _ => licence,
    };
}
