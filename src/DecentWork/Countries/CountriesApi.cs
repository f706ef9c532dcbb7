using DecentWork.Data;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Countries;

public static class CountriesApi
{
    public sealed record CountryItem(string Code, string? Iso2, Dictionary<string, string> Names, string? M49Region, string? M49SubRegion, string? IloRegion);

    public static RouteGroupBuilder MapCountriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/countries", async (AppDb db, CancellationToken ct) =>
        {
            var items = (await db.Countries.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct))
                .Select(c => new CountryItem(c.Code, c.Iso2, ConceptsApi.Titles(c.NameEn, c.NameFr, c.NameEs, c.NameZh), c.M49Region, c.M49SubRegion, c.IloRegionId)).ToList();
            return TypedResults.Ok(new { items, total = items.Count });
        }).WithTags("Reference");
        api.MapGet("/regions", async (AppDb db, CancellationToken ct) =>
            (await db.IloRegions.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct))
                .Select(r => new { id = r.Id, names = ConceptsApi.Titles(r.NameEn, r.NameFr, r.NameEs, r.NameZh) })).WithTags("Reference");
        api.MapGet("/organisations", async (AppDb db, CancellationToken ct) =>
        {
            var items = await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Name, o.Acronym, group = o.Group.ToString(), country = o.CountryCode, o.IsSample }).ToListAsync(ct);
            return TypedResults.Ok(new { items, total = items.Count });
        }).WithTags("Reference");
        return api;
    }
}
