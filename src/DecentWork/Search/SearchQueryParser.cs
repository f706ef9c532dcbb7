using System.Text;

namespace DecentWork.Search;

public enum ClauseKind { Word, Phrase, Prefix }

/// <summary>One thing the reader asked for: a word, a "quoted phrase" or a prefix*, possibly -excluded.</summary>
public sealed record QueryClause(ClauseKind Kind, string Text, bool Excluded = false);

/// <summary>A parsed query. <see cref="MatchAll"/>: the reader asked for everything (empty query or "*").
/// <see cref="Nothing"/>: there was input but nothing in it to search for (only operators or quotes).</summary>
public sealed record ParsedQuery(IReadOnlyList<QueryClause> Clauses, bool MatchAll, bool Nothing)
{
    public IEnumerable<QueryClause> Positive => Clauses.Where(c => !c.Excluded);
    public IEnumerable<QueryClause> Negative => Clauses.Where(c => c.Excluded);

    /// <summary>The query written back in the syntax it was read from (for "did you mean").</summary>
    public override string ToString() => string.Join(' ', Clauses.Select(c => (c.Excluded ? "-" : "") + c.Kind switch
    {
        ClauseKind.Phrase => "\"" + c.Text + "\"",
        ClauseKind.Prefix => c.Text + "*",
        _ => c.Text,
    }));
}

/// <summary>Reads what a reader types into the search box. Deliberately small: words are all required, "quotes" make a
/// phrase, a leading - excludes, a trailing * asks for a prefix. Lucene's own query syntax is not exposed, so no input
/// can build an expensive query (a leading wildcard, a huge fuzzy, a regular expression) or fail to parse: anything
/// the grammar does not understand is read as plain words.</summary>
public static class SearchQueryParser
{
    /// <summary>The API refuses longer queries; the parser also cuts there, so no caller can hand it a novel.</summary>
    public const int MaxLength = 500;
    /// <summary>More clauses than anyone types; keeps the Lucene query (clauses × languages × fields) bounded.</summary>
    public const int MaxClauses = 24;
    public const int MinPrefixLength = 2;

    public static ParsedQuery Parse(string? input)
    {
        var text = Clean(input);
        if (text.Length == 0 || text == "*") return new ParsedQuery([], MatchAll: true, Nothing: false);
        var clauses = new List<QueryClause>();
        var quotes = text.Count(c => c == '"');
        var lastQuote = quotes % 2 == 1 ? text.LastIndexOf('"') : -1; // an unpaired quote is read as a space
        var i = 0;
        while (i < text.Length && clauses.Count < MaxClauses)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || i == lastQuote) { i++; continue; }
            var excluded = false;
            if (c is '-' or '+')
            {
                // An operator counts only when it touches what follows; "a - b" is two words and a stray dash.
                var next = i + 1 < text.Length ? text[i + 1] : ' ';
                if (char.IsWhiteSpace(next) || next is '-' or '+' || i + 1 == lastQuote) { i++; continue; }
                excluded = c == '-';
                i++;
                c = text[i];
            }
            if (c == '"' && i != lastQuote)
            {
                var end = text.IndexOf('"', i + 1);
                var phrase = Collapse(text[(i + 1)..end]);
                i = end + 1;
                if (phrase.Length == 0) continue;
                clauses.Add(new QueryClause(phrase.Contains(' ') ? ClauseKind.Phrase : ClauseKind.Word, phrase, excluded));
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && (text[i] != '"' || i == lastQuote)) i++;
            var word = text[start..i].Replace("\"", "");
            var prefix = word.EndsWith('*');
            word = word.Trim('*');
            if (word.Contains('*')) word = word.Replace('*', ' ').Trim(); // an inner * is not a wildcard here
            if (!HasLetterOrDigit(word)) continue;
            if (prefix && CountLettersOrDigits(word) >= MinPrefixLength && !word.Contains(' '))
                clauses.Add(new QueryClause(ClauseKind.Prefix, word, excluded));
            else
                clauses.Add(new QueryClause(word.Contains(' ') ? ClauseKind.Phrase : ClauseKind.Word, word, excluded));
        }
        return new ParsedQuery(clauses, MatchAll: false, Nothing: clauses.Count == 0);
    }

    /// <summary>Control characters become spaces; compatibility forms are folded (full-width Latin letters and
    /// punctuation typed on a Chinese keyboard become ASCII); typographic quotes count as quotes.</summary>
    public static string Clean(string? input)
    {
        if (string.IsNullOrEmpty(input)) return "";
        if (input.Length > MaxLength * 2) input = input[..(MaxLength * 2)]; // before normalisation, which may lengthen
        var sb = new StringBuilder(input.Length);
        foreach (var ch in input)
        {
            if (char.IsControl(ch)) { sb.Append(' '); continue; }
            sb.Append(ch);
        }
        string s;
        try { s = sb.ToString().Normalize(NormalizationForm.FormKC); }
        catch (ArgumentException) { s = sb.ToString(); } // a lone surrogate: leave the text as it is
        sb.Clear();
        foreach (var ch in s)
            sb.Append(ch switch
            {
                '“' or '”' or '„' or '«' or '»' or '「' or '」' => '"',
                '－' or '‐' or '‑' => '-',
                _ when char.IsControl(ch) || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format => ' ',
                _ => ch,
            });
        s = Collapse(sb.ToString());
        return s.Length > MaxLength ? s[..MaxLength] : s;
    }

    /// <summary>Control characters other than ordinary white space: the API refuses them rather than guess.</summary>
    public static bool HasControlCharacters(string? input)
        => input is not null && input.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool HasLetterOrDigit(string s) => s.Any(char.IsLetterOrDigit);
    private static int CountLettersOrDigits(string s) => s.Count(char.IsLetterOrDigit);
}
