using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DecentWork.Search;

/// <summary>Turns a parsed query into a Lucene query over every content language.</summary>
/// <remarks>
/// Each clause is analysed by each language's analyzer and looked for in that language's title and text (summary and sections)
/// (a disjunction that keeps the best field, with a small share of the others). All positive clauses are required.
/// Cross-language: the positive words are mapped to thesaurus concepts exactly as documents are; a run of clauses
/// covered by a label may be satisfied either by the words themselves or by the concept, so 养老保险 reaches a Spanish
/// practice indexed with the concept pension-insurance. The concept alternative weighs less than a text match, and a
/// document matching both gets both, so same-language matches rank first when otherwise equally relevant.
/// Given the reader it will run against, the builder leaves out the field queries whose terms no document has (a French
/// word is rarely a term of the Chinese fields): Lucene would find no postings for them anyway, but each one left in
/// keeps a disjunction around a single real scorer, and a disjunction's heap costs on every matching document.
/// </remarks>
public sealed class QueryBuilder(SearchAnalyzers analyzers, Vocabulary vocabulary, IndexReader? reader = null)
{
    /// <summary>Below a text match (1), so a practice that has the words in the reader's language ranks first;
    /// measured on docs/relevance/sample.json, 0.8 ranked concept-only practices better than 0.5 (nDCG@10 0.907 vs
    /// 0.905), and a phrase-proximity bonus brought nothing there, so there is none.</summary>
    public const float ConceptBoost = 0.8f;
    private const float TieBreaker = 0.1f;

    private static readonly (Func<string, string> Field, float Boost)[] Fields =
    [
        (SearchFields.Title, SearchFields.TitleBoost),
        (SearchFields.Text, SearchFields.TextBoost),
    ];

    /// <summary>The query for a parsed text; never null. A query whose every word is a stop word matches nothing.</summary>
    public Query Build(ParsedQuery parsed)
    {
        if (parsed.MatchAll) return new MatchAllDocsQuery();
        var positive = parsed.Positive.ToList();
        var root = new BooleanQuery();
        var any = false;

        // Which clauses a thesaurus label spans, joined into groups (a label may span several words).
        var tokens = new List<ConceptMatcher.Token>();
        for (var i = 0; i < positive.Count; i++)
            if (positive[i].Kind != ClauseKind.Prefix) ConceptMatcher.Tokenize(positive[i].Text, i, tokens);
        var parent = Enumerable.Range(0, positive.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var matches = vocabulary.Matcher.Scan(tokens);
        foreach (var m in matches)
        {
            var first = tokens[m.Start].Tag;
            for (var t = m.Start + 1; t < m.End; t++) parent[Find(tokens[t].Tag)] = Find(first);
        }
        var conceptsByGroup = new Dictionary<int, List<IReadOnlyList<string>>>();
        foreach (var m in matches)
        {
            var g = Find(tokens[m.Start].Tag);
            if (!conceptsByGroup.TryGetValue(g, out var list)) conceptsByGroup[g] = list = [];
            list.Add(m.Concepts);
        }

        foreach (var group in Enumerable.Range(0, positive.Count).GroupBy(Find))
        {
            var text = new BooleanQuery();
            foreach (var i in group)
                if (Clause(positive[i]) is { } q) text.Add(q, Occur.MUST);
            conceptsByGroup.TryGetValue(group.Key, out var labels);
            var concepts = labels is null ? null : ConceptQuery(labels);
            if (concepts is null)
            {
                if (text.Clauses.Count == 0) continue;
                root.Add(text.Clauses.Count == 1 ? text.Clauses[0].Query : text, Occur.MUST);
            }
            else
            {
                var either = new BooleanQuery();
                if (text.Clauses.Count > 0) either.Add(text, Occur.SHOULD);
                either.Add(concepts, Occur.SHOULD);
                root.Add(either, Occur.MUST);
            }
            any = true;
        }

        var hasNegative = false;
        foreach (var c in parsed.Negative)
            if (Clause(c) is { } q) { root.Add(q, Occur.MUST_NOT); hasNegative = true; }
        if (!any)
        {
            // Only exclusions: everything except them. Only stop words: nothing to look for.
            if (!hasNegative) return new BooleanQuery();
            root.Add(new MatchAllDocsQuery(), Occur.MUST);
        }
        return root;
    }

    /// <summary>Null when no document carries the concepts (the alternative could match nothing).</summary>
    private Query? ConceptQuery(List<IReadOnlyList<string>> labels)
    {
        var all = new BooleanQuery { Boost = ConceptBoost };
        foreach (var label in labels)
        {
            var ids = label.Select(id => ConceptTerm(id)).OfType<TermQuery>().ToList();
            if (ids.Count == 0) return null;
            // A label shared by two concepts is ambiguous: either will do.
            if (ids.Count == 1) { all.Add(ids[0], Occur.MUST); continue; }
            var either = new BooleanQuery();
            foreach (var id in ids) either.Add(id, Occur.SHOULD);
            all.Add(either, Occur.MUST);
        }
        return all;
    }

    private TermQuery? ConceptTerm(string id)
    {
        var term = new Term(SearchFields.Concept, id);
        if (reader is null) return new TermQuery(term);
        var states = States(term);
        return states.DocFreq == 0 ? null : new TermQuery(term, states);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IndexReader, BoundedCache<Term, TermContext>> Contexts = new();

    /// <summary>The term's statistics per segment of the view, looked up once per view: readers keep asking for the same
    /// words, and each lookup is a term-dictionary seek per field and segment (eight fields a word). A TermContext is only
    /// read by the queries that use it, so one serves concurrent searches; it goes with its view.</summary>
    private TermContext States(Term term)
    {
        var cache = Contexts.GetValue(reader!, _ => new BoundedCache<Term, TermContext>(100_000));
        return cache.TryGetValue(term, out var known) ? known : cache.Set(term, TermContext.Build(reader!.Context, term));
    }

    /// <summary>One clause in every language and field; null when it is a stop word (so it requires nothing).</summary>
    public Query? Clause(QueryClause c)
    {
        var best = new DisjunctionMaxQuery(TieBreaker);
        var cjk = ConceptMatcher.ContainsCjk(c.Text);
        foreach (var lang in SearchAnalyzers.Languages)
        {
            if (c.Kind == ClauseKind.Prefix)
            {
                foreach (var prefix in Prefixes(lang, c.Text))
                    foreach (var (field, boost) in Fields)
                        best.Add(new PrefixQuery(new Term(field(lang), prefix)) { Boost = boost });
                continue;
            }
            var tokens = analyzers.QueryTokens(lang, c.Text);
            if (tokens.Count == 0)
            {
                // A word that one Latin language drops as a stop word ("de", "the", "los") would otherwise be required
                // in the other languages' fields, and a practice in the first language would fail to match.
                if (lang != "zh" && !cjk) return null;
                continue;
            }
            foreach (var (field, boost) in Fields)
                if (FieldQuery(field(lang), tokens, boost, chineseWord: lang == "zh" && cjk && c.Kind == ClauseKind.Word) is { } q) best.Add(q);
        }
        return best.Disjuncts.Count switch
        {
            0 => new BooleanQuery(), // a word no practice has: the clause matches nothing, and the query with it
            1 => best.Disjuncts[0],
            _ => best,
        };
    }

    /// <summary>The prefix as typed (lower case, folded) and as the language's stemmer writes it: the index holds
    /// stems, and a stemmer may change the start of a word too (French "apprentissage" is stored as "aprentisag").</summary>
    private IEnumerable<string> Prefixes(string lang, string text)
    {
        var typed = lang == "zh" ? text.ToLowerInvariant() : ConceptMatcher.Fold(text);
        yield return typed;
        var stemmed = analyzers.QueryTokens(lang, text);
        if (stemmed.Count == 1 && stemmed[0].Term.Length >= SearchQueryParser.MinPrefixLength && stemmed[0].Term != typed)
            yield return stemmed[0].Term;
    }

    /// <summary>The words in one field; null when the reader is known and one of them occurs in no document of it.</summary>
    private Query? FieldQuery(string field, IReadOnlyList<(string Term, int Position)> tokens, float boost, bool chineseWord)
    {
        if (tokens.Count == 1)
        {
            var term = new Term(field, tokens[0].Term);
            if (reader is null) return new TermQuery(term) { Boost = boost };
            // The term's statistics per segment, looked up once: the query is built with them, so searching does
            // not seek the term dictionary a second time.
            var states = States(term);
            return states.DocFreq == 0 ? null : new TermQuery(term, states) { Boost = boost };
        }
        if (reader is not null)
            foreach (var (t, _) in tokens)
                if (States(new Term(field, t)).DocFreq == 0) return null;
        // Chinese fields hold word pairs: the phrase is looked up as its pairs (the same matches and score).
        var phrase = SearchAnalyzers.HasWordPairs(field) ? new WordPairs.PhraseQuery { Boost = boost } : new PhraseQuery { Boost = boost };
        foreach (var (term, pos) in tokens) phrase.Add(new Term(field, term), pos);
        if (!chineseWord) return phrase;
        // A Chinese run typed without spaces is a sentence as often as a word: require its words, and reward them
        // adjacent. (SmartCn segments the same text the same way in documents, so the phrase usually holds.)
        var words = new BooleanQuery { Boost = boost };
        foreach (var (term, _) in tokens) words.Add(new TermQuery(new Term(field, term)), Occur.MUST);
        words.Add(phrase, Occur.SHOULD);
        return words;
    }

    /// <summary>The query's positive words as one language's analyzer writes them, and its prefixes, for marking
    /// them in an excerpt in that language.</summary>
    public (HashSet<string> Terms, List<string> Prefixes) HighlightTerms(ParsedQuery parsed, string lang)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var c in parsed.Positive)
        {
            if (c.Kind == ClauseKind.Prefix) prefixes.AddRange(Prefixes(lang, c.Text));
            else foreach (var (term, _) in analyzers.QueryTokens(lang, c.Text)) terms.Add(term);
        }
        return (terms, prefixes);
    }
}
