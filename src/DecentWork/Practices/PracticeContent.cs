using System.Text.Json;
using System.Text.Json.Serialization;

namespace DecentWork.Practices;

public static class PracticeLimits
{
    public const int Title = 300;
    public const int Summary = 3000;
    public const int Section = 20000;
    public const int ShortText = 500;
    public const int Comment = 4000;
    public const int MaxListItems = 50;
    public const int MaxIndicators = 30;
    public const int MaxSources = 50;
    public static readonly string[] Scales = ["local", "subnational", "national", "regional", "international"];
    public static readonly string[] OrganisationRoles = ["lead", "partner", "funder"];
}

public sealed record SectionsDto
{
    public string? Context { get; init; }
    public string? Approach { get; init; }
    public string? Implementation { get; init; }
    public string? Results { get; init; }
    public string? Lessons { get; init; }
    public string? Transferability { get; init; }

    public static readonly string[] Names = ["context", "approach", "implementation", "results", "lessons", "transferability"];

    public string? Get(string name) => name switch
    {
        "context" => Context, "approach" => Approach, "implementation" => Implementation,
        "results" => Results, "lessons" => Lessons, "transferability" => Transferability, _ => null,
    };
}

public sealed record PeriodDto(int? Start, int? End);
public sealed record ValueYear(decimal? Value, int? Year);
public sealed record IndicatorDto(string? Name, string? Unit, ValueYear? Baseline, ValueYear? Result, string? Source);
public sealed record SourceDto(string? Title, string? Publisher, int? Year, string? Url);
public sealed record OrganisationRef(int Id, string? Role, string? Key = null);

public sealed record TextContent
{
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public SectionsDto Sections { get; init; } = new();
}

/// <summary>The whole of a practice as saved in a revision: every language's text and all metadata.
/// It is what readers see of a published practice and what the diff view compares.</summary>
public sealed record PracticeContent
{
    public string Language { get; init; } = "en";
    public SortedDictionary<string, TextContent> Texts { get; init; } = new(StringComparer.Ordinal);
    public List<string> Countries { get; init; } = [];
    public List<string> Themes { get; init; } = [];
    public List<string> Pillars { get; init; } = [];
    public List<string> SdgTargets { get; init; } = [];
    public List<string> Standards { get; init; } = [];
    public List<OrganisationRef> Organisations { get; init; } = [];
    public PeriodDto? Period { get; init; }
    public string? Scale { get; init; }
    public string Licence { get; init; } = "CC-BY-4.0";
    public List<IndicatorDto> Indicators { get; init; } = [];
    public List<SourceDto> Sources { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);
    public static PracticeContent Deserialize(string json) => JsonSerializer.Deserialize<PracticeContent>(json, Json)!;

    /// <summary>20, 20.0 and 20.0000 are one value: databases give back a decimal's scale differently (SQLite keeps
    /// the text it stored), and a diff must not report a change nobody made.</summary>
    private static decimal? Normalize(decimal? d) => d is null ? null : d.Value / 1.000000000000000000000000000000000m;

    public static PracticeContent From(Practice p) => new()
    {
        Language = p.OriginalLanguage,
        Texts = new SortedDictionary<string, TextContent>(p.Texts.ToDictionary(t => t.Language, t => new TextContent
        {
            Title = t.Title,
            Summary = t.Summary,
            Sections = new SectionsDto
            {
                Context = t.Context, Approach = t.Approach, Implementation = t.Implementation,
                Results = t.Results, Lessons = t.Lessons, Transferability = t.Transferability,
            },
        }), StringComparer.Ordinal),
        Countries = p.Countries.Select(c => c.CountryCode).Order(StringComparer.Ordinal).ToList(),
        Themes = p.Concepts.Select(c => c.ConceptId).Order(StringComparer.Ordinal).ToList(),
        Pillars = p.Pillars.Select(c => c.PillarId).Order(StringComparer.Ordinal).ToList(),
        SdgTargets = p.SdgTargets.Select(c => c.SdgTargetId).Order(StringComparer.Ordinal).ToList(),
        Standards = p.Standards.Select(c => c.StandardCode).Order(StringComparer.Ordinal).ToList(),
        Organisations = p.Organisations.OrderBy(o => o.Position).Select(o => new OrganisationRef(o.OrganisationId, o.Role)).ToList(),
        Period = p.PeriodStart is null && p.PeriodEnd is null ? null : new PeriodDto(p.PeriodStart, p.PeriodEnd),
        Scale = p.Scale,
        Licence = p.Licence,
        Indicators = p.Indicators.OrderBy(i => i.Position).Select(i => new IndicatorDto(i.Name, i.Unit,
            i.BaselineValue is null && i.BaselineYear is null ? null : new ValueYear(Normalize(i.BaselineValue), i.BaselineYear),
            i.ResultValue is null && i.ResultYear is null ? null : new ValueYear(Normalize(i.ResultValue), i.ResultYear), i.Source)).ToList(),
        Sources = p.Sources.OrderBy(s => s.Position).Select(s => new SourceDto(s.Title, s.Publisher, s.Year, s.Url)).ToList(),
    };
}
