namespace DecentWork.Thesaurus;

/// <summary>A SKOS concept: stable slug id, labels per language, broader/narrower/related links.</summary>
public class Concept
{
    public required string Id { get; set; }
    public string? DefinitionEn { get; set; }
    public string? DefinitionFr { get; set; }
    public string? DefinitionEs { get; set; }
    public string? DefinitionZh { get; set; }
    public List<ConceptLabel> Labels { get; set; } = [];

    public string Label(string lang)
        => Labels.FirstOrDefault(l => l.Kind == LabelKind.Pref && l.Language == lang)?.Text
           ?? Labels.FirstOrDefault(l => l.Kind == LabelKind.Pref && l.Language == "en")?.Text
           ?? Id;

    public string? Definition(string lang) => Shared.Languages.Pick(lang, DefinitionEn, DefinitionFr, DefinitionEs, DefinitionZh);
}

public enum LabelKind { Pref, Alt }

public class ConceptLabel
{
    public int Id { get; set; }
    public required string ConceptId { get; set; }
    public required string Language { get; set; }
    public LabelKind Kind { get; set; }
    public required string Text { get; set; }
}

public enum RelationKind { Broader, Related }

/// <summary>Stored one way: Broader from narrower to broader; Related both ways.</summary>
public class ConceptRelation
{
    public required string FromId { get; set; }
    public required string ToId { get; set; }
    public RelationKind Kind { get; set; }
}

public class Pillar
{
    public required string Id { get; set; }
    public int Position { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public required string NameEs { get; set; }
    public required string NameZh { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEs { get; set; }
    public string? DescriptionZh { get; set; }
    public string Name(string lang) => Shared.Languages.Pick(lang, NameEn, NameFr, NameEs, NameZh);
}

public class SdgTarget
{
    public required string Id { get; set; }
    public int Goal { get; set; }
    public required string TitleEn { get; set; }
    public required string TitleFr { get; set; }
    public required string TitleEs { get; set; }
    public required string TitleZh { get; set; }
    public string Title(string lang) => Shared.Languages.Pick(lang, TitleEn, TitleFr, TitleEs, TitleZh);
}

public class LabourStandard
{
    /// <summary>C102, P029, R202 …</summary>
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public int Number { get; set; }
    public int Year { get; set; }
    public string? Category { get; set; }
    public required string TitleEn { get; set; }
    public required string TitleFr { get; set; }
    public required string TitleEs { get; set; }
    public required string TitleZh { get; set; }
    public string Title(string lang) => Shared.Languages.Pick(lang, TitleEn, TitleFr, TitleEs, TitleZh);
}
