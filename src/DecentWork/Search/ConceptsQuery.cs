using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Practices that share concepts with a text: the same matches and the same scores as a BooleanQuery (with
/// coord) of boosted TermQuerys on the concept field, computed differently — each concept is swept into a score array
/// for the segment, one concept after the other, and the documents are then handed out in order.</summary>
/// <remarks>
/// A request's concepts are few but each is on a large part of the practices (its themes, the concepts its text
/// mentions, and the broader ones; in the benchmark corpus every concept is on half of them), so the BooleanQuery
/// walked some 750,000 postings through BooleanScorer's bucket table — a virtual call and a bucket per posting: at
/// 100,000 practices, most of a suggestion's Lucene time (profiled). Here the bucket work is one entry per matching
/// practice, and the sweep is a tight loop:
/// <list type="bullet">
/// <item>A concept on at least one practice in <see cref="DenseShare"/> of a segment is read from a byte per document
/// (its term frequency) kept for that segment: decoding its postings was most of the rest. Segments never change, so
/// the arrays cannot go stale; they are keyed on the segment's core and go with it when a merge retires it. Memory:
/// one byte per document for each such concept a query has asked for (at most 1/<see cref="DenseShare"/> of the
/// concepts a practice has on average, times that: 9 MB for the 90 concepts at 100,000 practices).</item>
/// <item>A rarer concept's postings are swept as they are: they are short.</item>
/// </list>
/// Two arrays of the segment's size are borrowed from the shared pool for the query's scores.
/// </remarks>
public sealed class ConceptsQuery(IReadOnlyList<(string Concept, float Boost)> concepts) : Query
{
    /// <summary>A concept on more than one in eight documents of a segment is kept as a byte per document.</summary>
    public const double DenseShare = 1.0 / 8;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>> Dense = new();

    public IReadOnlyList<(string Concept, float Boost)> Concepts { get; } = concepts;

    public override Weight CreateWeight(IndexSearcher searcher) => new ConceptsWeight(this, searcher);

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var (concept, _) in Concepts) terms.Add(new Term(SearchFields.Concept, concept));
    }

    public override string ToString(string field)
        => "concepts(" + string.Join(" ", Concepts.Select(c => c.Concept + "^" + c.Boost.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"
           + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj)
        => obj is ConceptsQuery other && other.Boost == Boost && other.Concepts.SequenceEqual(Concepts);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Boost);
        foreach (var c in Concepts) h.Add(c);
        return h.ToHashCode();
    }

    private sealed class ConceptsWeight : Weight
    {
        private readonly ConceptsQuery _query;
        private readonly Similarity _similarity;
        private readonly (Term Term, TermContext States, Similarity.SimWeight Stats)[] _clauses;

        public ConceptsWeight(ConceptsQuery query, IndexSearcher searcher)
        {
            _query = query;
            _similarity = searcher.Similarity;
            var collection = searcher.CollectionStatistics(SearchFields.Concept);
            _clauses = query.Concepts.Select(c =>
            {
                var term = new Term(SearchFields.Concept, c.Concept);
                var states = TermContext.Build(searcher.TopReaderContext, term);
                // Weighed by the similarity as TermWeight weighs a TermQuery with this boost.
                return (term, states, _similarity.ComputeWeight(c.Boost, collection, searcher.TermStatistics(term, states)));
            }).ToArray();
        }

        public override Query Query => _query;

        // As BooleanWeight: the clauses' values, times the query's own boost squared; the boost passed down on normalising.
        public override float GetValueForNormalization()
            => _clauses.Sum(c => c.Stats.GetValueForNormalization()) * _query.Boost * _query.Boost;

        public override void Normalize(float norm, float topLevelBoost)
        {
            foreach (var c in _clauses) c.Stats.Normalize(norm, topLevelBoost * _query.Boost);
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var terms = context.AtomicReader.GetTerms(SearchFields.Concept);
            if (terms is null) return null;
            var maxDoc = context.AtomicReader.MaxDoc;
            // Without norms a term's score depends on its frequency alone, which is what lets a byte stand for it.
            var denseOk = context.AtomicReader.FieldInfos.FieldInfo(SearchFields.Concept) is { HasNorms: false };
            var dense = denseOk ? Dense.GetValue(context.AtomicReader.CoreCacheKey, _ => new(StringComparer.Ordinal)) : null;
            float[]? scores = null;
            byte[]? overlap = null;
            var te = terms.GetEnumerator();
            DocsEnum? docs = null;
            Span<float> byFreq = stackalloc float[256];
            foreach (var (term, states, stats) in _clauses)
            {
                if (states.Get(context.Ord) is not { } state) continue;
                if (scores is null)
                {
                    scores = ArrayPool<float>.Shared.Rent(maxDoc);
                    overlap = ArrayPool<byte>.Shared.Rent(maxDoc);
                    Array.Clear(scores, 0, maxDoc);
                    Array.Clear(overlap, 0, maxDoc);
                }
                te.SeekExact(term.Bytes, state);
                var sim = _similarity.GetSimScorer(stats, context);
                if (dense is not null && te.DocFreq >= maxDoc * DenseShare)
                {
                    if (!dense.TryGetValue(term.Text, out var freqs))
                    {
                        freqs = new byte[maxDoc];
                        docs = te.Docs(null, docs, DocsFlags.FREQS);
                        for (var d = docs.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.NextDoc()) freqs[d] = (byte)Math.Min(docs.Freq, 255);
                        dense[term.Text] = freqs;
                    }
                    byFreq[0] = 0;
                    for (var f = 1; f < 256; f++) byFreq[f] = sim.Score(0, f);
                    var n = overlap!;
                    for (var d = 0; d < maxDoc; d++)
                    {
                        var f = freqs[d];
                        scores[d] += byFreq[f];
                        n[d] += f == 0 ? (byte)0 : (byte)1;
                    }
                }
                else
                {
                    docs = te.Docs(null, docs, DocsFlags.FREQS);
                    for (var d = docs.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.NextDoc())
                    {
                        scores[d] += sim.Score(d, docs.Freq);
                        overlap![d]++;
                    }
                }
            }
            if (scores is null) return null;
            // Coord as the BooleanQuery applies it: the share of the concepts a practice has.
            var coord = new float[_clauses.Length + 1];
            for (var i = 0; i < coord.Length; i++) coord[i] = _similarity.Coord(i, _clauses.Length);
            return new ConceptsScorer(this, scores, overlap!, coord, maxDoc, acceptDocs);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
                return new Explanation(scorer.GetScore(), $"shares {scorer.Freq} of {_clauses.Length} concepts");
            return new ComplexExplanation(false, 0f, "no shared concept");
        }
    }

    /// <summary>Deleted documents are swept with the rest (the per-segment arrays hold every document) and skipped here.</summary>
    private sealed class ConceptsScorer(Weight weight, float[] scores, byte[] overlap, float[] coord, int maxDoc, IBits? acceptDocs) : Scorer(weight)
    {
        private int _doc = -1;
        private bool _returned;

        public override int DocID => _doc;
        public override int Freq => overlap[_doc];
        public override float GetScore() => scores[_doc] * coord[overlap[_doc]];
        public override int NextDoc() => Advance(_doc + 1);
        public override long GetCost() => maxDoc;

        public override int Advance(int target)
        {
            if (_doc == NO_MORE_DOCS) return NO_MORE_DOCS;
            for (var d = Math.Max(target, 0); d < maxDoc; d++)
                if (overlap[d] != 0 && (acceptDocs is null || acceptDocs.Get(d))) return _doc = d;
            if (!_returned)
            {
                _returned = true;
                ArrayPool<float>.Shared.Return(scores);
                ArrayPool<byte>.Shared.Return(overlap);
            }
            return _doc = NO_MORE_DOCS;
        }
    }
}
