using System.Globalization;
using System.Text;

namespace DecentWork.Shared;

public static class Slug
{
    /// <summary>A URL slug from a title. Latin text is folded to ASCII; CJK characters are kept (browsers show them,
    /// and an all-ASCII romanisation we cannot do well would be worse than none).</summary>
    public static string From(string? title, int maxLength = 80)
    {
        if (string.IsNullOrWhiteSpace(title)) return "practice";
        var decomposed = title.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var dash = false;
        foreach (var c in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (c < 128 && char.IsLetterOrDigit(c)) { sb.Append(char.ToLowerInvariant(c)); dash = false; }
            else if (c >= 0x3400 && c <= 0x9FFF) { sb.Append(c); dash = false; }
            else if (!dash && sb.Length > 0) { sb.Append('-'); dash = true; }
            if (sb.Length >= maxLength) break;
        }
        var s = sb.ToString().Trim('-');
        // These are sub-pages of a practice (/practices/{id}/history): a slug must never be mistaken for one.
        return s.Length == 0 ? "practice" : s is "history" or "diff" ? s + "-practice" : s;
    }
}
