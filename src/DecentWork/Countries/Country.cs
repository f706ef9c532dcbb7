namespace DecentWork.Countries;

public class Country
{
    /// <summary>ISO 3166-1 alpha-3.</summary>
    public required string Code { get; set; }
    public string? Iso2 { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public required string NameEs { get; set; }
    public required string NameZh { get; set; }
    public string? M49Region { get; set; }
    public string? M49SubRegion { get; set; }
    public string? IloRegionId { get; set; }

    public string Name(string lang) => Shared.Languages.Pick(lang, NameEn, NameFr, NameEs, NameZh);
}

public class IloRegion
{
    public required string Id { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public required string NameEs { get; set; }
    public required string NameZh { get; set; }
    public string Name(string lang) => Shared.Languages.Pick(lang, NameEn, NameFr, NameEs, NameZh);
}
