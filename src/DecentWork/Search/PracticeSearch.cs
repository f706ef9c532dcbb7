using System.Globalization;
using DecentWork.Shared;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DecentWork.Search;

public sealed record SearchRequest(
    string? Q,
    string Lang,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    bool ByDate = false,
    int Page = 1,
    int Size = 20);

public sealed record SearchHit(int Id, string Slug, string Title, string Language, float Score, string Snippet);

public sealed record SearchResult(int Total, int Page, int Size, List<SearchHit> Hits, Dictionary<string, List<FacetValue>> Facets, string? DidYouMean);

/// <summary>Runs a search: the query, the filters, one pass that collects both the page of hits and the facet counts,
/// then the stored title and a highlighted excerpt for each hit on the page.</summary>
public sealed class PracticeSearch(SearchIndex index, SearchVocabulary vocabulary)
{
    /// <summary>Deeper than this, a reader should narrow the search; it bounds the priority queue a request can ask for.</summary>
    public const int MaxWindow = 10_000;

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var v = await vocabulary.GetAsync(ct);
        var parsed = SearchQueryParser.Parse(request.Q);
        return index.Search(searcher => Run(searcher, new QueryBuilder(index.Analyzers, v, searcher.IndexReader), parsed, request));
    }

    private SearchResult Run(IndexSearcher searcher, QueryBuilder builder, ParsedQuery parsed, SearchRequest r)
    {
        var outcome = Execute(searcher, builder, parsed, r);
        string? didYouMean = null;
        if (outcome.Total == 0 && !parsed.MatchAll && SpellingSuggester.Correct(parsed, searcher.IndexReader) is { } corrected)
        {
            var second = Execute(searcher, builder, corrected, r);
            if (second.Total > 0)
            {
                outcome = second;
                parsed = corrected;
                didYouMean = corrected.ToString();
            }
        }
        var highlighters = new Dictionary<string, SnippetHighlighter>(StringComparer.Ordinal);
        var cards = new HitCards.Reader(searcher);
        var hits = outcome.Top.Select(sd =>
        {
            var card = cards.Read(sd.Doc, r.Lang);
            return new SearchHit(card.Id, Slug.From(card.Title), card.Title, card.Language, float.IsNaN(sd.Score) ? 0 : sd.Score,
                Highlighter(builder, parsed, card.Language, highlighters).Highlight(card.Excerpt));
        }).ToList();
        return new SearchResult(outcome.Total, r.Page, r.Size, hits, outcome.Facets, didYouMean);
    }

    private sealed record Outcome(int Total, ScoreDoc[] Top, Dictionary<string, List<FacetValue>> Facets);

    private static Outcome Execute(IndexSearcher searcher, QueryBuilder builder, ParsedQuery parsed, SearchRequest r)
    {
        var text = builder.Build(parsed);
        var query = Filtered(text, r.Filters, except: null);
        var offset = (r.Page - 1) * r.Size;
        var maxDoc = Math.Max(1, searcher.IndexReader.MaxDoc);
        // A page past the end is answered from the count alone: no queue is sized for documents that do not exist.
        var wanted = Math.Min(offset + r.Size, maxDoc);
        var byDate = r.ByDate || parsed.MatchAll; // "everything" has no relevance order: newest first
        var unfiltered = SearchFields.FacetKeys.Where(k => !r.Filters.ContainsKey(k)).ToList();
        var counter = new FacetCounter(unfiltered);
        int total;
        ScoreDoc[] docs;
        if (byDate)
        {
            var top = TopFieldCollector.Create(new Sort(new SortField(SearchFields.Published, SortFieldType.INT64, true), SortField.FIELD_SCORE),
                wanted, fillFields: false, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
            searcher.Search(query, MultiCollector.Wrap(top, counter));
            total = top.TotalHits;
            docs = offset >= wanted ? [] : top.GetTopDocs(offset, r.Size).ScoreDocs;
        }
        else
        {
            // By relevance: each segment's matches are counted and ranked in two loops over its lists.
            var top = new TopHits(wanted);
            query.Each(searcher, (segment, matches, scores) =>
            {
                counter.Add(segment, matches);
                top.Add(segment.DocBase, matches, scores);
            });
            total = top.Total;
            docs = offset >= wanted ? [] : top.Page(offset, r.Size);
        }
        var facets = counter.Result();
        // A filtered facet is counted without its own filter, so the reader sees what ticking another value would
        // add (country A or B) rather than only the value already ticked.
        foreach (var key in r.Filters.Keys)
        {
            var own = new FacetCounter([key]);
            Filtered(text, r.Filters, except: key).Each(searcher, (segment, matches, _) => own.Add(segment, matches));
            facets[key] = own.Result()[key];
        }
        var ordered = SearchFields.FacetKeys.ToDictionary(k => k, k => facets.GetValueOrDefault(k) ?? []);
        return new Outcome(total, docs, ordered);
    }

    private static TermAtATimeQuery Filtered(Query text, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string? except)
    {
        var all = new BooleanQuery();
        foreach (var (key, values) in filters)
        {
            if (key == except || values.Count == 0) continue;
            var any = new BooleanQuery(); // values of one key: any of them; different keys: all of them
            foreach (var value in values) any.Add(new TermQuery(new Term(SearchFields.Facet(key), value)), Occur.SHOULD);
            all.Add(any, Occur.MUST);
        }
        // Evaluated clause by clause (see TermAtATimeQuery): the same matches and scores in a fraction of the time.
        return new TermAtATimeQuery(all.Clauses.Count == 0 ? text : new FilteredQuery(text, new QueryWrapperFilter(all)));
    }

    /// <summary>One highlighter per display language, made on first need: the query is analysed once per search.</summary>
    private SnippetHighlighter Highlighter(QueryBuilder builder, ParsedQuery parsed, string lang, Dictionary<string, SnippetHighlighter> made)
    {
        if (made.TryGetValue(lang, out var h)) return h;
        var (terms, prefixes) = parsed.MatchAll ? (new HashSet<string>(), new List<string>()) : builder.HighlightTerms(parsed, lang);
        return made[lang] = new SnippetHighlighter(index.Analyzers.TermsOf(lang), terms, prefixes, chinese: lang == "zh");
    }
}
