using System.Text.Json;
using DecentWork.Data;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

/// <summary>Illustrative requests, offers and exchanges (Data/Sample/cooperation.json), flagged as sample like the
/// practices, so the board, the suggestions and the country views have something to show on a fresh install.</summary>
public static class CooperationSamples
{
    private sealed record OfferItem(string Key, string Org, string Title, string Text, string Language, string PracticeTheme, string[] Modalities, string[] Languages, int Capacity);
    private sealed record ExchangeItem(string Offer, string Modality, string? Start, string? End, string? Participants, string? Outcome, int? Rating);
    private sealed record RequestItem(string Key, string Org, string Title, string Need, string Language, string Country, string[] Themes, string[] Modalities,
        string[] Languages, string? From, string? To, string Status, ExchangeItem? Exchange);
    private sealed record File(List<OfferItem> Offers, List<RequestItem> Requests);

    public static async Task<int> LoadAsync(AppDb db, string folder, DateTime now, CancellationToken ct)
    {
        var path = Path.Combine(folder, "cooperation.json");
        if (!System.IO.File.Exists(path) || await db.CooperationRequests.AnyAsync(ct)) return 0;
        var data = JsonSerializer.Deserialize<File>(await System.IO.File.ReadAllTextAsync(path, ct), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var orgs = await db.Organisations.Where(o => o.Key != null).ToDictionaryAsync(o => o.Key!, o => o.Id, ct);
        static Modality Set(IEnumerable<string> names) => names.Select(Modalities.Parse).OfType<Modality>().Aggregate(Modality.None, (a, m) => a | m);
        static DateOnly? Date(string? s) => s is null ? null : DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

        var offers = new Dictionary<string, Offer>();
        foreach (var o in data.Offers.Where(o => orgs.ContainsKey(o.Org)))
        {
            var org = orgs[o.Org];
            var practice = await db.Practices.Where(p => p.Organisations.Any(x => x.OrganisationId == org) && p.Concepts.Any(c => c.ConceptId == o.PracticeTheme))
                .OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            var offer = new Offer
            {
                OrganisationId = org, Title = o.Title, Text = o.Text, TextLanguage = o.Language, Modalities = Set(o.Modalities),
                WorkingLanguages = string.Join(' ', o.Languages), CapacityPerYear = o.Capacity, IsSample = true, CreatedAt = now, UpdatedAt = now,
            };
            if (practice is { } p) offer.Practices.Add(new OfferPractice { PracticeId = p });
            db.Offers.Add(offer);
            offers[o.Key] = offer;
        }
        await db.SaveChangesAsync(ct);

        var n = 0;
        foreach (var r in data.Requests.Where(r => orgs.ContainsKey(r.Org)))
        {
            var request = new CooperationRequest
            {
                OrganisationId = orgs[r.Org], Title = r.Title, Need = r.Need, NeedLanguage = r.Language, CountryCode = r.Country, Modalities = Set(r.Modalities),
                WorkingLanguages = string.Join(' ', r.Languages), From = Date(r.From), To = Date(r.To), IsSample = true, CreatedAt = now, UpdatedAt = now,
                Themes = r.Themes.Select(t => new RequestTheme { ConceptId = t }).ToList(),
            };
            request.ForceStatus(Enum.Parse<RequestStatus>(r.Status));
            db.CooperationRequests.Add(request);
            await db.SaveChangesAsync(ct);
            n++;
            if (r.Exchange is not { } x || !offers.TryGetValue(x.Offer, out var offer)) continue;
            var practice = offer.Practices.Select(p => (int?)p.PracticeId).FirstOrDefault();
            var match = new Match
            {
                RequestId = request.Id, OfferId = offer.Id, PracticeId = practice, RequestingOrganisationId = request.OrganisationId,
                ProvidingOrganisationId = offer.OrganisationId, CreatedAt = now, ConfirmedAt = now, RequesterAcceptedAt = now, ProviderAcceptedAt = now,
            };
            match.ForceStatus(MatchStatus.Accepted);
            db.Matches.Add(match);
            await db.SaveChangesAsync(ct);
            var exchange = new Exchange
            {
                RequestId = request.Id, MatchId = match.Id, OfferId = offer.Id, PracticeId = practice, RequestingOrganisationId = request.OrganisationId,
                ProvidingOrganisationId = offer.OrganisationId, Modality = Modalities.Parse(x.Modality) ?? Modality.StudyVisit, StartDate = Date(x.Start),
                EndDate = Date(x.End), Participants = x.Participants ?? "", IsSample = true, CreatedAt = now, UpdatedAt = now,
            };
            if (x.Outcome is not null)
            {
                exchange.ForceStatus(ExchangeStatus.Completed);
                exchange.Outcome = x.Outcome;
                exchange.OutcomeLanguage = r.Language;
                exchange.Rating = x.Rating;
                exchange.OutcomeAt = now;
            }
            else exchange.ForceStatus(ExchangeStatus.InProgress);
            db.Exchanges.Add(exchange);
            await db.SaveChangesAsync(ct);
        }
        return n;
    }
}
