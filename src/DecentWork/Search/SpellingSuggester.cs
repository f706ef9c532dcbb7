using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Typo tolerance: when a query finds nothing, each Latin-script word of five letters or more is replaced by
/// the closest word the index holds (Levenshtein automaton over the unstemmed "spell" field: it visits only the terms
/// within reach, never the whole dictionary), and the corrected query is offered as "did you mean".</summary>
public static class SpellingSuggester
{
    public const int MinLength = 5;

    public static bool IsLatinLetter(char c) => c < 0x250 && char.IsLetter(c);

    public static bool Eligible(QueryClause c)
        => c is { Kind: ClauseKind.Word, Excluded: false } && c.Text.Length >= MinLength && c.Text.All(IsLatinLetter);

    /// <summary>The query with its misspelt words corrected, or null when no word could be corrected.</summary>
    public static ParsedQuery? Correct(ParsedQuery parsed, IndexReader reader)
    {
        var terms = MultiFields.GetTerms(reader, SearchFields.Spelling);
        if (terms is null) return null;
        var changed = false;
        var clauses = parsed.Clauses.Select(c =>
        {
            if (!Eligible(c)) return c;
            var word = c.Text.ToLowerInvariant();
            if (reader.DocFreq(new Term(SearchFields.Spelling, word)) > 0) return c; // spelt as the index spells it
            var better = Closest(terms, word);
            if (better is null) return c;
            changed = true;
            return c with { Text = better };
        }).ToList();
        return changed ? parsed with { Clauses = clauses } : null;
    }

    private static string? Closest(Terms terms, string word)
    {
        // One edit for short words, two from eight letters: more would propose unrelated words.
        var maxEdits = word.Length >= 8 ? 2 : 1;
        var atts = new AttributeSource();
        // The first letter is rarely the typo, and fixing it cuts the terms visited by an order of magnitude.
        var fuzzy = new FuzzyTermsEnum(terms, atts, new Term(SearchFields.Spelling, word), maxEdits, 1, true);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFreq = -1;
        var visited = 0;
        while (visited++ < 500 && fuzzy.MoveNext())
        {
            var candidate = fuzzy.Term.Utf8ToString();
            var distance = Distance(word, candidate);
            var freq = fuzzy.DocFreq;
            if (distance < bestDistance || distance == bestDistance && freq > bestFreq)
                (best, bestDistance, bestFreq) = (candidate, distance, freq);
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (a swap of two letters is one edit, as in the automaton).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
