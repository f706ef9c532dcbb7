namespace DecentWork.Shared;

/// <summary>The languages of the UI and the content tags the platform accepts (BCP 47).</summary>
public static class Languages
{
    public static readonly string[] Supported = ["en", "fr", "es", "zh"];
    public const string Default = "en";

    /// <summary>Normalises a BCP 47 tag to one of the supported codes; null when unsupported.</summary>
    /// <remarks>zh-Hans, zh-CN and zh-SG all mean Simplified Chinese here; Traditional Chinese (zh-Hant, zh-TW) is not
    /// offered yet, and silently showing Simplified to a reader who asked for Traditional would be wrong.</remarks>
    public static string? Normalize(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var t = tag.Trim().Replace('_', '-').ToLowerInvariant();
        if (t is "zh-hant" or "zh-tw" or "zh-hk" or "zh-mo" || t.StartsWith("zh-hant-")) return null;
        var primary = t.Split('-')[0];
        return Array.IndexOf(Supported, primary) >= 0 ? primary : null;
    }

    public static bool IsSupported(string? code) => code is not null && Array.IndexOf(Supported, code) >= 0;

    /// <summary>The language's own name, shown in the language switcher whatever the UI language is.</summary>
    public static string Autonym(string code) => code switch
    {
        "en" => "English",
        "fr" => "Français",
        "es" => "Español",
        "zh" => "中文",
        _ => code,
    };

    /// <summary>The tag to put in an HTML lang attribute (zh content is Simplified Chinese).</summary>
    public static string HtmlTag(string code) => code == "zh" ? "zh-Hans" : code;

    /// <summary>Picks the text for a reader: their language, else the original.</summary>
    public static string Pick(string lang, string? en, string? fr, string? es, string? zh) => lang switch
    {
        "fr" when !string.IsNullOrEmpty(fr) => fr,
        "es" when !string.IsNullOrEmpty(es) => es,
        "zh" when !string.IsNullOrEmpty(zh) => zh,
        _ => en ?? fr ?? es ?? zh ?? "",
    };
}
