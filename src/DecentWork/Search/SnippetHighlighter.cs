using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search.Highlight;

namespace DecentWork.Search;

/// <summary>Marks the query's words in a hit's stored excerpt, in the excerpt's language. Lucene's Highlighter does the
/// tokenising and the markup; the scoring is a set lookup on the analysed terms (and prefixes), prepared once per
/// search. Lucene's QueryScorer rebuilt span extractors and in-memory indexes for every hit, which cost about a
/// millisecond per hit even on a 300-character excerpt. Phrase words are marked wherever they occur, which is what a
/// reader scanning a snippet needs.</summary>
public sealed class SnippetHighlighter
{
    private readonly Analyzer _analyzer;
    private readonly Highlighter? _highlighter;
    private readonly string[]? _mustContainOne;

    /// <param name="exactTerms">The analyzer leaves words as they are written, apart from case (SmartCn for Chinese
    /// text): an excerpt containing none of the terms is then returned without analysing it, which for Chinese, whose
    /// segmentation is the slow part, saves most of the work on hits found through the thesaurus.</param>
    public SnippetHighlighter(Analyzer analyzer, IReadOnlySet<string> terms, IReadOnlyList<string> prefixes, bool exactTerms = false)
    {
        _analyzer = analyzer;
        if (exactTerms) _mustContainOne = terms.Concat(prefixes).ToArray();
        if (terms.Count == 0 && prefixes.Count == 0) return;
        _highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), MinimalHtmlEncoder.Instance, new TermSetScorer(terms, prefixes))
        {
            TextFragmenter = new NullFragmenter(), // the excerpt is already short: keep it whole
        };
    }

    /// <summary>HTML: the excerpt escaped, its matching words in &lt;mark&gt;.</summary>
    public string Highlight(string excerpt)
    {
        if (_highlighter is null || excerpt.Length == 0 || _mustContainOne is { } any && !ContainsAny(excerpt, any))
            return MinimalHtmlEncoder.Instance.EncodeText(excerpt);
        return _highlighter.GetBestFragment(_analyzer, "h", excerpt) ?? MinimalHtmlEncoder.Instance.EncodeText(excerpt);
    }

    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var w in words)
            if (text.Contains(w, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private sealed class TermSetScorer(IReadOnlySet<string> terms, IReadOnlyList<string> prefixes) : IScorer
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private ICharTermAttribute? _term;
        private float _score;

        public TokenStream? Init(TokenStream tokenStream)
        {
            _term = tokenStream.AddAttribute<ICharTermAttribute>();
            return null; // no need for a different stream
        }

        public void StartFragment(TextFragment newFragment)
        {
            _score = 0;
            _seen.Clear();
        }

        public float GetTokenScore()
        {
            var t = _term!.ToString();
            var hit = terms.Contains(t);
            if (!hit)
                foreach (var p in prefixes)
                    if (t.StartsWith(p, StringComparison.Ordinal)) { hit = true; break; }
            if (!hit) return 0;
            if (_seen.Add(t)) _score += 1;
            return 1;
        }

        public float FragmentScore => _score;
    }
}

/// <summary>Escapes only what HTML needs escaped. Lucene's SimpleHTMLEncoder also turns every non-ASCII character into
/// a numeric entity, which triples a Chinese snippet and makes the JSON unreadable.</summary>
internal sealed class MinimalHtmlEncoder : IEncoder
{
    public static readonly MinimalHtmlEncoder Instance = new();

    public string EncodeText(string originalText)
    {
        if (string.IsNullOrEmpty(originalText) || originalText.AsSpan().IndexOfAny("&<>\"'") < 0) return originalText ?? "";
        var sb = new System.Text.StringBuilder(originalText.Length + 16);
        foreach (var c in originalText)
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return sb.ToString();
    }
}
