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
    private static IQueryable<SharedExchange> Completed(AppDb db, string lang) =>
        from e in db.Exchanges.AsNoTracking()
        where e.Status == ExchangeStatus.Completed
        join from_ in db.Organisations on e.ProvidingOrganisationId equals from_.Id
        join to in db.Organisations on e.RequestingOrganisationId equals to.Id
        orderby e.OutcomeAt descending
        select new SharedExchange(e.Id, from_.Id,
            lang == "fr" && from_.NameFr != null ? from_.NameFr : lang == "es" && from_.NameEs != null ? from_.NameEs : lang == "zh" && from_.NameZh != null ? from_.NameZh : from_.Name,
            from_.CountryCode, to.Id,
            lang == "fr" && to.NameFr != null ? to.NameFr : lang == "es" && to.NameEs != null ? to.NameEs : lang == "zh" && to.NameZh != null ? to.NameZh : to.Name,
            to.CountryCode, e.Outcome, e.OutcomeLanguage, e.Rating, e.OutcomeAt, e.IsSample);

    public static Task<List<SharedExchange>> ForPracticeAsync(AppDb db, int practiceId, string lang, CancellationToken ct)
    {
        var ids = db.Exchanges.Where(e => e.PracticeId == practiceId || db.OfferPractices.Any(op => op.OfferId == e.OfferId && op.PracticeId == practiceId)).Select(e => e.Id);
        return Completed(db, lang).Where(x => ids.Contains(x.ExchangeId)).Take(50).ToListAsync(ct);
    }

    public static Task<List<SharedExchange>> ForCountryAsync(AppDb db, string code, string lang, CancellationToken ct)
        => Completed(db, lang).Where(x => x.FromCountry == code || x.ToCountry == code).Take(200).ToListAsync(ct);
}
