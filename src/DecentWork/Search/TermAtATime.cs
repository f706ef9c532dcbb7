using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Runs a query of BooleanQuerys, DisjunctionMaxQuerys and FilteredQuerys over any leaves (terms, phrases,
/// prefixes) clause by clause instead of document by document: the same matches and the same scores as the wrapped query
/// (up to the order in which floats are added), computed into per-segment lists.</summary>
/// <remarks>
/// A search query here is a conjunction of disjunctions: each word is looked for in every language's title and text,
/// and may be satisfied by its thesaurus concept instead. Lucene's scorers evaluate such a tree one document at a time,
/// and at 100,000 practices (some 13,000 matches a query) most of a query's time went into keeping the disjunctions'
/// heaps and the conjunction's leapfrog in step — virtual calls and heap adjustments per posting (profiled). Here each
/// node is evaluated whole for a segment into a sorted list of (document, score):
/// <list type="bullet">
/// <item>the required clauses of a conjunction cheapest first, each later one only on the documents still in the running
/// (a leaf then advances its postings to those documents, skipping what cannot match);</item>
/// <item>optional and excluded clauses likewise only on the documents the required ones left;</item>
/// <item>disjunctions accumulate into arrays of the segment's size (a sum, a maximum or an overlap count per document)
/// and are read back in document order through a bit set.</item>
/// </list>
/// The weights are Lucene's: each leaf is weighed and normalised exactly as BooleanWeight, DisjunctionMaxWeight and
/// FilteredQuery's weight would pass the query norm and boosts down to it, and scored by its own scorer; coord and the
/// tie-breaker are applied as those scorers apply them. Anything else (a BooleanQuery with a minimum number of optional
/// matches, say) is a leaf. Memory: the lists are borrowed from a shared array pool and returned when the segment has
/// been read; the accumulators and bit sets (five arrays of the segment's size at most) from a pool of its own whose
/// arrays are zeros while pooled.
/// </remarks>
public sealed partial class TermAtATimeQuery(Query inner) : Query
{
    public Query Inner { get; } = inner;

    public override Query Rewrite(IndexReader reader)
    {
        var q = Inner;
        for (var r = q.Rewrite(reader); r != q; r = q.Rewrite(reader)) q = r;
        return q == Inner ? this : new TermAtATimeQuery(q) { Boost = Boost };
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new TaatWeight(this, searcher);

    /// <summary>Each segment's matches in document order with their scores, handed over as lists rather than one
    /// collector call per document (the caller counts facets and keeps the best in tight loops of its own). The spans
    /// are valid during the call only.</summary>
    public void Each(IndexSearcher searcher, SegmentMatches sink)
    {
        var weight = (TaatWeight)searcher.CreateNormalizedWeight(this);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var segment = new Segment(leaf, leaf.AtomicReader.LiveDocs, weight.LeafCount);
            try
            {
                var hits = segment.Eval(weight.Root, null);
                if (hits.Count > 0) sink(leaf, hits.Docs.AsSpan(0, hits.Count), hits.Scores.AsSpan(0, hits.Count));
            }
            finally
            {
                segment.Release();
            }
        }
    }

    public delegate void SegmentMatches(AtomicReaderContext segment, ReadOnlySpan<int> docs, ReadOnlySpan<float> scores);

    public override void ExtractTerms(ISet<Term> terms) => Inner.ExtractTerms(terms);

    public override string ToString(string field) => "taat(" + Inner.ToString(field) + ")" + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) => obj is TermAtATimeQuery o && o.Boost == Boost && o.Inner.Equals(Inner);

    public override int GetHashCode() => HashCode.Combine(Boost, Inner);

    // ---- the weight tree: Lucene's normalisation, node by node -------------------------------------------------------

    private abstract class Node
    {
        public abstract float ValueForNormalization();
        public abstract void Normalize(float norm, float topLevelBoost);
    }

    private class Leaf(Weight weight) : Node
    {
        public readonly Weight Weight = weight;
        public int Index; // its slot in the segment's scorers
        public override float ValueForNormalization() => Weight.GetValueForNormalization();
        public override void Normalize(float norm, float topLevelBoost) => Weight.Normalize(norm, topLevelBoost);
    }

    /// <summary>A term under the default TF-IDF similarity: scored from its decoded postings (<see cref="DecodedPostings"/>)
    /// where the segment has them, with the weight TermWeight would compute — idf from the term's document frequency in the
    /// whole view, times the boost, the query norm and the boosts above it, times idf again — and a document's score as
    /// TFIDFSimScorer writes it: tf(freq) × that weight × the decoded field norm.</summary>
    private sealed class TermLeaf(Weight weight, TermQuery query, IndexSearcher searcher, TFIDFSimilarity similarity) : Leaf(weight)
    {
        public readonly Term Term = query.Term;
        public readonly TFIDFSimilarity Similarity = similarity;
        public float Value = float.NaN;
        /// <summary>The term's postings in each segment (by the segment's position in the view), as this query reads them.</summary>
        public DecodedPostings[] Lists = [];

        public override void Normalize(float norm, float topLevelBoost)
        {
            base.Normalize(norm, topLevelBoost);
            Lists = searcher.IndexReader.Leaves.Select(leaf => DecodedPostings.Of(leaf.AtomicReader, Term)).ToArray();
            long docFreq = 0;
            foreach (var p in Lists) docFreq += p.DocFreq;
            var idf = Similarity.Idf(docFreq, searcher.IndexReader.MaxDoc);
            var queryWeight = idf * query.Boost;
            queryWeight *= norm * topLevelBoost;
            Value = queryWeight * idf;
        }
    }

    /// <summary>An exact phrase (slop 0) under TF-IDF, matched on the decoded postings and positions of its terms where the
    /// segment has them: a document matches where every term sits at its offset from the first, its frequency is the
    /// number of such places (as ExactPhraseScorer counts them), and it is scored as PhraseWeight weighs a phrase — the
    /// idf is the sum of the terms' idfs. A phrase over a field with word pairs (<see cref="WordPairs"/>) is matched on
    /// its pairs instead — one pair's own documents and frequencies for two words, a phrase of consecutive pairs for
    /// more — and still weighed by its words.</summary>
    private sealed class PhraseLeaf : Leaf
    {
        private readonly PhraseQuery _query;
        private readonly IndexSearcher _searcher;
        /// <summary>What is matched: the words, or their pairs.</summary>
        public readonly Term[] Terms;
        public readonly int[] Offsets;
        public readonly bool Pairs;
        public readonly TFIDFSimilarity Similarity;
        public float Value = float.NaN;
        /// <summary>By segment (its position in the view), then by term.</summary>
        public DecodedPostings[][] Lists = [];

        public PhraseLeaf(Weight weight, PhraseQuery query, IndexSearcher searcher, TFIDFSimilarity similarity) : base(weight)
        {
            _query = query;
            _searcher = searcher;
            Similarity = similarity;
            if (query is WordPairs.PhraseQuery wp && wp.Pairs() is { } pairs) (Terms, Offsets, Pairs) = (pairs.Pairs, pairs.Offsets, true);
            else (Terms, Offsets) = (query.GetTerms(), query.GetPositions());
        }

        /// <summary>Only a phrase of more than two words needs the positions of its pairs.</summary>
        public bool NeedsPositions => !Pairs || Terms.Length > 1;

        public override void Normalize(float norm, float topLevelBoost)
        {
            base.Normalize(norm, topLevelBoost);
            var leaves = _searcher.IndexReader.Leaves;
            // Pairs are kept however rare: a rare pair is the common case, and its list is short.
            Lists = leaves.Select(leaf => Terms.Select(t => DecodedPostings.Of(leaf.AtomicReader, t, positions: NeedsPositions, always: Pairs)).ToArray()).ToArray();
            var idf = 0f;
            if (Pairs)
                foreach (var word in _query.GetTerms()) idf += Similarity.Idf(_searcher.IndexReader.DocFreq(word), _searcher.IndexReader.MaxDoc);
            else
                for (var t = 0; t < Terms.Length; t++)
                {
                    long docFreq = 0;
                    foreach (var perTerm in Lists) docFreq += perTerm[t].DocFreq;
                    idf += Similarity.Idf(docFreq, _searcher.IndexReader.MaxDoc);
                }
            var queryWeight = idf * _query.Boost;
            queryWeight *= norm * topLevelBoost;
            Value = queryWeight * idf;
        }
    }

    /// <summary>As BooleanWeight: prohibited clauses are left out of the sum; coord over required + optional.</summary>
    private sealed class Bool(float boost, Node[] required, Node[] optional, Node[] prohibited, float[] coord) : Node
    {
        public readonly Node[] Required = required, Optional = optional, Prohibited = prohibited;
        public readonly float[] Coord = coord; // by overlap

        public override float ValueForNormalization()
        {
            var sum = 0f;
            foreach (var n in Required) sum += n.ValueForNormalization();
            foreach (var n in Optional) sum += n.ValueForNormalization();
            foreach (var n in Prohibited) n.ValueForNormalization();
            return sum * boost * boost;
        }

        public override void Normalize(float norm, float topLevelBoost)
        {
            topLevelBoost *= boost;
            foreach (var n in Required) n.Normalize(norm, topLevelBoost);
            foreach (var n in Optional) n.Normalize(norm, topLevelBoost);
            foreach (var n in Prohibited) n.Normalize(norm, topLevelBoost);
        }
    }

    /// <summary>As DisjunctionMaxWeight: the best disjunct plus the tie-breaker's share of the others.</summary>
    private sealed class Max(float boost, Node[] disjuncts, float tie) : Node
    {
        public readonly Node[] Disjuncts = disjuncts;
        public readonly float Tie = tie;

        public override float ValueForNormalization()
        {
            float max = 0, sum = 0;
            foreach (var n in Disjuncts)
            {
                var v = n.ValueForNormalization();
                sum += v;
                max = Math.Max(max, v);
            }
            return ((sum - max) * Tie * Tie + max) * boost * boost;
        }

        public override void Normalize(float norm, float topLevelBoost)
        {
            topLevelBoost *= boost;
            foreach (var n in Disjuncts) n.Normalize(norm, topLevelBoost);
        }
    }

    /// <summary>As FilteredQuery: the inner query's scores on the documents the filter lets through.</summary>
    private sealed class Filtered(float boost, Node inner, Filter filter) : Node
    {
        public readonly Node Inner = inner;
        public readonly Filter Filter = filter;
        public override float ValueForNormalization() => Inner.ValueForNormalization() * boost * boost;
        public override void Normalize(float norm, float topLevelBoost) => Inner.Normalize(norm, topLevelBoost * boost);
    }

    private sealed class TaatWeight : Weight
    {
        private readonly TermAtATimeQuery _query;
        private readonly IndexSearcher _searcher;
        private readonly Node _root;
        private readonly List<Leaf> _leaves = [];

        public TaatWeight(TermAtATimeQuery query, IndexSearcher searcher)
        {
            _query = query;
            _searcher = searcher;
            _root = Build(query.Inner, searcher.Similarity);
        }

        private Node Build(Query q, Similarity similarity)
        {
            switch (q)
            {
                case BooleanQuery b when b.MinimumNumberShouldMatch == 0:
                {
                    Node[] Of(Occur occur) => b.Clauses.Where(c => c.Occur == occur).Select(c => Build(c.Query, similarity)).ToArray();
                    var required = Of(Occur.MUST);
                    var optional = Of(Occur.SHOULD);
                    var prohibited = Of(Occur.MUST_NOT);
                    var maxCoord = required.Length + optional.Length;
                    var coord = new float[maxCoord + 1];
                    for (var i = 0; i <= maxCoord; i++)
                        coord[i] = b.CoordDisabled || maxCoord == 1 ? 1f : similarity.Coord(i, maxCoord);
                    return new Bool(b.Boost, required, optional, prohibited, coord);
                }
                case DisjunctionMaxQuery d:
                    return new Max(d.Boost, d.Disjuncts.Select(x => Build(x, similarity)).ToArray(), d.TieBreakerMultiplier);
                case FilteredQuery f:
                    return new Filtered(f.Boost, Build(f.Query, similarity), f.Filter);
                case PhraseQuery p when p.Slop == 0 && p.GetTerms().Length > 1 && similarity is TFIDFSimilarity tfidf:
                {
                    var leaf = new PhraseLeaf(p.CreateWeight(_searcher), p, _searcher, tfidf) { Index = _leaves.Count };
                    _leaves.Add(leaf);
                    return leaf;
                }
                case TermQuery t when similarity is TFIDFSimilarity tfidf:
                {
                    var leaf = new TermLeaf(t.CreateWeight(_searcher), t, _searcher, tfidf) { Index = _leaves.Count };
                    _leaves.Add(leaf);
                    return leaf;
                }
                default:
                {
                    var leaf = new Leaf(q.CreateWeight(_searcher)) { Index = _leaves.Count };
                    _leaves.Add(leaf);
                    return leaf;
                }
            }
        }

        public override Query Query => _query;

        public int LeafCount => _leaves.Count;

        public Node Root => _root;

        public override float GetValueForNormalization() => _root.ValueForNormalization() * _query.Boost * _query.Boost;

        public override void Normalize(float norm, float topLevelBoost) => _root.Normalize(norm, topLevelBoost * _query.Boost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var segment = new Segment(context, acceptDocs, _leaves.Count);
            var hits = segment.Eval(_root, null);
            if (hits.Count == 0)
            {
                segment.Release();
                return null;
            }
            return new ListScorer(this, hits, segment);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
            => _searcher.CreateNormalizedWeight(_query.Inner).Explain(context, doc);
    }

    /// <summary>Whether any bit of [from, to] (from ≤ to) is set. Shift counts are taken modulo 64 by C#: `<< from`
    /// keeps from's place in its word and up, `>> (63 − (to &amp; 63))` to's place and down.</summary>
    internal static bool AnyIn(ulong[] set, int from, int to)
    {
        int w = from >> 6, end = to >> 6;
        if (w == end) return (set[w] & (ulong.MaxValue << from) & (ulong.MaxValue >> (63 - (to & 63)))) != 0;
        if ((set[w] & (ulong.MaxValue << from)) != 0) return true;
        for (w++; w < end; w++) if (set[w] != 0) return true;
        return (set[end] & (ulong.MaxValue >> (63 - (to & 63)))) != 0;
    }

    // ---- evaluation over one segment ---------------------------------------------------------------------------------

    /// <summary>Documents in increasing order, each with its score; arrays borrowed from the pool.</summary>
    private sealed class Hits(int[] docs, float[] scores)
    {
        public int[] Docs = docs;
        public float[] Scores = scores;
        public int Count;

        public static readonly Hits Empty = new([], []);
    }

    private sealed class Segment(AtomicReaderContext context, IBits? acceptDocs, int leafCount)
    {
        private readonly int _maxDoc = context.AtomicReader.MaxDoc;
        private readonly Scorer?[] _scorers = new Scorer?[leafCount];
        private readonly bool[] _opened = new bool[leafCount];
        private readonly List<int[]> _ints = [];
        private readonly List<float[]> _floats = [];
        private readonly List<byte[]> _bytes = [];
        private float[]? _sum, _max;
        private byte[]? _overlap;
        private ulong[]? _bits;
        private bool _accumulating;
        // The documents of one candidate list as a bit set (see EvalDecoded), kept while that list is asked about.
        private ulong[]? _candidateSet;
        private Hits? _candidatesOf;
        private int _candidateCount, _candidateLo, _candidateHi = -1;

        private Scorer? ScorerOf(Leaf leaf)
        {
            if (!_opened[leaf.Index])
            {
                _opened[leaf.Index] = true;
                _scorers[leaf.Index] = leaf.Weight.GetScorer(context, acceptDocs);
            }
            return _scorers[leaf.Index];
        }

        /// <summary>An estimate of how many documents a node can match, to evaluate the cheapest required clause first.</summary>
        private long Cost(Node n) => n switch
        {
            TermLeaf t when t.Lists[context.Ord] is { IsKept: true } p => p.Count,
            PhraseLeaf ph when PhraseLists(ph) is { } lists => lists.Length == 0 ? 0 : lists.Min(x => x.Count),
            Leaf l => ScorerOf(l)?.GetCost() ?? 0,
            Bool b when b.Required.Length > 0 => b.Required.Min(Cost),
            Bool b => b.Optional.Sum(Cost),
            Max m => m.Disjuncts.Sum(Cost),
            Filtered f => Cost(f.Inner),
            _ => _maxDoc,
        };

        private Hits NewHits(long capacity)
        {
            var n = (int)Math.Clamp(capacity, 16, Math.Max(16, _maxDoc));
            var docs = Pool<int>.Arrays.Rent(n);
            var scores = Pool<float>.Arrays.Rent(n);
            _ints.Add(docs);
            _floats.Add(scores);
            return new Hits(docs, scores);
        }

        private void Grow(Hits h)
        {
            var docs = Pool<int>.Arrays.Rent(h.Docs.Length * 2);
            var scores = Pool<float>.Arrays.Rent(h.Docs.Length * 2);
            Array.Copy(h.Docs, docs, h.Count);
            Array.Copy(h.Scores, scores, h.Count);
            _ints.Add(docs);
            _floats.Add(scores);
            h.Docs = docs;
            h.Scores = scores;
        }

        private byte[] NewBytes(int n)
        {
            var b = Pool<byte>.Arrays.Rent(Math.Max(n, 16));
            _bytes.Add(b);
            return b;
        }

        /// <summary>The node's matches; with <paramref name="only"/>, only among those documents.</summary>
        public Hits Eval(Node node, Hits? only) => node switch
        {
            TermLeaf t when t.Lists[context.Ord] is { IsKept: true } p => EvalDecoded(t, p, only),
            PhraseLeaf ph when PhraseLists(ph) is { } lists => EvalPhrase(ph, lists, only),
            Leaf l => EvalLeaf(l, only),
            Bool b => EvalBool(b, only),
            Max m => EvalMax(m, only),
            Filtered f => EvalFiltered(f, only),
            _ => throw new InvalidOperationException(),
        };

        private Hits EvalLeaf(Leaf leaf, Hits? only)
        {
            if (ScorerOf(leaf) is not { } s || only is { Count: 0 }) return Hits.Empty;
            var cost = s.GetCost();
            if (only is null || cost <= only.Count)
            {
                // Its own postings, kept where the candidates have them (a walk through both, the candidates by galloping).
                var h = NewHits(only is null ? cost : Math.Min(cost, only.Count));
                var j = 0;
                for (var d = s.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = s.NextDoc())
                {
                    if (only is not null)
                    {
                        j = Gallop(only.Docs, j, only.Count, d);
                        if (j == only.Count) break;
                        if (only.Docs[j] != d) continue;
                    }
                    if (h.Count == h.Docs.Length) Grow(h);
                    h.Docs[h.Count] = d;
                    h.Scores[h.Count++] = s.GetScore();
                }
                return h;
            }
            else
            {
                // Fewer candidates than postings: advance to each (the postings' skip lists pass over the rest).
                var h = NewHits(only.Count);
                var cur = s.DocID;
                for (var i = 0; i < only.Count; i++)
                {
                    var c = only.Docs[i];
                    if (cur < c) cur = s.Advance(c);
                    if (cur == DocIdSetIterator.NO_MORE_DOCS) break;
                    if (cur != c) continue;
                    h.Docs[h.Count] = c;
                    h.Scores[h.Count++] = s.GetScore();
                }
                return h;
            }
        }

        private int[]? _blockDocs, _blockFreqs;

        private Hits EvalDecoded(TermLeaf leaf, DecodedPostings p, Hits? only)
        {
            if (only is { Count: 0 }) return Hits.Empty;
            var docs = _blockDocs ??= new int[DecodedPostings.BlockSize];
            var freqs = _blockFreqs ??= new int[DecodedPostings.BlockSize];
            var norms = DecodedPostings.NormsOf(context.AtomicReader, leaf.Term.Field);
            var tf = DecodedPostings.TfTable(leaf.Similarity);
            var decode = DecodedPostings.NormTable(leaf.Similarity);
            var value = leaf.Value;
            // One spare place: the dense-candidates walk below writes each posting before it knows whether to keep it.
            var h = NewHits((only is null ? p.Count : Math.Min(p.Count, only.Count)) + 1);
            var outDocs = h.Docs;
            var outScores = h.Scores;
            var count = 0;
            var blocks = p.BlockCount;
            if (only is null)
            {
                for (var k = 0; k < blocks; k++)
                {
                    var n = p.Block(k, docs, freqs);
                    for (var i = 0; i < n; i++)
                    {
                        var d = docs[i];
                        if (acceptDocs is not null && !acceptDocs.Get(d)) continue;
                        var raw = tf[freqs[i]] * value;
                        outDocs[count] = d;
                        outScores[count++] = norms is null ? raw : raw * decode[norms[d]];
                    }
                }
                h.Count = count;
                return h;
            }
            if ((long)only.Count * DenseCandidates >= p.Count)
            {
                // Candidates about as many as the postings (the second word of a query among the first one's matches):
                // a walk through both lists takes a branch it cannot predict per posting. Instead each posting looks up
                // its bit in the candidates' set and is written out either way, kept by advancing the count by that bit.
                // (C# takes a shift count modulo 64, so `>> d` shifts by d's place in its word.)
                var set = CandidateSet(only);
                var prev = -1;
                for (var k = 0; k < blocks; k++)
                {
                    var last = p.LastDoc(k);
                    var from = prev + 1;
                    prev = last;
                    if (!AnyIn(set, from, last)) continue;
                    var n = p.Block(k, docs, freqs);
                    for (var i = 0; i < n; i++)
                    {
                        var d = docs[i];
                        var keep = (int)(set[d >> 6] >> d) & 1;
                        var raw = tf[freqs[i]] * value;
                        outDocs[count] = d;
                        outScores[count] = norms is null ? raw : raw * decode[norms[d]];
                        count += keep;
                    }
                }
                if (acceptDocs is not null)
                {
                    var w = 0;
                    for (var i = 0; i < count; i++)
                        if (acceptDocs.Get(outDocs[i])) { outDocs[w] = outDocs[i]; outScores[w++] = outScores[i]; }
                    count = w;
                }
                h.Count = count;
                return h;
            }
            // Both sorted: blocks that end before the next candidate are skipped unread; within a block, each posting
            // is looked for among the candidates (galloping when they are sparser than the postings).
            var cand = only.Docs;
            var cn = only.Count;
            var c = 0;
            for (var k = 0; k < blocks && c < cn; k++)
            {
                if (p.LastDoc(k) < cand[c]) continue;
                var n = p.Block(k, docs, freqs);
                for (var i = 0; i < n; i++)
                {
                    var d = docs[i];
                    var y = cand[c];
                    if (d < y) continue;
                    if (d > y)
                    {
                        c = Gallop(cand, c + 1, cn, d);
                        if (c == cn) break;
                        if (cand[c] != d) continue;
                    }
                    if (acceptDocs is null || acceptDocs.Get(d))
                    {
                        var raw = tf[freqs[i]] * value;
                        outDocs[count] = d;
                        outScores[count++] = norms is null ? raw : raw * decode[norms[d]];
                    }
                    if (++c == cn) break;
                }
            }
            h.Count = count;
            return h;
        }

        /// <summary>Candidates at least one for this many postings are looked up in a bit set rather than walked
        /// (<see cref="EvalDecoded"/>): below that, the walk skips whole blocks between sparse candidates. Many more
        /// candidates than postings (a rare title word among a common word's matches) take the bit set too: it is made
        /// once per candidate list and shared by the word's fields. Bounding it from that side as well (at 32 candidates
        /// a posting) read 11.47 ms p50 at a million practices in the one run it was given, against 8.10–8.30 without:
        /// no gain shown, within this machine's spread or not, so it is unbounded as measured.</summary>
        private const int DenseCandidates = 8;

        /// <summary>The documents of <paramref name="only"/> as a bit set, made once and reused while the same list is
        /// asked about (a word's eight fields and its concept all look among the same candidates). Lists only ever
        /// lose documents after they are made (exclusions, filters), so a list with its count unchanged has its
        /// documents unchanged.</summary>
        private ulong[] CandidateSet(Hits only)
        {
            if (ReferenceEquals(_candidatesOf, only) && _candidateCount == only.Count) return _candidateSet!;
            var set = _candidateSet ??= Zeroed<ulong>.Arrays.Rent((_maxDoc >> 6) + 1);
            Array.Clear(set, _candidateLo, _candidateHi - _candidateLo + 1);
            var docs = only.Docs;
            // The words it will write, recorded first: Release clears them whatever happens.
            _candidateLo = docs[0] >> 6;
            _candidateHi = docs[only.Count - 1] >> 6;
            for (var i = 0; i < only.Count; i++) set[docs[i] >> 6] |= 1UL << docs[i];
            _candidateCount = only.Count;
            _candidatesOf = only;
            return set;
        }

        /// <summary>The phrase's terms kept with positions; empty when one of them is not in the segment (nothing can
        /// match), null when one is not kept (Lucene's scorer reads the phrase then).</summary>
        private DecodedPostings[]? PhraseLists(PhraseLeaf ph)
        {
            var lists = ph.Lists[context.Ord];
            foreach (var p in lists)
            {
                if (p.DocFreq == 0) return [];
                if (!p.IsKept || ph.NeedsPositions && !p.HasPositions) return null;
            }
            return lists;
        }

        private Hits EvalPhrase(PhraseLeaf ph, DecodedPostings[] lists, Hits? only)
        {
            if (lists.Length == 0 || only is { Count: 0 }) return Hits.Empty;
            var lead = 0;
            for (var t = 1; t < lists.Length; t++) if (lists[t].Count < lists[lead].Count) lead = t;
            var cursors = lists.Select(p => new PostingsCursor(p)).ToArray();
            var norms = DecodedPostings.NormsOf(context.AtomicReader, ph.Terms[0].Field);
            var tf = DecodedPostings.TfTable(ph.Similarity);
            var decode = DecodedPostings.NormTable(ph.Similarity);
            // The shorter of the candidates and the rarest term's documents drives; every term's cursor is moved to each.
            var byCandidates = only is not null && only.Count < lists[lead].Count;
            var h = NewHits(byCandidates ? only!.Count : lists[lead].Count);
            var onlyAt = 0;
            var driver = cursors[lead];
            for (var i = 0; ; i++)
            {
                int d;
                if (byCandidates)
                {
                    if (i == only!.Count) break;
                    d = only.Docs[i];
                }
                else
                {
                    if (!driver.AdvanceTo(i == 0 ? 0 : driver.Doc + 1)) break;
                    d = driver.Doc;
                    if (only is not null)
                    {
                        onlyAt = Gallop(only.Docs, onlyAt, only.Count, d);
                        if (onlyAt == only.Count) break;
                        if (only.Docs[onlyAt] != d) continue;
                    }
                }
                var inAll = true;
                var exhausted = false;
                for (var t = 0; t < cursors.Length && inAll; t++)
                {
                    if (!cursors[t].AdvanceTo(d)) { exhausted = true; break; }
                    inAll = cursors[t].Doc == d;
                }
                if (exhausted) break;
                if (!inAll || acceptDocs is not null && !acceptDocs.Get(d)) continue;
                var freq = PhraseFreq(cursors, ph.Offsets);
                if (freq == 0) continue;
                var raw = (freq < tf.Length ? tf[freq] : ph.Similarity.Tf(freq)) * ph.Value;
                h.Docs[h.Count] = d;
                h.Scores[h.Count++] = norms is null ? raw : raw * decode[norms[d]];
            }
            return h;
        }

        /// <summary>How many places of the document have every term at its offset.</summary>
        private static int PhraseFreq(PostingsCursor[] cursors, int[] offsets)
        {
            if (cursors.Length == 1) return cursors[0].Freqs[cursors[0].I]; // one word pair: its own frequency
            var first = cursors[0].Positions(out var from, out var to);
            var freq = 0;
            if (cursors.Length == 2)
            {
                // Two words (most Chinese compounds): one walk through both lists.
                var second = cursors[1].Positions(out var j, out var end);
                var delta = offsets[1] - offsets[0];
                for (var i = from; i < to && j < end; i++)
                {
                    var want = first[i] + delta;
                    while (j < end && second[j] < want) j++;
                    if (j < end && second[j] == want) freq++;
                }
                return freq;
            }
            Span<int> at = stackalloc int[cursors.Length];
            Span<int> ends = stackalloc int[cursors.Length];
            var lists = new int[cursors.Length][];
            for (var t = 1; t < cursors.Length; t++) lists[t] = cursors[t].Positions(out at[t], out ends[t]);
            for (var i = from; i < to; i++)
            {
                var start = first[i] - offsets[0];
                var all = true;
                for (var t = 1; t < cursors.Length && all; t++)
                {
                    var positions = lists[t];
                    var want = start + offsets[t];
                    while (at[t] < ends[t] && positions[at[t]] < want) at[t]++;
                    all = at[t] < ends[t] && positions[at[t]] == want;
                }
                if (all) freq++;
            }
            return freq;
        }

        /// <summary>The first index at or after <paramref name="from"/> whose document is ≥ target (Count if none).</summary>
        private static int Gallop(int[] docs, int from, int count, int target)
        {
            if (from >= count || docs[from] >= target) return from;
            // docs[lo] < target throughout; the answer is in (lo, hi].
            int lo = from, step = 1, hi = from + 1;
            while (hi < count && docs[hi] < target)
            {
                lo = hi;
                step <<= 1;
                hi = lo + step;
            }
            if (hi > count) hi = count;
            // The first of (lo, hi) not below the target, or hi (Array.BinarySearch's generic comparer cost more than this).
            lo++;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (docs[mid] < target) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        private Hits EvalBool(Bool b, Hits? only)
        {
            if (b.Required.Length + b.Optional.Length == 0) return Hits.Empty;
            Hits result;
            byte[]? overlap = null;
            if (b.Required.Length > 0)
            {
                var order = b.Required.OrderBy(Cost).ToArray();
                result = Eval(order[0], only);
                for (var i = 1; i < order.Length && result.Count > 0; i++)
                {
                    var next = Eval(order[i], result); // a subset of result, in order
                    var k = 0;
                    for (var j = 0; j < next.Count; j++)
                    {
                        while (result.Docs[k] != next.Docs[j]) k++;
                        next.Scores[j] = result.Scores[k] + next.Scores[j];
                    }
                    result = next;
                }
                if (result.Count == 0) return Hits.Empty;
                if (b.Optional.Length > 0)
                {
                    overlap = NewBytes(result.Count);
                    Array.Fill(overlap, (byte)b.Required.Length, 0, result.Count);
                    foreach (var o in b.Optional)
                    {
                        var extra = Eval(o, result);
                        var k = 0;
                        for (var j = 0; j < extra.Count; j++)
                        {
                            while (result.Docs[k] != extra.Docs[j]) k++;
                            result.Scores[k] += extra.Scores[j];
                            overlap[k]++;
                        }
                    }
                }
            }
            else
            {
                var parts = new List<Hits>(b.Optional.Length);
                foreach (var o in b.Optional)
                    if (Eval(o, only) is { Count: > 0 } h) parts.Add(h);
                if (parts.Count == 0) return Hits.Empty;
                if (parts.Count == 1) result = parts[0];
                else (result, overlap) = Union(parts);
                if (overlap is null)
                {
                    overlap = NewBytes(result.Count);
                    Array.Fill(overlap, (byte)1, 0, result.Count);
                }
            }
            var coord = b.Coord;
            if (overlap is null)
            {
                var c = coord[b.Required.Length];
                if (c != 1f) for (var i = 0; i < result.Count; i++) result.Scores[i] *= c;
            }
            else
                for (var i = 0; i < result.Count; i++) result.Scores[i] *= coord[overlap[i]];
            foreach (var p in b.Prohibited)
            {
                if (result.Count == 0) break;
                var excluded = Eval(p, result);
                if (excluded.Count == 0) continue;
                int w = 0, j = 0;
                for (var i = 0; i < result.Count; i++)
                {
                    if (j < excluded.Count && excluded.Docs[j] == result.Docs[i]) { j++; continue; }
                    result.Docs[w] = result.Docs[i];
                    result.Scores[w++] = result.Scores[i];
                }
                result.Count = w;
            }
            return result;
        }

        private Hits EvalMax(Max m, Hits? only)
        {
            var parts = new List<Hits>(m.Disjuncts.Length);
            foreach (var d in m.Disjuncts)
                if (Eval(d, only) is { Count: > 0 } h) parts.Add(h);
            if (parts.Count == 0) return Hits.Empty;
            if (parts.Count == 1) return parts[0]; // max + tie × (sum − max) of one score is the score
            var sum = _sum ??= Zeroed<float>.Arrays.Rent(_maxDoc);
            var max = _max ??= Zeroed<float>.Arrays.Rent(_maxDoc);
            var bits = Bits();
            var total = 0L;
            int lo = int.MaxValue, hi = -1;
            foreach (var p in parts) total += p.Count;
            var result = NewHits(Math.Min(total, _maxDoc));
            _accumulating = true;
            foreach (var p in parts)
            {
                lo = Math.Min(lo, p.Docs[0]);
                hi = Math.Max(hi, p.Docs[p.Count - 1]);
                for (var i = 0; i < p.Count; i++)
                {
                    var d = p.Docs[i];
                    var s = p.Scores[i];
                    bits[d >> 6] |= 1UL << d;
                    sum[d] += s;
                    if (s > max[d]) max[d] = s;
                }
            }
            var tie = m.Tie;
            var outDocs = result.Docs;
            var outScores = result.Scores;
            var n = 0;
            // The set documents of [lo, hi] in order, each one's accumulators cleared as it is read.
            for (int w = lo >> 6, end = hi >> 6; w <= end; w++)
            {
                var word = bits[w];
                if (word == 0) continue;
                bits[w] = 0;
                while (word != 0)
                {
                    var d = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    var best = max[d];
                    outDocs[n] = d;
                    outScores[n++] = best + (sum[d] - best) * tie;
                    sum[d] = 0;
                    max[d] = 0;
                }
            }
            result.Count = n;
            _accumulating = false;
            return result;
        }

        /// <summary>Documents in any of the lists, with the sum of their scores and how many lists have them.</summary>
        private (Hits, byte[]) Union(List<Hits> parts)
        {
            var sum = _sum ??= Zeroed<float>.Arrays.Rent(_maxDoc);
            var count = _overlap ??= Zeroed<byte>.Arrays.Rent(_maxDoc);
            var bits = Bits();
            var total = 0L;
            int lo = int.MaxValue, hi = -1;
            foreach (var p in parts) total += p.Count;
            var result = NewHits(Math.Min(total, _maxDoc));
            var overlap = NewBytes(result.Docs.Length);
            _accumulating = true;
            foreach (var p in parts)
            {
                lo = Math.Min(lo, p.Docs[0]);
                hi = Math.Max(hi, p.Docs[p.Count - 1]);
                for (var i = 0; i < p.Count; i++)
                {
                    var d = p.Docs[i];
                    bits[d >> 6] |= 1UL << d;
                    sum[d] += p.Scores[i];
                    count[d]++;
                }
            }
            var outDocs = result.Docs;
            var outScores = result.Scores;
            var n = 0;
            // As in EvalMax: read in order, cleared as read.
            for (int w = lo >> 6, end = hi >> 6; w <= end; w++)
            {
                var word = bits[w];
                if (word == 0) continue;
                bits[w] = 0;
                while (word != 0)
                {
                    var d = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    outDocs[n] = d;
                    outScores[n] = sum[d];
                    overlap[n++] = count[d];
                    sum[d] = 0;
                    count[d] = 0;
                }
            }
            result.Count = n;
            _accumulating = false;
            return (result, overlap);
        }

        private Hits EvalFiltered(Filtered f, Hits? only)
        {
            if (only is { Count: 0 }) return Hits.Empty;
            var set = f.Filter.GetDocIdSet(context, acceptDocs);
            if (set?.GetIterator() is not { } it) return Hits.Empty;
            if (it.GetCost() <= Cost(f.Inner))
            {
                // The filter is the narrower side: its documents are the candidates.
                var allowed = NewHits(only is null ? it.GetCost() : Math.Min(it.GetCost(), only.Count));
                var j = 0;
                for (var d = it.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.NextDoc())
                {
                    if (only is not null)
                    {
                        j = Gallop(only.Docs, j, only.Count, d);
                        if (j == only.Count) break;
                        if (only.Docs[j] != d) continue;
                    }
                    if (allowed.Count == allowed.Docs.Length) Grow(allowed);
                    allowed.Docs[allowed.Count++] = d;
                }
                return Eval(f.Inner, allowed);
            }
            var result = Eval(f.Inner, only);
            if (result.Count == 0) return Hits.Empty; // the shared empty list is never written to
            int w = 0, cur = -1;
            for (var i = 0; i < result.Count; i++)
            {
                var d = result.Docs[i];
                if (cur < d) cur = it.Advance(d);
                if (cur == DocIdSetIterator.NO_MORE_DOCS) break;
                if (cur != d) continue;
                result.Docs[w] = d;
                result.Scores[w++] = result.Scores[i];
            }
            result.Count = w;
            return result;
        }

        private ulong[] Bits() => _bits ??= Zeroed<ulong>.Arrays.Rent((_maxDoc >> 6) + 1);

        /// <summary>Returns every borrowed array. The accumulators go back to their own pool as zeros: each read clears
        /// what it added, and the candidate set is cleared here.</summary>
        public void Release()
        {
            foreach (var a in _ints) Pool<int>.Arrays.Return(a);
            foreach (var a in _floats) Pool<float>.Arrays.Return(a);
            foreach (var a in _bytes) Pool<byte>.Arrays.Return(a);
            if (_accumulating)
            {
                // An accumulation cut short (an exception between adding and reading back; nothing in those loops is
                // expected to throw, but a dirty array in this pool would give wrong scores to every later search).
                if (_sum is not null) Array.Clear(_sum);
                if (_max is not null) Array.Clear(_max);
                if (_overlap is not null) Array.Clear(_overlap);
                if (_bits is not null) Array.Clear(_bits);
                _accumulating = false;
            }
            if (_sum is not null) Zeroed<float>.Arrays.Return(_sum);
            if (_max is not null) Zeroed<float>.Arrays.Return(_max);
            if (_overlap is not null) Zeroed<byte>.Arrays.Return(_overlap);
            if (_bits is not null) Zeroed<ulong>.Arrays.Return(_bits);
            if (_candidateSet is not null)
            {
                Array.Clear(_candidateSet, _candidateLo, _candidateHi - _candidateLo + 1);
                Zeroed<ulong>.Arrays.Return(_candidateSet);
            }
            _ints.Clear();
            _floats.Clear();
            _bytes.Clear();
            _sum = _max = null;
            _overlap = null;
            _bits = _candidateSet = null;
            _candidatesOf = null;
            _candidateLo = 0;
            _candidateHi = -1;
        }
    }

    /// <summary>Arrays for the lists, kept between queries.</summary>
    /// <remarks>A query borrows a dozen or more arrays of up to the segment's size at once; the shared pool keeps only a
    /// few per size and core, so most were allocated afresh on the large object heap and dropped again, and collecting
    /// them cost a tenth of a query's time (profiled). This pool keeps what queries have needed at once (it grows to the
    /// peak number of concurrent searches, and never beyond 50 arrays of a size).</remarks>
    private static class Pool<T>
    {
        public static readonly ArrayPool<T> Arrays = ArrayPool<T>.Create(1 << 27, 50);
    }

    /// <summary>Arrays of the segment's size that are all zeros whenever they are in the pool (accumulators, bit sets):
    /// a search borrows some 9 MB of them at a million practices, and clearing them on every borrow cost 4 % of a
    /// query (profiled), while clearing only what was written costs nothing extra — the reads clear as they go.</summary>
    private static class Zeroed<T>
    {
        public static readonly ArrayPool<T> Arrays = ArrayPool<T>.Create(1 << 27, 50);
    }

    /// <summary>Hands out a segment's result list; returns the borrowed arrays once read to the end.</summary>
    private sealed class ListScorer(Weight weight, Hits hits, Segment segment) : Scorer(weight)
    {
        private int _i = -1;
        private int _doc = -1;

        public override int DocID => _doc;
        public override int Freq => 1;
        public override float GetScore() => hits.Scores[_i];
        public override long GetCost() => hits.Count;

        public override int NextDoc()
        {
            if (++_i < hits.Count) return _doc = hits.Docs[_i];
            return End();
        }

        public override int Advance(int target)
        {
            if (_doc == NO_MORE_DOCS) return NO_MORE_DOCS;
            var i = Array.BinarySearch(hits.Docs, Math.Max(_i + 1, 0), hits.Count - Math.Max(_i + 1, 0), target);
            _i = i >= 0 ? i : ~i;
            if (_i < hits.Count) return _doc = hits.Docs[_i];
            return End();
        }

        private int End()
        {
            if (_doc != NO_MORE_DOCS)
            {
                _i = hits.Count;
                segment.Release();
            }
            return _doc = NO_MORE_DOCS;
        }
    }
}
