namespace DecentWork.Cooperation;

/// <summary>How know-how travels; a request may accept several, an offer may provide several.</summary>
[Flags]
public enum Modality
{
    None = 0,
    StudyVisit = 1,
    PeerExchange = 2,
    ExpertMission = 4,
    Training = 8,
    TechnicalAssistance = 16,
}

public static class Modalities
{
    public static readonly Modality[] All = [Modality.StudyVisit, Modality.PeerExchange, Modality.ExpertMission, Modality.Training, Modality.TechnicalAssistance];

    /// <summary>The API's spelling: study-visit, peer-exchange, expert-mission, training, technical-assistance.</summary>
    public static string Name(Modality m) => m switch
    {
        Modality.StudyVisit => "study-visit",
        Modality.PeerExchange => "peer-exchange",
        Modality.ExpertMission => "expert-mission",
        Modality.Training => "training",
        Modality.TechnicalAssistance => "technical-assistance",
        _ => m.ToString(),
    };

    public static Modality? Parse(string? s) => All.Cast<Modality?>().FirstOrDefault(m => string.Equals(Name(m!.Value), s?.Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(m!.Value.ToString(), s?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<Modality> Split(Modality set) => All.Where(m => (set & m) != 0);
    public static List<string> Names(Modality set) => Split(set).Select(Name).ToList();
}

public enum RequestStatus
{
    Open,       // posted; waiting for a broker to confirm a match
    Matched,    // a broker confirmed a match; waiting for both sides to accept and arrange the exchange
    InProgress, // an exchange is under way
    Completed,  // the exchange took place and the requesting side reported the outcome
    Closed,     // withdrawn or abandoned without a completed exchange
}

public enum RequestAction { Match, Start, Complete, Reopen, Close }

/// <summary>An organisation's need for know-how, in its own words.</summary>
public class CooperationRequest
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisations.Organisation? Organisation { get; set; }
    public required string Title { get; set; }
    public required string Need { get; set; }
    /// <summary>The language the need is written in (BCP 47), for the lang attribute and for search analysis.</summary>
    public required string NeedLanguage { get; set; }
    public required string CountryCode { get; set; }
    public Modality Modalities { get; set; }
    /// <summary>Space-separated language codes the requesting side can work in.</summary>
    public string WorkingLanguages { get; set; } = "";
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public RequestStatus Status { get; private set; } = RequestStatus.Open;
    public bool IsSample { get; set; }
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<RequestTheme> Themes { get; set; } = [];

    public IReadOnlyList<string> Languages => WorkingLanguages.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static (RequestStatus[] From, RequestStatus To) Rule(RequestAction a) => a switch
    {
        RequestAction.Match => ([RequestStatus.Open], RequestStatus.Matched),
        RequestAction.Start => ([RequestStatus.Matched], RequestStatus.InProgress),
        RequestAction.Complete => ([RequestStatus.InProgress], RequestStatus.Completed),
        // A declined match or a cancelled exchange puts the request back on the board.
        RequestAction.Reopen => ([RequestStatus.Matched, RequestStatus.InProgress], RequestStatus.Open),
        RequestAction.Close => ([RequestStatus.Open, RequestStatus.Matched, RequestStatus.InProgress], RequestStatus.Closed),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    public bool CanApply(RequestAction a) => Array.IndexOf(Rule(a).From, Status) >= 0;

    /// <summary>Throws on an illegal move, so no endpoint can skip a step.</summary>
    public void Apply(RequestAction a, DateTime now)
    {
        if (!CanApply(a)) throw new CooperationConflictException($"'{a}' is not allowed when the request is {Status}.");
        Status = Rule(a).To;
        UpdatedAt = now;
    }

    /// <summary>Only a request still on the board may have its text changed.</summary>
    public bool IsEditable => Status is RequestStatus.Open or RequestStatus.Matched;

    internal void ForceStatus(RequestStatus s) => Status = s;
}

public class RequestTheme { public int RequestId { get; set; } public required string ConceptId { get; set; } }

/// <summary>An organisation's offer of expertise, usually tied to its documented practices.</summary>
public class Offer
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisations.Organisation? Organisation { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    public required string TextLanguage { get; set; }
    public Modality Modalities { get; set; }
    public string WorkingLanguages { get; set; } = "";
    /// <summary>How many exchanges a year the organisation can take on.</summary>
    public int CapacityPerYear { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsSample { get; set; }
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<OfferPractice> Practices { get; set; } = [];

    public IReadOnlyList<string> Languages => WorkingLanguages.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public class OfferPractice { public int OfferId { get; set; } public int PracticeId { get; set; } }

public enum MatchStatus
{
    Proposed,  // suggested by the requesting side or a broker; waiting for a broker
    Confirmed, // a broker confirmed it; waiting for both sides to accept
    Accepted,  // both sides accepted; an exchange was created
    Declined,  // a side or the broker turned it down
}

/// <summary>A pairing of a request with an offer and/or a practice, with the score and reasons it had when proposed.</summary>
public class Match
{
    public int Id { get; set; }
    public int RequestId { get; set; }
    public CooperationRequest? Request { get; set; }
    public int? OfferId { get; set; }
    public int? PracticeId { get; set; }
    public int RequestingOrganisationId { get; set; }
    public int ProvidingOrganisationId { get; set; }
    public double Score { get; set; }
    /// <summary>The suggestion's reasons as JSON ([{key, values}]), frozen at proposal time.</summary>
    public string Reasons { get; set; } = "[]";
    public MatchStatus Status { get; private set; } = MatchStatus.Proposed;
    public string? ProposedById { get; set; }
    public string? ConfirmedById { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? RequesterAcceptedAt { get; set; }
    public DateTime? ProviderAcceptedAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public void Confirm(string? by, DateTime now)
    {
        if (Status != MatchStatus.Proposed) throw new CooperationConflictException($"Only a proposed match can be confirmed; this one is {Status}.");
        Status = MatchStatus.Confirmed;
        ConfirmedById = by;
        ConfirmedAt = now;
    }

    /// <summary>Records one side's acceptance; true when this made both sides accept.</summary>
    public bool Accept(bool requester, DateTime now)
    {
        if (Status != MatchStatus.Confirmed) throw new CooperationConflictException($"Only a confirmed match can be accepted; this one is {Status}.");
        if (requester) RequesterAcceptedAt ??= now; else ProviderAcceptedAt ??= now;
        if (RequesterAcceptedAt is null || ProviderAcceptedAt is null) return false;
        Status = MatchStatus.Accepted;
        return true;
    }

    public void Decline()
    {
        if (Status is not (MatchStatus.Proposed or MatchStatus.Confirmed)) throw new CooperationConflictException($"A match that is {Status} cannot be declined.");
        Status = MatchStatus.Declined;
    }

    internal void ForceStatus(MatchStatus s) => Status = s;
}

public enum ExchangeStatus
{
    Planned,    // both sides accepted; dates and participants being arranged
    InProgress, // the exchange has started
    Completed,  // over, and the requesting side reported what came of it
    Cancelled,  // called off before completion
}

/// <summary>An arranged cooperation between the requesting and the providing side, and what came of it.</summary>
public class Exchange
{
    public int Id { get; set; }
    public int RequestId { get; set; }
    public CooperationRequest? Request { get; set; }
    public int MatchId { get; set; }
    public int? OfferId { get; set; }
    public int? PracticeId { get; set; }
    public int RequestingOrganisationId { get; set; }
    public int ProvidingOrganisationId { get; set; }
    public Modality Modality { get; set; }
    /// <summary>Who takes part (names, roles); shown only to the two sides and brokers.</summary>
    public string Participants { get; set; } = "";
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public ExchangeStatus Status { get; private set; } = ExchangeStatus.Planned;
    /// <summary>What the requesting side adopted or changed as a result.</summary>
    public string? Outcome { get; set; }
    public string? OutcomeLanguage { get; set; }
    public int? Rating { get; set; }
    public string? OutcomeById { get; set; }
    public DateTime? OutcomeAt { get; set; }
    public bool IsSample { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void Start(DateTime now)
    {
        if (Status != ExchangeStatus.Planned) throw new CooperationConflictException($"Only a planned exchange can start; this one is {Status}.");
        Status = ExchangeStatus.InProgress;
        UpdatedAt = now;
    }

    /// <summary>The outcome report closes the exchange: it is what "completed" means here.</summary>
    public void ReportOutcome(string outcome, string language, int rating, string? by, DateTime now)
    {
        if (Status != ExchangeStatus.InProgress) throw new CooperationConflictException($"An outcome is reported on an exchange in progress; this one is {Status}.");
        Status = ExchangeStatus.Completed;
        Outcome = outcome;
        OutcomeLanguage = language;
        Rating = rating;
        OutcomeById = by;
        OutcomeAt = now;
        UpdatedAt = now;
    }

    public void Cancel(DateTime now)
    {
        if (Status is not (ExchangeStatus.Planned or ExchangeStatus.InProgress)) throw new CooperationConflictException($"An exchange that is {Status} cannot be cancelled.");
        Status = ExchangeStatus.Cancelled;
        UpdatedAt = now;
    }

    internal void ForceStatus(ExchangeStatus s) => Status = s;
}

public enum FollowKind { Theme, Country, Organisation, Request }

/// <summary>A signed-in user's interest: new requests on a theme, in a country, by an organisation, or news of one request.</summary>
public class Follow
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public FollowKind Kind { get; set; }
    public required string Target { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CoopEventKind { RequestPosted, MatchConfirmed, ExchangeCreated, OutcomeReported }

/// <summary>Something followers hear about, written in the same transaction as the change that caused it; the
/// dispatcher fans it out to notifications and marks it processed.</summary>
public class CoopEvent
{
    public long Id { get; set; }
    public CoopEventKind Kind { get; set; }
    public int RequestId { get; set; }
    public int? MatchId { get; set; }
    public int? ExchangeId { get; set; }
    public DateTime At { get; set; }
    public DateTime? ProcessedAt { get; set; }
}

/// <summary>One user's copy of an event. (UserId, EventKey) is unique, so fanning an event out twice — after a crash,
/// or on two nodes — never gives anyone two notifications.</summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string EventKey { get; set; }
    public CoopEventKind Kind { get; set; }
    public int RequestId { get; set; }
    public int? ExchangeId { get; set; }
    /// <summary>The request's title when the event happened, so the list needs no join and reads the same later.</summary>
    public string Subject { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

public enum DeliveryStatus { Sending, Sent, Failed }

/// <summary>The e-mail for a notification. The row is claimed (inserted, unique per notification) before sending, so
/// a mail is sent at most once even with several nodes or a restart; a failed send is retried a few times.</summary>
public class MailDelivery
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public required string To { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An illegal move in the cooperation workflow: the API answers 409.</summary>
public sealed class CooperationConflictException(string message) : InvalidOperationException(message);
