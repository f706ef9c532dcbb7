namespace DecentWork.Organisations;

public enum ConstituentGroup { Government, Workers, Employers, ILO, Academia, Other }

public class Organisation
{
    public int Id { get; set; }
    /// <summary>A stable key from an import (sample content, IATI reference); unique when set.</summary>
    public string? Key { get; set; }
    public required string Name { get; set; }
    public string? Acronym { get; set; }
    public string? NameFr { get; set; }
    public string? NameEs { get; set; }
    public string? NameZh { get; set; }
    public string? CountryCode { get; set; }
    public ConstituentGroup Group { get; set; }
    public bool IsSample { get; set; }

    public string DisplayName(string lang) => lang switch
    {
        "fr" when NameFr is not null => NameFr,
        "es" when NameEs is not null => NameEs,
        "zh" when NameZh is not null => NameZh,
        _ => Name,
    };

    /// <summary>The three groups whose endorsement makes a practice tripartite.</summary>
    public static bool CanEndorse(ConstituentGroup g) => g is ConstituentGroup.Government or ConstituentGroup.Workers or ConstituentGroup.Employers;
}
