using DecentWork.Practices;

namespace DecentWork.Projects;

/// <summary>IATI ActivityStatus codes. The platform does not move projects through these: they are whatever the
/// publisher last reported, so there are no transitions to guard.</summary>
public enum ActivityStatus
{
    Pipeline = 1,       // being identified or negotiated; no money committed yet
    Implementation = 2, // under way
    Finalisation = 3,   // physically complete; accounts or evaluation still open
    Closed = 4,         // complete and closed
    Cancelled = 5,      // stopped before completion
    Suspended = 6,      // paused
}

/// <summary>IATI OrganisationRole codes for participating organisations.</summary>
public enum OrganisationRole
{
    Funding = 1,      // provides the money
    Accountable = 2,  // answers for the activity to the funder
    Extending = 3,    // manages the funds on the funder's behalf
    Implementing = 4, // carries out the activity
}

/// <summary>IATI ActivityDateType codes.</summary>
public enum ActivityDateType { PlannedStart = 1, ActualStart = 2, PlannedEnd = 3, ActualEnd = 4 }

public enum ProjectTextKind { Title, Description }

/// <summary>A development-cooperation project as published in IATI by a donor: what it is, who funds and runs it,
/// where, on what, when and with how much. Imported, never edited here except for the links to practices;
/// a re-import of the same iati-identifier replaces everything the file says about it.</summary>
public class Project
{
    public int Id { get; set; }
    /// <summary>The globally unique IATI identifier (reporting org ref + own id): the key re-imports match on.</summary>
    public required string IatiIdentifier { get; set; }
    /// <summary>The IATI version of the file it came from (2.01–2.03).</summary>
    public string? IatiVersion { get; set; }
    /// <summary>The activity's default narrative language (xml:lang), for narratives without their own.</summary>
    public string? DefaultLanguage { get; set; }
    public string? DefaultCurrency { get; set; }
    public ActivityStatus? Status { get; set; }
    public DateTime? LastUpdatedAt { get; set; }
    public DateTime ImportedAt { get; set; }

    public List<ProjectText> Texts { get; set; } = [];
    public List<ProjectOrganisation> Organisations { get; set; } = [];
    public List<ProjectCountry> Countries { get; set; } = [];
    public List<ProjectRegion> Regions { get; set; } = [];
    public List<ProjectSector> Sectors { get; set; } = [];
    public List<ProjectDate> Dates { get; set; } = [];
    public List<ProjectBudget> Budgets { get; set; } = [];
    public List<ProjectConcept> Concepts { get; set; } = [];
    public List<ProjectPractice> Practices { get; set; } = [];
}

/// <summary>A title or description narrative in one language (IATI allows several descriptions, by type).</summary>
public class ProjectText
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public ProjectTextKind Kind { get; set; }
    /// <summary>IATI DescriptionType (1 general, 2 objectives, 3 target groups, 4 other); null for titles.</summary>
    public int? Type { get; set; }
    public required string Language { get; set; }
    public required string Text { get; set; }
    public int Position { get; set; }
}

/// <summary>The reporting organisation (<see cref="IsReporting"/>) or a participating one with its role.</summary>
public class ProjectOrganisation
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public bool IsReporting { get; set; }
    /// <summary>Null for the reporting organisation, or where a file gives no valid role.</summary>
    public OrganisationRole? Role { get; set; }
    public string? Ref { get; set; }
    /// <summary>IATI OrganisationType code (10 government, 21 international NGO, 40 multilateral…).</summary>
    public string? Type { get; set; }
    public int Position { get; set; }
    public List<ProjectOrganisationName> Names { get; set; } = [];
}

public class ProjectOrganisationName
{
    public int Id { get; set; }
    public int ProjectOrganisationId { get; set; }
    public required string Language { get; set; }
    public required string Name { get; set; }
}

public class ProjectCountry
{
    public int ProjectId { get; set; }
    /// <summary>ISO 3166-1 alpha-3 (IATI gives alpha-2; the import maps it through the country table).</summary>
    public required string CountryCode { get; set; }
    public decimal? Percentage { get; set; }
}

public class ProjectRegion
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public required string Code { get; set; }
    /// <summary>IATI RegionVocabulary: 1 OECD DAC (the default), 2 UN M49, 99 the reporter's own.</summary>
    public required string Vocabulary { get; set; }
    public decimal? Percentage { get; set; }
}

public class ProjectSector
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public required string Code { get; set; }
    /// <summary>IATI SectorVocabulary: 1 OECD DAC 5-digit (the default), 2 DAC 3-digit, …</summary>
    public required string Vocabulary { get; set; }
    public decimal? Percentage { get; set; }
}

public class ProjectDate
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public ActivityDateType Type { get; set; }
    public DateOnly Date { get; set; }
}

public class ProjectBudget
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    /// <summary>IATI BudgetType: 1 original, 2 revised.</summary>
    public int? Type { get; set; }
    /// <summary>IATI BudgetStatus: 1 indicative, 2 committed.</summary>
    public int? Status { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public decimal Value { get; set; }
    /// <summary>ISO 4217, from value/@currency or the activity's default-currency.</summary>
    public required string Currency { get; set; }
    public DateOnly? ValueDate { get; set; }
}

/// <summary>A theme found in the project's titles and descriptions by the thesaurus matcher.</summary>
public class ProjectConcept
{
    public int ProjectId { get; set; }
    public required string ConceptId { get; set; }
}

/// <summary>An editor's link between a project and a practice (the project funded it, or applied it); kept across re-imports.</summary>
public class ProjectPractice
{
    public int ProjectId { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public DateTime LinkedAt { get; set; }
    public string? LinkedBy { get; set; }
}
