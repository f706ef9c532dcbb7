using System.Globalization;
using System.Text.RegularExpressions;
using DecentWork.Practices;

namespace DecentWork.Pages.Editor;

/// <summary>What the editor form posts. Numbers arrive as text and are parsed here, invariantly and accepting a decimal
/// comma, because model binding would parse them in the UI culture and reject "12.5" on the French page.</summary>
public sealed class EditorForm
{
    public const int BlankRows = 2;
    public static readonly string[] SectionNames = ["Context", "Approach", "Implementation", "Results", "Lessons", "Transferability"];

    public int Version { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Context { get; set; }
    public string? Approach { get; set; }
    public string? Implementation { get; set; }
    public string? Results { get; set; }
    public string? Lessons { get; set; }
    public string? Transferability { get; set; }
    public List<string> Countries { get; set; } = [];
    public List<string> Themes { get; set; } = [];
    public List<string> Pillars { get; set; } = [];
    public List<string> SdgTargets { get; set; } = [];
    public List<string> Standards { get; set; } = [];
    public int? Lead { get; set; }
    public List<int> Partners { get; set; } = [];
    public string? PeriodStart { get; set; }
    public string? PeriodEnd { get; set; }
    public string? Scale { get; set; }
    public string? Licence { get; set; }
    public List<IndicatorRow> Indicators { get; set; } = [];
    public List<SourceRow> Sources { get; set; } = [];
    public string? Note { get; set; }

    public string? Section(string name) => name switch
    {
        "Context" => Context, "Approach" => Approach, "Implementation" => Implementation,
        "Results" => Results, "Lessons" => Lessons, "Transferability" => Transferability, _ => null,
    };

    public static EditorForm From(Practice p)
    {
        var t = p.Original;
        return new EditorForm
        {
            Version = p.Version,
            Language = p.OriginalLanguage,
            Title = t?.Title, Summary = t?.Summary,
            Context = t?.Context, Approach = t?.Approach, Implementation = t?.Implementation,
            Results = t?.Results, Lessons = t?.Lessons, Transferability = t?.Transferability,
            Countries = p.Countries.Select(c => c.CountryCode).ToList(),
            Themes = p.Concepts.Select(c => c.ConceptId).ToList(),
            Pillars = p.Pillars.Select(c => c.PillarId).ToList(),
            SdgTargets = p.SdgTargets.Select(c => c.SdgTargetId).ToList(),
            Standards = p.Standards.Select(c => c.StandardCode).ToList(),
            Lead = p.Organisations.OrderBy(o => o.Position).FirstOrDefault(o => o.Role == "lead")?.OrganisationId,
            Partners = p.Organisations.Where(o => o.Role != "lead").OrderBy(o => o.Position).Select(o => o.OrganisationId).ToList(),
            PeriodStart = p.PeriodStart?.ToString(CultureInfo.InvariantCulture),
            PeriodEnd = p.PeriodEnd?.ToString(CultureInfo.InvariantCulture),
            Scale = p.Scale,
            Licence = p.Licence,
            Indicators = p.Indicators.OrderBy(i => i.Position).Select(i => new IndicatorRow
            {
                Name = i.Name, Unit = i.Unit, Source = i.Source,
                BaselineValue = Number(i.BaselineValue), BaselineYear = i.BaselineYear?.ToString(CultureInfo.InvariantCulture),
                ResultValue = Number(i.ResultValue), ResultYear = i.ResultYear?.ToString(CultureInfo.InvariantCulture),
            }).ToList(),
            Sources = p.Sources.OrderBy(s => s.Position).Select(s => new SourceRow
            {
                Title = s.Title, Publisher = s.Publisher, Year = s.Year?.ToString(CultureInfo.InvariantCulture), Url = s.Url,
            }).ToList(),
        };
    }

    private static string? Number(decimal? d) => d?.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Makes sure the form ends with empty rows to fill in. Rows are never removed or renumbered, so error
    /// messages stay next to the row they are about.</summary>
    public void PadRows()
    {
        while (Indicators.Count < BlankRows || !Indicators.TakeLast(BlankRows).All(r => r.IsBlank)) Indicators.Add(new IndicatorRow());
        while (Sources.Count < BlankRows || !Sources.TakeLast(BlankRows).All(r => r.IsBlank)) Sources.Add(new SourceRow());
    }

    /// <summary>The form as the validator and the writer take it. Unparseable numbers are reported through
    /// <paramref name="parseErrors"/> (input id, resource key, argument); the row maps give, for each indicator and
    /// source of the result, the form row it came from (blank rows are skipped).</summary>
    public PracticeInput ToInput(List<(string Id, string Key, string Arg)> parseErrors, List<int> indicatorRows, List<int> sourceRows,
        IReadOnlyDictionary<int, string>? existingRoles = null)
    {
        int? Year(string? s, string id)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            if (int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y)) return y;
            parseErrors.Add((id, "Error.InvalidYear", s.Trim()));
            return null;
        }
        decimal? Dec(string? s, string id)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            var n = Regex.Replace(s.Trim(), @"[\s\u00A0\u202F]", "");
            if (n.Contains(',') && !n.Contains('.')) n = n.Replace(',', '.');
            else n = n.Replace(",", "");
            if (decimal.TryParse(n, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
            parseErrors.Add((id, "Form.InvalidNumber", s.Trim()));
            return null;
        }

        var orgs = new List<OrganisationRef>();
        if (Lead is { } lead) orgs.Add(new OrganisationRef(lead, "lead"));
        foreach (var id in Partners.Distinct().Where(id => id != Lead))
        {
            // A funder stays a funder: the form only distinguishes the lead from the others.
            var role = existingRoles is not null && existingRoles.TryGetValue(id, out var r) && r != "lead" ? r : "partner";
            orgs.Add(new OrganisationRef(id, role));
        }

        var indicators = new List<IndicatorDto>();
        for (var i = 0; i < Indicators.Count; i++)
        {
            var r = Indicators[i];
            if (r.IsBlank) continue;
            var f = $"f-ind-{i}-";
            var bv = Dec(r.BaselineValue, f + "baseline-value");
            var by = Year(r.BaselineYear, f + "baseline-year");
            var rv = Dec(r.ResultValue, f + "result-value");
            var ry = Year(r.ResultYear, f + "result-year");
            indicators.Add(new IndicatorDto(r.Name, r.Unit,
                bv is null && by is null ? null : new ValueYear(bv, by),
                rv is null && ry is null ? null : new ValueYear(rv, ry), Blank(r.Source)));
            indicatorRows.Add(i);
        }
        var sources = new List<SourceDto>();
        for (var i = 0; i < Sources.Count; i++)
        {
            var r = Sources[i];
            if (r.IsBlank) continue;
            sources.Add(new SourceDto(r.Title, Blank(r.Publisher), Year(r.Year, $"f-src-{i}-year"), Blank(r.Url)));
            sourceRows.Add(i);
        }

        var start = Year(PeriodStart, "f-period-start");
        var end = Year(PeriodEnd, "f-period-end");
        return new PracticeInput
        {
            Language = Language,
            Title = Title,
            Summary = Summary,
            Sections = new SectionsDto
            {
                Context = Context, Approach = Approach, Implementation = Implementation,
                Results = Results, Lessons = Lessons, Transferability = Transferability,
            },
            Countries = Countries.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            Themes = Themes.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            Pillars = Pillars.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            SdgTargets = SdgTargets.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            Standards = Standards.Where(c => !string.IsNullOrWhiteSpace(c)).ToList(),
            Organisations = orgs,
            Period = start is null && end is null ? null : new PeriodDto(start, end),
            Scale = Blank(Scale),
            Licence = Blank(Licence),
            Indicators = indicators,
            Sources = sources,
            Note = Note,
        };
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>The id of the input that a validator field path ("sections.context", "indicators[0].baseline.year")
    /// refers to, given which form row each indicator and source came from.</summary>
    public string FieldId(string path, IReadOnlyList<int> indicatorRows, IReadOnlyList<int> sourceRows)
    {
        var org = Regex.Match(path, @"^organisations\[(\d+)\]");
        if (org.Success) return org.Groups[1].Value == "0" && Lead is not null ? "f-lead" : "f-partners";
        var row = Regex.Match(path, @"^(indicators|sources)\[(\d+)\](?:\.(.+))?$");
        if (row.Success)
        {
            var index = int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture);
            var rows = row.Groups[1].Value == "indicators" ? indicatorRows : sourceRows;
            var formRow = index < rows.Count ? rows[index] : index;
            var prefix = row.Groups[1].Value == "indicators" ? "ind" : "src";
            var sub = row.Groups[3].Success ? row.Groups[3].Value.Replace('.', '-').ToLowerInvariant() : (prefix == "ind" ? "name" : "title");
            return $"f-{prefix}-{formRow}-{sub}";
        }
        var basePath = path.Split('[')[0];
        return basePath switch
        {
            "indicators" => "f-indicators",
            "sources" => "f-sources",
            "organisations" => "f-lead",
            "period.start" => "f-period-start",
            "period.end" => "f-period-end",
            _ when basePath.StartsWith("sections.", StringComparison.Ordinal) => "f-" + basePath["sections.".Length..],
            _ => "f-" + basePath.ToLowerInvariant(),
        };
    }
}

public sealed class IndicatorRow
{
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string? BaselineValue { get; set; }
    public string? BaselineYear { get; set; }
    public string? ResultValue { get; set; }
    public string? ResultYear { get; set; }
    public string? Source { get; set; }

    public bool IsBlank => new[] { Name, Unit, BaselineValue, BaselineYear, ResultValue, ResultYear, Source }.All(string.IsNullOrWhiteSpace);
}

public sealed class SourceRow
{
    public string? Title { get; set; }
    public string? Publisher { get; set; }
    public string? Year { get; set; }
    public string? Url { get; set; }

    public bool IsBlank => new[] { Title, Publisher, Year, Url }.All(string.IsNullOrWhiteSpace);
}
