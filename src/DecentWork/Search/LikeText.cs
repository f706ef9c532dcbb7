using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>"More like this" for a text of unknown language, as one set of terms over the text fields of every content
/// language: the text is analysed as each language, every word weighed as Lucene's MoreLikeThis weighs it (its count
/// in the text × its idf), and the best words of all languages together are kept, as a group of a
/// <see cref="SweepQuery"/>.</summary>
/// <remarks>
/// It replaces four MoreLikeThis queries (one per language, 20 words each), which at 100,000 practices cost about as
/// much as everything else in a cooperation suggestion (profiled):
/// <list type="bullet">
/// <item>MoreLikeThis looks each word up in the title and the text field, through a fresh term enumerator per segment,
/// and the query it returns looks the chosen words up again. Here a word is looked up once, in the text field only (the
/// one MoreLikeThis picks anyway: it takes the field where the word is most frequent, and titles are short), with one
/// enumerator per segment and language, and the lookup is handed to the query (<see cref="TermContext"/>).</item>
/// <item>A short text repeats the words common to most texts of its language, so their count lifted them among the
/// chosen; their postings lists are the longest and say the least. Words found in more than <c>maxShare</c> of the
/// texts in their language are skipped (never in an index too small for that to mean anything: see
/// <see cref="CommonFloor"/>).</item>
/// </list>
/// </remarks>
public static class LikeText
{
    /// <summary>As MoreLikeThis: one-letter tokens are noise (and SmartCn makes a token of every lone character).</summary>
    public const int MinWordLength = 2;

    /// <summary>A word in at most this many texts is never "too common", whatever the share: in a small index every
    /// word is in a large share of it.</summary>
    public const int CommonFloor = 100;

    private const int MaxTokens = 5000;

    /// <summary>The chosen words, best first, each with its lookup (<see cref="TermContext"/>) for the query to reuse.</summary>
    public static List<SweepQuery.Clause> Terms(IndexSearcher searcher, SearchAnalyzers analyzers, string text, int maxTerms, double maxShare)
    {
        var top = searcher.TopReaderContext;
        var leaves = searcher.IndexReader.Leaves;
        var numDocs = searcher.IndexReader.NumDocs;
        var similarity = new DefaultSimilarity();
        var chosen = new List<(Term Term, TermContext States, float Score)>();
        foreach (var lang in SearchAnalyzers.Languages)
        {
            var field = SearchFields.Text(lang);
            var counts = Count(analyzers.For(lang), field, text);
            if (counts.Count == 0) continue;
            // Sorted as the term dictionary is, so each segment's enumerator only moves forward.
            var words = counts.Keys.Select(w => new BytesRef(w)).ToArray();
            Array.Sort(words, BytesRef.UTF8SortedAsUnicodeComparer);
            var states = new TermContext?[words.Length];
            long docCount = 0;
            foreach (var leaf in leaves)
            {
                var terms = leaf.AtomicReader.GetTerms(field);
                if (terms is null) continue;
                docCount += Math.Max(terms.DocCount, 0);
                var te = terms.GetEnumerator();
                for (var i = 0; i < words.Length; i++)
                    if (te.SeekExact(words[i]))
                        (states[i] ??= new TermContext(top)).Register(te.GetTermState(), leaf.Ord, te.DocFreq, te.TotalTermFreq);
            }
            var maxDocFreq = Math.Max(CommonFloor, (long)(docCount * maxShare));
            for (var i = 0; i < words.Length; i++)
            {
                if (states[i] is not { } s || s.DocFreq > maxDocFreq) continue;
                var word = words[i].Utf8ToString();
                chosen.Add((new Term(field, words[i]), s, counts[word] * similarity.Idf(s.DocFreq, numDocs)));
            }
        }
        return chosen.OrderByDescending(c => c.Score).ThenBy(c => c.Term.Field, StringComparer.Ordinal).ThenBy(c => c.Term.Text, StringComparer.Ordinal)
            .Take(maxTerms).Select(c => new SweepQuery.Clause(c.Term, 1f, c.States)).ToList();
    }

    private static Dictionary<string, int> Count(Lucene.Net.Analysis.Analyzer analyzer, string field, string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var ts = analyzer.GetTokenStream(field, text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        ts.Reset();
        for (var n = 0; n < MaxTokens && ts.IncrementToken(); n++)
        {
            if (term.Length < MinWordLength) continue;
            var w = term.ToString();
            counts[w] = counts.GetValueOrDefault(w) + 1;
        }
        ts.End();
        return counts;
    }
}
