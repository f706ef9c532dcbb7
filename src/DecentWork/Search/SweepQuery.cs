using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>An OR of groups, each an OR of boosted terms: the same matches and the same scores as a BooleanQuery (with
/// coord) of BooleanQuerys (with coord) of boosted TermQuerys — computed differently: each term is swept into its
/// group's score array for the segment, term after term, and the documents are then handed out in order.</summary>
/// <remarks>
/// Made for cooperation suggestions: one group for the request's concepts, one for the words of its need. The concepts
/// are few but each is on a large part of the practices (themes, concepts the text mentions, broader ones; in the
/// benchmark corpus every concept is on half of them), so as BooleanQuerys some 750,000 postings per request went
/// through BooleanScorer's bucket table, a virtual call and a bucket each — at 100,000 practices most of a
/// suggestion's Lucene time (profiled). Here the bucket work is gone (one score per matching practice, computed once)
/// and the sweep is a tight loop:
/// <list type="bullet">
/// <item>A term of a field without norms (the concept field) on at least <see cref="DenseShare"/> of a segment's
/// documents is read from a byte per document — its term frequency — kept for that segment: decoding its postings was
/// most of the rest. Segments never change, so the arrays cannot go stale; they are keyed on the segment's core and go
/// with it when a merge retires it. Memory: a byte per document for each such term a query has asked for (for the
/// concept field at most 1/<see cref="DenseShare"/> times the concepts a practice has on average; 9 MB for all 90
/// concepts at 100,000 practices).</item>
/// <item>Other terms' postings are swept as they are (the words of a need: <see cref="LikeText"/> leaves out the common
/// ones, so their lists are short).</item>
/// </list>
/// Two arrays of the segment's size per group are borrowed from the shared pool for the query.
/// </remarks>
public sealed class SweepQuery(IReadOnlyList<IReadOnlyList<SweepQuery.Clause>> groups) : Query
{
    /// <param name="States">The term looked up already (by <see cref="LikeText"/>), used when it is of the same reader.</param>
    public sealed record Clause(Term Term, float Boost = 1f, TermContext? States = null);

    /// <summary>A term on more than one in eight documents of a segment is kept as a byte per document.</summary>
    public const double DenseShare = 1.0 / 8;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<Term, byte[]>> Dense = new();

    public IReadOnlyList<IReadOnlyList<Clause>> Groups { get; } = groups;

    public override Weight CreateWeight(IndexSearcher searcher) => new SweepWeight(this, searcher);

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var c in Groups.SelectMany(g => g)) terms.Add(c.Term);
    }

    public override string ToString(string field)
        => "sweep(" + string.Join(" ", Groups.Select(g => "(" + string.Join(" ", g.Select(c =>
               (c.Term.Field == field ? "" : c.Term.Field + ":") + c.Term.Text + "^" + c.Boost.ToString(CultureInfo.InvariantCulture))) + ")")) + ")"
           + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj)
        => obj is SweepQuery other && other.Boost == Boost && other.Groups.Count == Groups.Count
           && Groups.Zip(other.Groups).All(p => p.First.Select(c => (c.Term, c.Boost)).SequenceEqual(p.Second.Select(c => (c.Term, c.Boost))));

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Boost);
        foreach (var g in Groups)
        {
            h.Add(g.Count);
            foreach (var c in g) { h.Add(c.Term); h.Add(c.Boost); }
        }
        return h.ToHashCode();
    }

    private sealed class SweepWeight : Weight
    {
        private readonly SweepQuery _query;
        private readonly Similarity _similarity;
        private readonly (Term Term, TermContext States, Similarity.SimWeight Stats)[][] _groups;

        public SweepWeight(SweepQuery query, IndexSearcher searcher)
        {
            _query = query;
            _similarity = searcher.Similarity;
            var top = searcher.TopReaderContext;
            var collections = new Dictionary<string, CollectionStatistics>(StringComparer.Ordinal);
            _groups = query.Groups.Select(g => g.Select(c =>
            {
                var states = c.States is { } s && s.TopReaderContext == top ? s : TermContext.Build(top, c.Term);
                if (!collections.TryGetValue(c.Term.Field, out var collection))
                    collections[c.Term.Field] = collection = searcher.CollectionStatistics(c.Term.Field);
                // Weighed by the similarity exactly as TermWeight weighs a TermQuery with this boost.
                return (c.Term, states, _similarity.ComputeWeight(c.Boost, collection, searcher.TermStatistics(c.Term, states)));
            }).ToArray()).ToArray();
        }

        public override Query Query => _query;

        // As BooleanWeight at each level: the terms' values summed, times the query's boost squared; the boost passed
        // down on normalising (the groups' own boosts are 1).
        public override float GetValueForNormalization()
            => _groups.Sum(g => g.Sum(c => c.Stats.GetValueForNormalization())) * _query.Boost * _query.Boost;

        public override void Normalize(float norm, float topLevelBoost)
        {
            foreach (var c in _groups.SelectMany(g => g)) c.Stats.Normalize(norm, topLevelBoost * _query.Boost);
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var reader = context.AtomicReader;
            var maxDoc = reader.MaxDoc;
            var enums = new Dictionary<string, TermsEnum?>(StringComparer.Ordinal);
            var dense = Dense.GetValue(reader.CoreCacheKey, _ => new());
            var scores = new float[_groups.Length][];
            var overlaps = new byte[_groups.Length][];
            DocsEnum? docs = null;
            Span<float> byFreq = stackalloc float[256];
            var any = false;
            for (var g = 0; g < _groups.Length; g++)
            {
                foreach (var (term, states, stats) in _groups[g])
                {
                    if (states.Get(context.Ord) is not { } state) continue;
                    if (!enums.TryGetValue(term.Field, out var te)) enums[term.Field] = te = reader.GetTerms(term.Field)?.GetEnumerator();
                    if (te is null) continue;
                    if (scores[g] is null)
                    {
                        scores[g] = ArrayPool<float>.Shared.Rent(maxDoc);
                        overlaps[g] = ArrayPool<byte>.Shared.Rent(maxDoc);
                        Array.Clear(scores[g], 0, maxDoc);
                        Array.Clear(overlaps[g], 0, maxDoc);
                        any = true;
                    }
                    var score = scores[g];
                    var overlap = overlaps[g];
                    te.SeekExact(term.Bytes, state);
                    var sim = _similarity.GetSimScorer(stats, context);
                    // Without norms a term's score depends on its frequency alone, which is what lets a byte stand for it.
                    if (te.DocFreq >= maxDoc * DenseShare && reader.FieldInfos.FieldInfo(term.Field) is { HasNorms: false })
                    {
                        if (!dense.TryGetValue(term, out var freqs))
                        {
                            freqs = new byte[maxDoc];
                            docs = te.Docs(null, docs, DocsFlags.FREQS);
                            for (var d = docs.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.NextDoc()) freqs[d] = (byte)Math.Min(docs.Freq, 255);
                            dense[term] = freqs;
                        }
                        byFreq[0] = 0;
                        for (var f = 1; f < 256; f++) byFreq[f] = sim.Score(0, f);
                        for (var d = 0; d < maxDoc; d++)
                        {
                            var f = freqs[d];
                            score[d] += byFreq[f];
                            overlap[d] += f == 0 ? (byte)0 : (byte)1;
                        }
                    }
                    else
                    {
                        docs = te.Docs(null, docs, DocsFlags.FREQS);
                        for (var d = docs.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.NextDoc())
                        {
                            score[d] += sim.Score(d, docs.Freq);
                            overlap[d]++;
                        }
                    }
                }
            }
            if (!any) return null;
            // Coord as the BooleanQuerys apply it: the share of a group's terms a document has, and of the groups.
            var coords = _groups.Select(g => Enumerable.Range(0, g.Length + 1).Select(i => _similarity.Coord(i, g.Length)).ToArray()).ToArray();
            var coordTop = Enumerable.Range(0, _groups.Length + 1).Select(i => _similarity.Coord(i, _groups.Length)).ToArray();
            return new SweepScorer(this, scores, overlaps, coords, coordTop, maxDoc, acceptDocs);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
                return new Explanation(scorer.GetScore(), $"has {scorer.Freq} of the {_groups.Sum(g => g.Length)} terms");
            return new ComplexExplanation(false, 0f, "no term");
        }
    }

    /// <summary>Deleted documents are swept with the rest (the per-segment arrays hold every document) and skipped here.</summary>
    private sealed class SweepScorer(Weight weight, float[]?[] scores, byte[]?[] overlaps, float[][] coords, float[] coordTop, int maxDoc, IBits? acceptDocs)
        : Scorer(weight)
    {
        private int _doc = -1;
        private float _score;
        private int _freq;
        private bool _returned;

        public override int DocID => _doc;
        public override int Freq => _freq;
        public override float GetScore() => _score;
        public override int NextDoc() => Advance(_doc + 1);
        public override long GetCost() => maxDoc;

        public override int Advance(int target)
        {
            if (_doc == NO_MORE_DOCS) return NO_MORE_DOCS;
            for (var d = Math.Max(target, 0); d < maxDoc; d++)
            {
                var groups = 0;
                var freq = 0;
                var sum = 0f;
                for (var g = 0; g < overlaps.Length; g++)
                {
                    if (overlaps[g] is not { } o || o[d] == 0) continue;
                    groups++;
                    freq += o[d];
                    sum += scores[g]![d] * coords[g][o[d]];
                }
                if (groups == 0 || acceptDocs is not null && !acceptDocs.Get(d)) continue;
                _score = sum * coordTop[groups];
                _freq = freq;
                return _doc = d;
            }
            if (!_returned)
            {
                _returned = true;
                foreach (var s in scores) if (s is not null) ArrayPool<float>.Shared.Return(s);
                foreach (var o in overlaps) if (o is not null) ArrayPool<byte>.Shared.Return(o);
            }
            return _doc = NO_MORE_DOCS;
        }
    }
}
