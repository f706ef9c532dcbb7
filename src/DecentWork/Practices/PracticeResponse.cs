using DecentWork.Data;
using DecentWork.Organisations;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Practices;

public sealed record OrganisationItem(int Id, string Name, string? Acronym, string Group, string? Country, string? Role, bool IsSample);
public sealed record TranslationItem(string Language, bool IsOriginal, string Title, string Summary, SectionsDto Sections, string Status, string? Author, DateTime UpdatedAt);
public sealed record EndorsementItem(int OrganisationId, string Organisation, string Group, string? Statement, DateTime CreatedAt, bool IsSample);

/// <summary>A practice as the API returns it. <c>view</c> says whether this is the working copy (for people who can
/// edit or review it) or the published revision (for everyone else).</summary>
public sealed record PracticeResponse
{
    public int Id { get; init; }
    public string Status { get; init; } = "";
    public string View { get; init; } = "published";
    public bool IsSample { get; init; }
    /// <summary>Sample figures are illustrative, not official statistics.</summary>
    public string? Notice { get; init; }
    public string Language { get; init; } = "";
    public string Title { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Summary { get; init; } = "";
    public SectionsDto Sections { get; init; } = new();
    public List<string> Countries { get; init; } = [];
    public List<string> Themes { get; init; } = [];
    public List<string> Pillars { get; init; } = [];
    public List<string> SdgTargets { get; init; } = [];
    public List<string> Standards { get; init; } = [];
    public List<OrganisationItem> Organisations { get; init; } = [];
    public PeriodDto? Period { get; init; }
    public string? Scale { get; init; }
    public string Licence { get; init; } = "";
    public List<IndicatorDto> Indicators { get; init; } = [];
    public List<SourceDto> Sources { get; init; } = [];
    public List<TranslationItem> Translations { get; init; } = [];
    public List<EndorsementItem> Endorsements { get; init; } = [];
    public int Version { get; init; }
    public int? OwnerOrganisationId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? PublishedAt { get; init; }

    public const string SampleNotice = "Sample content: the text and every figure are illustrative, not official statistics.";

    /// <summary>Builds the response from the working copy or from a revision's content.</summary>
    public static async Task<PracticeResponse> BuildAsync(AppDb db, Practice p, PracticeContent content, bool working, CancellationToken ct)
    {
        var orgIds = content.Organisations.Select(o => o.Id).ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var endorsements = await db.Endorsements.AsNoTracking().Where(e => e.PracticeId == p.Id).OrderBy(e => e.CreatedAt)
            .Select(e => new EndorsementItem(e.OrganisationId, e.Organisation!.Name, e.Group.ToString(), e.Statement, e.CreatedAt, e.IsSample)).ToListAsync(ct);
        var texts = p.Texts.ToDictionary(t => t.Language);
        content.Texts.TryGetValue(content.Language, out var original);
        original ??= new TextContent();
        return new PracticeResponse
        {
            Id = p.Id,
            Status = p.Status.ToString(),
            View = working ? "working" : "published",
            IsSample = p.IsSample,
            Notice = p.IsSample ? SampleNotice : null,
            Language = content.Language,
            Title = original.Title,
            Slug = Shared.Slug.From(original.Title),
            Summary = original.Summary,
            Sections = original.Sections,
            Countries = content.Countries,
            Themes = content.Themes,
            Pillars = content.Pillars,
            SdgTargets = content.SdgTargets,
            Standards = content.Standards,
            Organisations = content.Organisations.Where(o => orgs.ContainsKey(o.Id)).Select(o =>
            {
                var org = orgs[o.Id];
                return new OrganisationItem(org.Id, org.Name, org.Acronym, org.Group.ToString(), org.CountryCode, o.Role, org.IsSample);
            }).ToList(),
            Period = content.Period,
            Scale = content.Scale,
            Licence = content.Licence,
            Indicators = content.Indicators,
            Sources = content.Sources,
            Translations = content.Texts.Where(kv => kv.Key != content.Language).Select(kv =>
            {
                texts.TryGetValue(kv.Key, out var row);
                return new TranslationItem(kv.Key, false, kv.Value.Title, kv.Value.Summary, kv.Value.Sections,
                    working ? (row?.Status ?? TranslationStatus.Draft).ToString() : TranslationStatus.Published.ToString(),
                    row?.AuthorName, row?.UpdatedAt ?? p.UpdatedAt);
            }).ToList(),
            Endorsements = endorsements,
            Version = p.Version,
            OwnerOrganisationId = p.OwnerOrganisationId,
            CreatedAt = p.CreatedAt,
            UpdatedAt = p.UpdatedAt,
            PublishedAt = p.PublishedAt,
        };
    }
}

public sealed record PracticeListItem(int Id, string Title, string Slug, string Language, string Summary, string Status,
    List<string> Countries, List<string> Themes, int? Year, bool IsSample, DateTime UpdatedAt, DateTime? PublishedAt);

public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Total, int Page, int Size);
