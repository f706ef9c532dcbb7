using System.Text.Json;

namespace DecentWork.Cooperation;

public sealed record RequestItem(int Id, string Title, string Need, string Language, int OrganisationId, string Country, IReadOnlyList<string> Themes,
    IReadOnlyList<string> Modalities, IReadOnlyList<string> WorkingLanguages, DateOnly? From, DateOnly? To, string Status, bool IsSample,
    DateTime CreatedAt, DateTime UpdatedAt);

public sealed record OfferItem(int Id, string Title, string Text, string Language, int OrganisationId, IReadOnlyList<int> Practices,
    IReadOnlyList<string> Modalities, IReadOnlyList<string> WorkingLanguages, int CapacityPerYear, bool Active, bool IsSample, DateTime CreatedAt);

public sealed record MatchItem(int Id, int RequestId, int? OfferId, int? PracticeId, int RequestingOrganisationId, int ProvidingOrganisationId,
    double Score, IReadOnlyList<Reason> Reasons, string Status, bool RequesterAccepted, bool ProviderAccepted, int? ExchangeId, DateTime CreatedAt);

public sealed record ExchangeItem(int Id, int RequestId, int MatchId, int? OfferId, int? PracticeId, int RequestingOrganisationId, int ProvidingOrganisationId,
    string Modality, string? Participants, DateOnly? Start, DateOnly? End, string Status, string? Outcome, string? OutcomeLanguage, int? Rating,
    DateTime? OutcomeAt, bool IsSample);

public sealed record FollowItem(int Id, string Kind, string Target, string Feed, DateTime CreatedAt);

public sealed record NotificationItem(long Id, string Kind, int RequestId, int? ExchangeId, string Subject, DateTime CreatedAt, bool Read);

public sealed record SuggestionsResponse(int RequestId, IReadOnlyList<Suggestion> Practices, IReadOnlyList<Suggestion> Offers);

public static class CooperationItems
{
    public static RequestItem AsRequestItem(this CooperationRequest r) => new(r.Id, r.Title, r.Need, r.NeedLanguage, r.OrganisationId, r.CountryCode,
        r.Themes.Select(t => t.ConceptId).Order(StringComparer.Ordinal).ToList(), Modalities.Names(r.Modalities), r.Languages, r.From, r.To,
        r.Status.ToString(), r.IsSample, r.CreatedAt, r.UpdatedAt);

    public static OfferItem AsOfferItem(this Offer o) => new(o.Id, o.Title, o.Text, o.TextLanguage, o.OrganisationId,
        o.Practices.Select(p => p.PracticeId).Order().ToList(), Modalities.Names(o.Modalities), o.Languages, o.CapacityPerYear, o.IsActive, o.IsSample, o.CreatedAt);

    public static MatchItem AsMatchItem(this Match m, int? exchangeId) => new(m.Id, m.RequestId, m.OfferId, m.PracticeId, m.RequestingOrganisationId,
        m.ProvidingOrganisationId, m.Score, ReasonsOf(m), m.Status.ToString(), m.RequesterAcceptedAt is not null, m.ProviderAcceptedAt is not null, exchangeId, m.CreatedAt);

    public static IReadOnlyList<Reason> ReasonsOf(Match m)
    {
        try { return JsonSerializer.Deserialize<List<Reason>>(m.Reasons, CooperationWorkflow.Json) ?? []; }
        catch (JsonException) { return []; }
    }

    /// <summary>Participants are people's names: only the two sides and brokers see them.</summary>
    public static ExchangeItem AsExchangeItem(this Exchange e, bool party) => new(e.Id, e.RequestId, e.MatchId, e.OfferId, e.PracticeId,
        e.RequestingOrganisationId, e.ProvidingOrganisationId, Modalities.Name(e.Modality), party ? e.Participants : null, e.StartDate, e.EndDate,
        e.Status.ToString(), e.Outcome, e.OutcomeLanguage, e.Rating, e.OutcomeAt, e.IsSample);

    public static FollowItem AsFollowItem(this Follow f) => new(f.Id, f.Kind.ToString(), f.Target, CooperationFeeds.Path(f.Kind, f.Target), f.CreatedAt);

    public static NotificationItem AsNotificationItem(this Notification n) => new(n.Id, n.Kind.ToString(), n.RequestId, n.ExchangeId, n.Subject, n.CreatedAt, n.ReadAt is not null);
}
