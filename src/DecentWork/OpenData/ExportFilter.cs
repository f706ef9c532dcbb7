using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;

namespace DecentWork.OpenData;

/// <summary>Which practices an export holds. <c>Status</c> null means the public set (published, not withdrawn);
/// "all" or a status name is for editors and the command line only.</summary>
public sealed record ExportFilter(string? Country, string? Theme, string? Language, string? Status)
{
    public bool PublicOnly => Status is null;

    /// <summary>Parses the CLI's <c>country=SEN,theme=…</c> or the API's query values; adds an error per bad value.</summary>
    public static ExportFilter Parse(IEnumerable<KeyValuePair<string, string?>> values, List<FieldError> errors)
    {
        string? country = null, theme = null, language = null, status = null;
        foreach (var (key, raw) in values)
        {
            var v = raw?.Trim();
            if (string.IsNullOrEmpty(v)) continue;
            switch (key.Trim().ToLowerInvariant())
            {
                case "country":
                    if (v.Length == 3 && v.All(char.IsAsciiLetter)) country = v.ToUpperInvariant();
                    else errors.Add(new("country", "UnknownCountry", v));
                    break;
                case "theme": theme = v; break;
                case "language":
                    language = Languages.Normalize(v);
                    if (language is null) errors.Add(new("language", "UnknownLanguage", v));
                    break;
                case "status":
                    if (v.Equals("published", StringComparison.OrdinalIgnoreCase)) status = null;
                    else if (v.Equals("all", StringComparison.OrdinalIgnoreCase)) status = "all";
                    else if (Enum.TryParse<PracticeStatus>(v, true, out var s)) status = s.ToString();
                    else errors.Add(new("status", "InvalidChoice", v));
                    break;
                default: errors.Add(new(key, "InvalidChoice", key)); break;
            }
        }
        return new ExportFilter(country, theme, language, status);
    }

    public static ExportFilter ParseOption(string? option, List<FieldError> errors)
        => Parse((option ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p.Length > 1 ? p[1] : null)), errors);

    public IQueryable<Practice> Apply(AppDb db)
    {
        var q = db.Practices.AsQueryable();
        if (PublicOnly) q = q.Where(p => p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn);
        else if (Status != "all")
        {
            var s = Enum.Parse<PracticeStatus>(Status!);
            q = q.Where(p => p.Status == s);
        }
        if (Country is { } c) q = q.Where(p => p.Countries.Any(x => x.CountryCode == c));
        if (Theme is { } t) q = q.Where(p => p.Concepts.Any(x => x.ConceptId == t));
        if (Language is { } l) q = q.Where(p => p.OriginalLanguage == l);
        return q;
    }
}
