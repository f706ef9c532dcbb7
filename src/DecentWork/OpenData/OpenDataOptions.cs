namespace DecentWork.OpenData;

/// <summary>Settings for the machine-facing endpoints (section "OpenData").</summary>
public sealed class OpenDataOptions
{
    public const string Section = "OpenData";

    /// <summary>The public site address (https://host) used in identifiers and links; when unset, the request's own
    /// scheme and host, which is right behind a proxy that forwards them.</summary>
    public string? BaseUrl { get; set; }

    public string RepositoryName { get; set; } = "Decent Work Exchange";
    public string AdminEmail { get; set; } = "opendata@example.org";

    /// <summary>Records per OAI-PMH list response.</summary>
    public int OaiPageSize { get; set; } = 100;

    /// <summary>How long a resumption token stays valid; a harvester that pauses longer starts again.</summary>
    public TimeSpan OaiTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>URLs per child sitemap; the protocol's limit is 50,000.</summary>
    public int SitemapSize { get; set; } = 50_000;

    public int FeedSize { get; set; } = 50;
}
