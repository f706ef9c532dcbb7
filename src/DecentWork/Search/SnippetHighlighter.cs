using System.Globalization;
using System.Text;
using Lucene.Net.Search.Highlight;

namespace DecentWork.Search;

/// <summary>Marks the query's words in a hit's stored excerpt, in the excerpt's language. The query's terms (and
/// prefixes) are analysed once per search; the excerpt is not run through the analyzer per hit, which profiled at a
/// fifth of a query's time (stemming ten excerpts, segmenting Chinese ones):
/// <list type="bullet">
/// <item>Latin-script text is cut into words, and each word is analysed alone through a cache of the language's
/// analyzer (excerpts share their words, so nearly every lookup is a hit);</item>
/// <item>Chinese text, which has no spaces, is searched for the query's words as written (SmartCn keeps a word's
/// characters and only lower-cases Latin ones, so the analysed terms are substrings of the text).</item>
/// </list>
/// Phrase words are marked wherever they occur, which is what a reader scanning a snippet needs.</summary>
public sealed class SnippetHighlighter
{
    private readonly SearchAnalyzers.TermCache? _cache;
    private readonly IReadOnlySet<string> _terms;
    private readonly IReadOnlyList<string> _prefixes;
    private readonly string[]? _chinese;

    public SnippetHighlighter(SearchAnalyzers.TermCache cache, IReadOnlySet<string> terms, IReadOnlyList<string> prefixes, bool chinese = false)
    {
        _terms = terms;
        _prefixes = prefixes;
        if (chinese) _chinese = terms.Concat(prefixes).Where(t => t.Length > 0).OrderByDescending(t => t.Length).ToArray();
        else _cache = cache;
    }

    /// <summary>HTML: the excerpt escaped, its matching words in &lt;mark&gt;.</summary>
    public string Highlight(string excerpt)
    {
        if (excerpt.Length == 0 || _terms.Count == 0 && _prefixes.Count == 0) return MinimalHtmlEncoder.Instance.EncodeText(excerpt);
        var marks = _chinese is { } words ? FindWords(excerpt, words) : FindTerms(excerpt);
        if (marks.Count == 0) return MinimalHtmlEncoder.Instance.EncodeText(excerpt);
        var sb = new StringBuilder(excerpt.Length + marks.Count * 13);
        var at = 0;
        foreach (var (start, end) in marks)
        {
            MinimalHtmlEncoder.Append(sb, excerpt.AsSpan(at, start - at));
            sb.Append("<mark>");
            MinimalHtmlEncoder.Append(sb, excerpt.AsSpan(start, end - start));
            sb.Append("</mark>");
            at = end;
        }
        MinimalHtmlEncoder.Append(sb, excerpt.AsSpan(at));
        return sb.ToString();
    }

    /// <summary>Words (runs of letters and digits) whose analysed form is a query term or starts with a query prefix.</summary>
    private List<(int Start, int End)> FindTerms(string text)
    {
        var marks = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text, i)) { i += char.IsSurrogatePair(text, i) ? 2 : 1; continue; }
            var start = i;
            // An apostrophe between letters stays in the word, as the standard tokenizer keeps it (l'emploi, worker's):
            // the language's filters then strip the article or the possessive.
            while (i < text.Length && (char.IsLetterOrDigit(text, i) || char.GetUnicodeCategory(text, i) == UnicodeCategory.NonSpacingMark
                       || text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text, i + 1)))
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            var term = _cache!.Term(text.AsSpan(start, i - start));
            if (term is not null && Matches(term)) marks.Add((start, i));
        }
        return marks;
    }

    private bool Matches(string term)
    {
        if (_terms.Contains(term)) return true;
        foreach (var p in _prefixes)
            if (term.StartsWith(p, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Every occurrence of the words, longest first, never overlapping; a Latin word inside Chinese text
    /// only as a whole word.</summary>
    private static List<(int Start, int End)> FindWords(string text, string[] words)
    {
        var marks = new List<(int Start, int End)>();
        foreach (var w in words)
        {
            var latin = !ConceptMatcher.ContainsCjk(w);
            for (var at = text.IndexOf(w, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(w, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + w.Length;
                if (latin && (at > 0 && char.IsLetterOrDigit(text[at - 1]) || end < text.Length && char.IsLetterOrDigit(text[end]))) continue;
                if (marks.Any(m => at < m.End && end > m.Start)) continue;
                marks.Add((at, end));
            }
        }
        marks.Sort((a, b) => a.Start.CompareTo(b.Start));
        return marks;
    }
}

/// <summary>Escapes only what HTML needs escaped. Lucene's SimpleHTMLEncoder also turns every non-ASCII character into
/// a numeric entity, which triples a Chinese snippet and makes the JSON unreadable.</summary>
internal sealed class MinimalHtmlEncoder : IEncoder
{
    public static readonly MinimalHtmlEncoder Instance = new();

    public static void Append(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    public string EncodeText(string originalText)
    {
        if (string.IsNullOrEmpty(originalText) || originalText.AsSpan().IndexOfAny("&<>\"'") < 0) return originalText ?? "";
        var sb = new StringBuilder(originalText.Length + 16);
        Append(sb, originalText);
        return sb.ToString();
    }
}
