using DecentWork.Data;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

/// <summary>One completed exchange as the practice and country pages show it.</summary>
public sealed record SharedExchange(int ExchangeId, int FromOrganisation, string FromName, string? FromCountry, int ToOrganisation, string ToName,
    string? ToCountry, string? Outcome, string? OutcomeLanguage, int? Rating, DateTime? At, bool IsSample);

/// <summary>Completed exchanges read for the pages: "shared with …" on a practice, and who a country learned from and
/// who learned from it.</summary>
public static class CooperationViews
{
    // An object initializer, not a constructor: EF translates member access through the one, not the other.
    private sealed class Row
    {
        public Exchange E { get; init; } = null!;
        public Organisations.Organisation From { get; init; } = null!;
        public Organisations.Organisation To { get; init; } = null!;
    }

    private static IQueryable<Row> Completed(AppDb db) =>
        from e in db.Exchanges.AsNoTracking()
        where e.Status == ExchangeStatus.Completed
        join from_ in db.Organisations on e.ProvidingOrganisationId equals from_.Id
        join to in db.Organisations on e.RequestingOrganisationId equals to.Id
        select new Row { E = e, From = from_, To = to };

    private static async Task<List<SharedExchange>> ReadAsync(IQueryable<Row> q, string lang, CancellationToken ct)
        => (await q.OrderByDescending(r => r.E.OutcomeAt).Take(200).ToListAsync(ct))
            .Select(r => new SharedExchange(r.E.Id, r.From.Id, r.From.DisplayName(lang), r.From.CountryCode, r.To.Id, r.To.DisplayName(lang), r.To.CountryCode,
                r.E.Outcome, r.E.OutcomeLanguage, r.E.Rating, r.E.OutcomeAt, r.E.IsSample)).ToList();

    public static Task<List<SharedExchange>> ForPracticeAsync(AppDb db, int practiceId, string lang, CancellationToken ct)
        => ReadAsync(Completed(db).Where(r => r.E.PracticeId == practiceId || db.OfferPractices.Any(op => op.OfferId == r.E.OfferId && op.PracticeId == practiceId)), lang, ct);

    public static Task<List<SharedExchange>> ForCountryAsync(AppDb db, string code, string lang, CancellationToken ct)
        => ReadAsync(Completed(db).Where(r => r.From.CountryCode == code || r.To.CountryCode == code), lang, ct);
}
