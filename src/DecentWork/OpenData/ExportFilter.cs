using System.Data.Common;
using System.Text;
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

    /// <summary>The filter as SQL conditions on the practice aliased <c>p</c>, each starting with " AND ", with their
    /// parameters added to <paramref name="cmd"/>; the public set's condition spelt as EF spells
    /// <see cref="Practice.IsPublic"/>.</summary>
    public string Sql(DbCommand cmd)
    {
        var sql = new StringBuilder();
        if (PublicOnly) sql.Append(" AND p.\"PublishedRevisionId\" IS NOT NULL AND p.\"Status\" <> 'Withdrawn'");
        else if (Status != "all") Condition(" AND p.\"Status\" = @status", "@status", Enum.Parse<PracticeStatus>(Status!).ToString());
        if (Country is { } c) Condition(" AND EXISTS (SELECT 1 FROM \"PracticeCountries\" f WHERE f.\"PracticeId\" = p.\"Id\" AND f.\"CountryCode\" = @country)", "@country", c);
        if (Theme is { } t) Condition(" AND EXISTS (SELECT 1 FROM \"PracticeConcepts\" f WHERE f.\"PracticeId\" = p.\"Id\" AND f.\"ConceptId\" = @theme)", "@theme", t);
        if (Language is { } l) Condition(" AND p.\"OriginalLanguage\" = @language", "@language", l);
        return sql.ToString();

        void Condition(string condition, string name, string value)
        {
            sql.Append(condition);
            PracticeExport.Add(cmd, name, value);
        }
    }
}
