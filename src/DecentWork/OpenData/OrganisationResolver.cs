using DecentWork.Data;
using DecentWork.Organisations;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>Finds the local organisation an imported record means (by key, else by name, group and country) and
/// creates it when the record describes one that this instance does not have yet.</summary>
public sealed class OrganisationResolver(AppDb db)
{
    private readonly Dictionary<string, int> _cache = new(StringComparer.Ordinal);

    public async Task<int?> ResolveAsync(string? key, string? name, string? group, string? country, string? acronym = null,
        string? nameFr = null, string? nameEs = null, string? nameZh = null, CancellationToken ct = default)
    {
        key = string.IsNullOrWhiteSpace(key) ? null : key.Trim();
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var g = Enum.TryParse<ConstituentGroup>(group, true, out var parsed) ? parsed : ConstituentGroup.Other;
        country = string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();
        var cacheKey = key is not null ? "k:" + key : $"n:{name}|{g}|{country}";
        if (_cache.TryGetValue(cacheKey, out var cached)) return cached;

        int? id = null;
        if (key is not null) id = await db.Organisations.Where(o => o.Key == key).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
        if (id is null && name is not null)
            id = await db.Organisations.Where(o => o.Key == null && o.Name == name && o.Group == g && o.CountryCode == country)
                .OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
        if (id is null && name is not null)
        {
            if (country is not null && !await db.Countries.AnyAsync(c => c.Code == country, ct)) country = null;
            var org = new Organisation
            {
                Key = key, Name = Trim(name, 300)!, Acronym = Trim(acronym, 40), NameFr = Trim(nameFr, 300), NameEs = Trim(nameEs, 300),
                NameZh = Trim(nameZh, 300), CountryCode = country, Group = g,
            };
            db.Organisations.Add(org);
            await db.SaveChangesAsync(ct);
            id = org.Id;
        }
        if (id is { } found) _cache[cacheKey] = found;
        return id;
    }

    private static string? Trim(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Length > max ? s[..max] : s.Trim();
}
