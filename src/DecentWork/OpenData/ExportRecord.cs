using DecentWork.Practices;

namespace DecentWork.OpenData;

/// <summary>One practice in the bulk export: the import format of <see cref="PracticeImporter"/> plus what an
/// empty instance needs to give back the same practice (dates, status, the revision history). Organisations are
/// named by key and by name, group and country, because ids mean nothing in another instance.</summary>
public sealed record ExportRecord
{
    public int Id { get; init; }
    public string Language { get; init; } = "";
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";
    public SectionsDto Sections { get; init; } = new();
    public List<string> Countries { get; init; } = [];
    public List<string> Themes { get; init; } = [];
    public List<string> Pillars { get; init; } = [];
    public List<string> SdgTargets { get; init; } = [];
    public List<string> Standards { get; init; } = [];
    public List<OrganisationRecord> Organisations { get; init; } = [];
    public PeriodDto? Period { get; init; }
    public string? Scale { get; init; }
    public string Licence { get; init; } = "";
    public List<IndicatorDto> Indicators { get; init; } = [];
    public List<SourceDto> Sources { get; init; } = [];
    public List<TranslationRecord> Translations { get; init; } = [];
    public List<EndorsementRecord> Endorsements { get; init; } = [];
    public string Status { get; init; } = "";
    public bool IsSample { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? PublishedAt { get; init; }
    /// <summary>The number of the revision readers see; null when never published.</summary>
    public int? PublishedRevision { get; init; }
    public List<RevisionRecord> Revisions { get; init; } = [];
}

/// <summary>An organisation as another instance can find it again: by key, else by name, group and country.
/// <c>Id</c> is the exporting instance's id, used only to map the organisations named in revision snapshots.</summary>
public sealed record OrganisationRecord(int? Id, string? Key, string? Name, string? Acronym, string? Group, string? Country, string? Role,
    string? NameFr = null, string? NameEs = null, string? NameZh = null);

public sealed record TranslationRecord(string? Language, string? Title, string? Summary, SectionsDto? Sections,
    string? Status = null, string? AuthorName = null, DateTime? UpdatedAt = null);

public sealed record EndorsementRecord(int? Id, string? Key, string? Name, string? Group, string? Country, string? Statement,
    string? StatementLanguage = null, DateTime? CreatedAt = null);

public sealed record RevisionRecord(int Number, DateTime CreatedAt, string? UserName, string? Note, string? ChangedFields, PracticeContent? Snapshot);
