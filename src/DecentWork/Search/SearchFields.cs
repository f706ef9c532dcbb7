namespace DecentWork.Search;

/// <summary>The names of the index's fields, shared by the document builder and the query side so they cannot drift.</summary>
public static class SearchFields
{
    /// <summary>Bumped whenever the document layout or an analyzer changes; an index of another version is rebuilt.</summary>
    public const string SchemaVersion = "6"; // 5: word pairs in the Chinese fields; 6: the spelling field's words once each (SpellingWords)

    public const string Id = "id";
    public const string Concept = "concept";
    public const string Published = "published";
    public const string Spelling = "spell";

    public static string Title(string lang) => "title_" + lang;
    /// <summary>Summary and sections in one field: a word is looked up in two fields per language (title, text), not
    /// three, and the long postings lists are walked once (the query's cost grows with the fields it unions).</summary>
    public static string Text(string lang) => "text_" + lang;

    /// <summary>One indexed keyword field (for filters) and one SortedSet doc-values field (for counts) per facet.</summary>
    public static string Facet(string key) => "f_" + key;

    public static readonly string[] FacetKeys = ["country", "region", "theme", "pillar", "group", "language", "year", "endorsed"];

    // Title over the rest: a word in the title says more about what the practice is about.
    public const float TitleBoost = 3f;
    public const float TextBoost = 1f;
}
