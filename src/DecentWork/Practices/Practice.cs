using DecentWork.Organisations;

namespace DecentWork.Practices;

public enum PracticeStatus
{
    Draft,            // being written; any section may be empty
    Submitted,        // complete enough to review; waiting for a reviewer
    ChangesRequested, // a reviewer asked the authors for changes (see the review comments)
    Published,        // the current revision is public
    Archived,         // still readable, marked as no longer current
    Withdrawn,        // removed from public view; its history is kept
}

public enum WorkflowAction { Submit, RequestChanges, Publish, Archive, Withdraw }

/// <summary>A documented approach to decent work. The row holds the working copy; every save appends an immutable
/// <see cref="Revision"/>, and readers see the revision named by <see cref="PublishedRevisionId"/>, so an edit to a
/// published practice is reviewed while the published text stays visible.</summary>
public class Practice
{
    public int Id { get; set; }
    public required string OriginalLanguage { get; set; }
    public PracticeStatus Status { get; private set; } = PracticeStatus.Draft;

    /// <summary>The organisation whose members may edit the practice.</summary>
    public int? OwnerOrganisationId { get; set; }
    public Organisation? OwnerOrganisation { get; set; }

    public int? PeriodStart { get; set; }
    public int? PeriodEnd { get; set; }
    public string? Scale { get; set; }
    public string Licence { get; set; } = "CC-BY-4.0";
    public bool IsSample { get; set; }

    /// <summary>Incremented on every save; the API's ETag, and the optimistic-concurrency token that turns the second
    /// of two saves made from the same version into a 412 rather than a silent overwrite.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int? PublishedRevisionId { get; set; }
    public string? CreatedById { get; set; }

    public List<PracticeText> Texts { get; set; } = [];
    public List<PracticeCountry> Countries { get; set; } = [];
    public List<PracticeConcept> Concepts { get; set; } = [];
    public List<PracticePillar> Pillars { get; set; } = [];
    public List<PracticeSdgTarget> SdgTargets { get; set; } = [];
    public List<PracticeStandard> Standards { get; set; } = [];
    public List<PracticeOrganisation> Organisations { get; set; } = [];
    public List<Indicator> Indicators { get; set; } = [];
    public List<Source> Sources { get; set; } = [];
    public List<Revision> Revisions { get; set; } = [];
    public List<Endorsement> Endorsements { get; set; } = [];
    public List<WorkflowEvent> Events { get; set; } = [];

    public bool IsPublic => PublishedRevisionId is not null && Status != PracticeStatus.Withdrawn;

    public PracticeText? Original => Texts.FirstOrDefault(t => t.Language == OriginalLanguage);

    /// <summary>Where each action may start from and where it leads.</summary>
    public static (PracticeStatus[] From, PracticeStatus To) Rule(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => ([PracticeStatus.Draft, PracticeStatus.ChangesRequested], PracticeStatus.Submitted),
        WorkflowAction.RequestChanges => ([PracticeStatus.Submitted], PracticeStatus.ChangesRequested),
        WorkflowAction.Publish => ([PracticeStatus.Submitted], PracticeStatus.Published),
        WorkflowAction.Archive => ([PracticeStatus.Published], PracticeStatus.Archived),
        WorkflowAction.Withdraw => ([PracticeStatus.Published, PracticeStatus.Archived, PracticeStatus.Submitted, PracticeStatus.ChangesRequested, PracticeStatus.Draft], PracticeStatus.Withdrawn),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public bool CanApply(WorkflowAction action)
    {
        var (from, _) = Rule(action);
        if (action == WorkflowAction.Withdraw && Status != PracticeStatus.Published && Status != PracticeStatus.Archived)
            return PublishedRevisionId is not null && Array.IndexOf(from, Status) >= 0; // only something that was public can be withdrawn
        return Array.IndexOf(from, Status) >= 0;
    }

    /// <summary>Moves the practice through the workflow; throws on an illegal move so no caller can skip review.</summary>
    public PracticeStatus Apply(WorkflowAction action, DateTime now)
    {
        if (!CanApply(action)) throw new IllegalTransitionException(Status, action);
        var previous = Status;
        Status = Rule(action).To;
        if (action == WorkflowAction.Publish)
        {
            PublishedAt = now;
            PublishedRevisionId = Revisions.Count > 0 ? Revisions.MaxBy(r => r.Number)!.Id : PublishedRevisionId;
        }
        return previous;
    }

    /// <summary>The rules for a save: archived and withdrawn practices are read-only; a save to a published practice
    /// starts a new draft beside the published revision.</summary>
    public void MarkEdited()
    {
        if (Status is PracticeStatus.Archived or PracticeStatus.Withdrawn)
            throw new IllegalTransitionException(Status, null);
        if (Status == PracticeStatus.Published) Status = PracticeStatus.Draft;
    }

    /// <summary>Only for loading records whose status was decided elsewhere (sample content, imports by an admin).</summary>
    internal void ForceStatus(PracticeStatus status) => Status = status;
}

public sealed class IllegalTransitionException(PracticeStatus from, WorkflowAction? action)
    : InvalidOperationException(action is null ? $"A practice that is {from} cannot be edited." : $"'{WorkflowVerbs.Name(action.Value)}' is not allowed when the practice is {from}.")
{
    public PracticeStatus From { get; } = from;
    public WorkflowAction? Action { get; } = action;
}

public static class WorkflowVerbs
{
    public static string Name(WorkflowAction a) => a switch
    {
        WorkflowAction.Submit => "submit",
        WorkflowAction.RequestChanges => "request-changes",
        WorkflowAction.Publish => "publish",
        WorkflowAction.Archive => "archive",
        WorkflowAction.Withdraw => "withdraw",
        _ => a.ToString(),
    };

    public static WorkflowAction? Parse(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "submit" => WorkflowAction.Submit,
        "request-changes" => WorkflowAction.RequestChanges,
        "publish" => WorkflowAction.Publish,
        "archive" => WorkflowAction.Archive,
        "withdraw" => WorkflowAction.Withdraw,
        _ => null,
    };
}

/// <summary>The practice's text in one language: the original, or a translation with its own author, status and date.</summary>
public class PracticeText
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public required string Language { get; set; }
    public bool IsOriginal { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Context { get; set; } = "";
    public string Approach { get; set; } = "";
    public string Implementation { get; set; } = "";
    public string Results { get; set; } = "";
    public string Lessons { get; set; } = "";
    public string Transferability { get; set; } = "";
    public TranslationStatus Status { get; set; } = TranslationStatus.Draft;
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Title and summary as last published, so lists never show unreviewed text; null until published.</summary>
    public string? PublishedTitle { get; set; }
    public string? PublishedSummary { get; set; }
    public string? PublishedSlug { get; set; }
}

public enum TranslationStatus
{
    Draft,     // written or changed since the practice was last published
    Published, // part of the published revision
}

public class PracticeCountry { public int PracticeId { get; set; } public required string CountryCode { get; set; } }
public class PracticeConcept { public int PracticeId { get; set; } public required string ConceptId { get; set; } }
public class PracticePillar { public int PracticeId { get; set; } public required string PillarId { get; set; } }
public class PracticeSdgTarget { public int PracticeId { get; set; } public required string SdgTargetId { get; set; } }
public class PracticeStandard { public int PracticeId { get; set; } public required string StandardCode { get; set; } }

public class PracticeOrganisation
{
    public int PracticeId { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string Role { get; set; } = "lead";
    public int Position { get; set; }
}

/// <summary>A measured result of a practice.</summary>
public class Indicator
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int Position { get; set; }
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public decimal? BaselineValue { get; set; }
    public int? BaselineYear { get; set; }
    public decimal? ResultValue { get; set; }
    public int? ResultYear { get; set; }
    public string? Source { get; set; }
}

public class Source
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int Position { get; set; }
    public string Title { get; set; } = "";
    public string? Publisher { get; set; }
    public int? Year { get; set; }
    public string? Url { get; set; }
}

/// <summary>An immutable record of one save: who, when, what changed, and the whole practice as it then was.</summary>
public class Revision
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Note { get; set; }
    /// <summary>Comma-separated field paths, e.g. "title[en],countries".</summary>
    public string ChangedFields { get; set; } = "";
    public required string Snapshot { get; set; }
}

/// <summary>An organisation of a constituent group vouching for a published practice.</summary>
public class Endorsement
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public ConstituentGroup Group { get; set; }
    public string? Statement { get; set; }
    public string? StatementLanguage { get; set; }
    public string? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool IsSample { get; set; }
}

/// <summary>The audit trail of the workflow: every transition and review comment.</summary>
public class WorkflowEvent
{
    public long Id { get; set; }
    public int PracticeId { get; set; }
    public string Action { get; set; } = "";
    public PracticeStatus? FromStatus { get; set; }
    public PracticeStatus? ToStatus { get; set; }
    public string? Comment { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTime At { get; set; }
}
