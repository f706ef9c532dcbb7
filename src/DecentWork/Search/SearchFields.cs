namespace DecentWork.Search;

/// <summary>The names of the index's fields, shared by the document builder and the query side so they cannot drift.</summary>
public static class SearchFields
{
    /// <summary>Bumped whenever the document layout or an analyzer changes; an index of another version is rebuilt.</summary>
    public const string SchemaVersion = "1";

    public const string Id = "id";
    public const string OriginalLanguage = "lang";
    public const string Concept = "concept";
    public const string Published = "published";
    public const string Spelling = "spell";

    public static string Title(string lang) => "title_" + lang;
    public static string Summary(string lang) => "summary_" + lang;
    public static string Body(string lang) => "body_" + lang;
    /// <summary>A short stored excerpt for snippets: highlighting long bodies is slow (STACK-NOTES), and small stored
    /// fields keep the NIOFSDirectory fast under concurrent searches.</summary>
    public static string Excerpt(string lang) => "excerpt_" + lang;

    /// <summary>One indexed keyword field (for filters) and one SortedSet doc-values field (for counts) per facet.</summary>
    public static string Facet(string key) => "f_" + key;

    public static readonly string[] FacetKeys = ["country", "region", "theme", "pillar", "group", "language", "year", "endorsed"];

    // Title over summary over the sections: a word in the title says more about what the practice is about.
    public const float TitleBoost = 3f;
    public const float SummaryBoost = 1.5f;
    public const float BodyBoost = 1f;
}
