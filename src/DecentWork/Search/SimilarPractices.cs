using System.Globalization;
using DecentWork.Practices;
using DecentWork.Shared;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;

namespace DecentWork.Search;

public sealed record SimilarPractice(int Id, string Slug, string Title, string Language);

/// <summary>"Similar practices": the practices that share the most concepts with this one (its themes and the thesaurus
/// concepts its text mentions — which is what crosses languages), plus MoreLikeThis over the text fields of every
/// language (the practice's text analysed as each language: names, acronyms and numbers are shared across them).
/// Only the index is queried, so only public practices come back; the practice itself is excluded.</summary>
public sealed class SimilarPractices(SearchIndex index, SearchVocabulary vocabulary)
{
    // Finding them analyses the practice's whole text in four analyzers (~70 ms, most of a practice page's time), and
    // the answer only changes with the text shown, the reader's language, the index or the thesaurus: remembered
    // under all four, so any change to the index (MaxApplied moves) or the vocabulary makes a fresh answer.
    // Entries of an older index state are never asked for again: starting afresh when full drops them.
    private readonly BoundedCache<(int Id, long Revision, string Reader, int Max, long Index), (object Vocabulary, List<SimilarPractice> Found)> _cache = new(10_000);

    /// <param name="revision">Identifies the text shown (the published revision, or the working copy's version), so a
    /// new revision is never answered from an old one's entry.</param>
    public async Task<List<SimilarPractice>> FindAsync(int id, long revision, PracticeContent content, string reader, int max = 5, CancellationToken ct = default)
    {
        var v = await vocabulary.GetAsync(ct);
        var key = (id, revision, reader, max, index.MaxApplied);
        if (_cache.TryGetValue(key, out var hit) && ReferenceEquals(hit.Vocabulary, v)) return hit.Found;
        var found = await FindUncachedAsync(v, id, content, reader, max);
        _cache.Set(key, (v, found));
        return found;
    }

    private Task<List<SimilarPractice>> FindUncachedAsync(Vocabulary v, int id, PracticeContent content, string reader, int max)
    {
        var texts = content.Texts.Where(kv => SearchAnalyzers.Languages.Contains(kv.Key))
            .Select(kv => kv.Value.Title + "\n" + kv.Value.Summary + "\n" + PracticeDocument.Body(kv.Value)).ToList();
        var all = string.Join("\n\n", texts);
        // The concepts, weighted as the index weighs them: chosen themes count most.
        var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (concept, n) in v.Matcher.Count(all)) concepts[concept] = Math.Min(n, 5);
        foreach (var theme in content.Themes.Where(v.IsConcept))
        {
            concepts[theme] = concepts.GetValueOrDefault(theme) + 3;
            foreach (var up in v.WithAncestors(theme).Skip(1)) concepts[up] = Math.Max(concepts.GetValueOrDefault(up), 1);
        }
        if (all.Trim().Length == 0 && concepts.Count == 0) return Task.FromResult(new List<SimilarPractice>());

        return Task.FromResult(index.Search(searcher =>
        {
            var query = new BooleanQuery();
            var shared = new BooleanQuery(disableCoord: false);
            foreach (var (concept, w) in concepts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(30))
                shared.Add(new TermQuery(new Term(SearchFields.Concept, concept)) { Boost = w }, Occur.SHOULD);
            if (shared.Clauses.Count > 0) query.Add(shared, Occur.SHOULD);
            foreach (var lang in SearchAnalyzers.Languages)
            {
                var mlt = new MoreLikeThis(searcher.IndexReader)
                {
                    Analyzer = index.Analyzers.For(lang),
                    FieldNames = [SearchFields.Title(lang), SearchFields.Text(lang)],
                    MinTermFreq = 1, MinDocFreq = 1, MinWordLen = 2, MaxQueryTerms = 25,
                };
                using var reader = new StringReader(all.Length > 20_000 ? all[..20_000] : all);
                if (mlt.Like(reader, SearchFields.Text(lang)) is BooleanQuery like && like.Clauses.Count > 0) query.Add(like, Occur.SHOULD);
            }
            if (query.Clauses.Count == 0) return new List<SimilarPractice>();
            query.Add(new TermQuery(PracticeDocument.KeyTerm(id)), Occur.MUST_NOT);
            var top = searcher.Search(query, max).ScoreDocs;
            var cards = new HitCards.Reader(searcher);
            return top.Select(sd =>
            {
                var card = cards.Read(sd.Doc, reader);
                return new SimilarPractice(card.Id, Slug.From(card.Title), card.Title, card.Language);
            }).ToList();
        }));
    }
}
