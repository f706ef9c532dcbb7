namespace DecentWork.Projects;

/// <summary>One thing in a file that could not be taken as it stands, named the way a publisher can find it:
/// "ES-DIR3-E04585801-012-2009-011 / budget/value: not a number 'abc'".</summary>
public sealed record IatiProblem(string Activity, string Element, string Message)
{
    public override string ToString() => $"{Activity} / {Element}: {Message}";
}

/// <summary>The file as a whole is not read: not XML, not an IATI activity file, not a version this reads, or unsafe.</summary>
public sealed class IatiRefusedException(string message) : Exception(message);

public sealed record IatiNarrative(string Language, string Text);

public sealed record IatiDescription(int? Type, IatiNarrative Narrative);

public sealed record IatiOrganisation(bool IsReporting, OrganisationRole? Role, string? Ref, string? Type, List<IatiNarrative> Names);

public sealed record IatiCountry(string Iso2, decimal? Percentage);

public sealed record IatiCode(string Code, string Vocabulary, decimal? Percentage);

public sealed record IatiDate(ActivityDateType Type, DateOnly Date);

public sealed record IatiBudget(int? Type, int? Status, DateOnly? PeriodStart, DateOnly? PeriodEnd, decimal Value, string Currency, DateOnly? ValueDate);

/// <summary>What the reader made of one iati-activity element, with the problems met on the way. Pure data: the
/// importer maps countries and concepts and writes it.</summary>
public sealed class IatiActivity
{
    /// <summary>The iati-identifier, or a stand-in naming the activity's position when it has none.</summary>
    public required string Identifier { get; init; }
    /// <summary>False when the activity cannot be imported at all (no usable identifier).</summary>
    public bool Importable { get; init; } = true;
    public string? Language { get; set; }
    public string? Currency { get; set; }
    public ActivityStatus? Status { get; set; }
    public DateTime? LastUpdated { get; set; }
    public List<IatiNarrative> Titles { get; } = [];
    public List<IatiDescription> Descriptions { get; } = [];
    public List<IatiOrganisation> Organisations { get; } = [];
    public List<IatiCountry> Countries { get; } = [];
    public List<IatiCode> Regions { get; } = [];
    public List<IatiCode> Sectors { get; } = [];
    public List<IatiDate> Dates { get; } = [];
    public List<IatiBudget> Budgets { get; } = [];
    public List<IatiProblem> Problems { get; } = [];

    public void Problem(string element, string message) => Problems.Add(new IatiProblem(Identifier, element, message));
}
