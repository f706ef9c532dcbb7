using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Every facet value of every document of one segment, held in plain arrays.</summary>
/// <remarks>Lucene 4.x doc values are read from the index files on each access; a facet count touches every matching
/// document, so that meant a buffered file read per document and facet (three quarters of a query's time, profiled at
/// 20,000 practices). A segment never changes once written, so its values are read once, when a searcher first sees
/// it, and kept for the segment's life: about 2 bytes per document and facet value and 4 per document (some 40 MB at a million).</remarks>
public sealed class SegmentFacets
{
    private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

    // Every key's values in one numbering (key k's ordinals start at _base[k]), so that counting a document is a single
    // loop over one slice: the ordinals of document d are _ords[_starts[d].._starts[d + 1]).
    private readonly int[] _starts;
    // Two bytes a value when the segment has fewer than 65,536 values in all (always, in practice: countries, regions,
    // themes, years...): counting reads these for every matching document, and half the bytes is half the cache misses.
    private readonly ushort[]? _small;
    private readonly int[]? _ords;
    private readonly int[] _base;
    private readonly string[] _values;

    private SegmentFacets(AtomicReader reader)
    {
        var keys = SearchFields.FacetKeys;
        var maxDoc = reader.MaxDoc;
        var bytes = new BytesRef();
        var perKey = new SortedSetDocValues?[keys.Length];
        _base = new int[keys.Length + 1];
        var values = new List<string>();
        for (var k = 0; k < keys.Length; k++)
        {
            _base[k] = values.Count;
            var dv = perKey[k] = reader.GetSortedSetDocValues(SearchFields.Facet(keys[k]));
            if (dv is null) continue;
            for (var ord = 0L; ord < dv.ValueCount; ord++)
            {
                dv.LookupOrd(ord, bytes);
                values.Add(bytes.Utf8ToString());
            }
        }
        _base[keys.Length] = values.Count;
        _values = values.ToArray();
        _starts = new int[maxDoc + 1];
        var ords = new List<int>(maxDoc * 4);
        for (var d = 0; d < maxDoc; d++)
        {
            _starts[d] = ords.Count;
            for (var k = 0; k < keys.Length; k++)
            {
                if (perKey[k] is not { } dv) continue;
                dv.SetDocument(d);
                for (var ord = dv.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = dv.NextOrd()) ords.Add(_base[k] + (int)ord);
            }
        }
        _starts[maxDoc] = ords.Count;
        if (values.Count <= ushort.MaxValue + 1) _small = ords.Select(o => (ushort)o).ToArray();
        else _ords = ords.ToArray();

        // Values on at least one document in DenseShare also get a bit set of their documents (see AddAll).
        var df = new int[values.Count];
        foreach (var o in ords) df[o]++;
        var dense = maxDoc >= MinDenseDocs ? Enumerable.Range(0, values.Count).Where(o => (long)df[o] * DenseShare >= maxDoc).ToArray() : [];
        _denseOrds = dense;
        _denseBits = dense.Select(_ => new ulong[(maxDoc + 63) >> 6]).ToArray();
        var denseIndex = new int[values.Count];
        Array.Fill(denseIndex, -1);
        for (var i = 0; i < dense.Length; i++) denseIndex[dense[i]] = i;
        _sparseStarts = new int[maxDoc + 1];
        var sparse = new List<ushort>();
        for (var d = 0; d < maxDoc; d++)
        {
            _sparseStarts[d] = sparse.Count;
            for (int i = _starts[d], end = _starts[d + 1]; i < end; i++)
            {
                var o = ords[i];
                if (denseIndex[o] >= 0) _denseBits[denseIndex[o]][d >> 6] |= 1UL << d;
                else sparse.Add((ushort)o);
            }
        }
        _sparseStarts[maxDoc] = sparse.Count;
        _sparse = sparse.ToArray();
        _ordsPerDoc = maxDoc == 0 ? 0 : (double)ords.Count / maxDoc;
        _sparsePerDoc = maxDoc == 0 ? 0 : (double)sparse.Count / maxDoc;
        if (_small is null) { _denseOrds = []; _denseBits = []; } // more than 65,536 values: counted per document only
    }

    // A value on at least 1 document in 32 is counted by AND-ing its bit set with the matches' and counting bits: 64
    // documents a step, whatever the number of matches. Counting per match (an increment per value of every match,
    // many of them on the same few counters, each waiting for the last) cost 74 ns a match at a million practices
    // (131,000 matches a query: 9.8 ms of a 23 ms query). The bit sets take maxDoc / 8 bytes each, about as much as the
    // per-document ordinals of such a value.
    private const int DenseShare = 32;
    private const int MinDenseDocs = 4096;
    private readonly int[] _denseOrds;
    private readonly ulong[][] _denseBits;
    // The other values, per document, for the matches' own loop.
    private readonly int[] _sparseStarts;
    private readonly ushort[] _sparse;
    private readonly double _ordsPerDoc, _sparsePerDoc;

    /// <summary>Counts the values of every document in <paramref name="docs"/> (sorted, distinct), numbered through
    /// <paramref name="map"/> — dense values by bit sets when that is the cheaper way for this many matches.</summary>
    public void AddAll(ReadOnlySpan<int> docs, int[] map, int[] counts)
    {
        if (docs.IsEmpty) return;
        int lo = docs[0] >> 6, hi = docs[^1] >> 6;
        // An increment per value of every match costs about ten word steps of the bit sets (measured at 1M: 74 ns a
        // match of 17 values; a word of two sets about half a nanosecond).
        var perMatch = docs.Length * _ordsPerDoc * 10;
        var bySets = (double)_denseOrds.Length * (hi - lo + 1) + docs.Length * (_sparsePerDoc * 10 + 1);
        if (_denseOrds.Length == 0 || perMatch <= bySets)
        {
            foreach (var doc in docs) Count(doc, map, counts);
            return;
        }
        var matches = System.Buffers.ArrayPool<ulong>.Shared.Rent(hi + 1);
        try
        {
            Array.Clear(matches, lo, hi - lo + 1);
            var sparse = _sparse;
            foreach (var doc in docs)
            {
                matches[doc >> 6] |= 1UL << doc;
                for (int i = _sparseStarts[doc], end = _sparseStarts[doc + 1]; i < end; i++) counts[map[sparse[i]]]++;
            }
            var span = matches.AsSpan(lo, hi - lo + 1);
            for (var v = 0; v < _denseOrds.Length; v++)
                counts[map[_denseOrds[v]]] += AndCount(span, _denseBits[v].AsSpan(lo, hi - lo + 1));
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(matches);
        }
    }

    private static int AndCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        long c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            c0 += BitOperations.PopCount(a[i] & b[i]);
            c1 += BitOperations.PopCount(a[i + 1] & b[i + 1]);
            c2 += BitOperations.PopCount(a[i + 2] & b[i + 2]);
            c3 += BitOperations.PopCount(a[i + 3] & b[i + 3]);
        }
        for (; i < a.Length; i++) c0 += BitOperations.PopCount(a[i] & b[i]);
        return (int)(c0 + c1 + c2 + c3);
    }

    /// <summary>The segment's values, read on first use; segments share their core with every reopened view.</summary>
    public static SegmentFacets For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

    /// <summary>Ordinals of every key together.</summary>
    public int OrdinalCount => _values.Length;

    /// <summary>Key k's ordinals are [First(k), First(k + 1)).</summary>
    public int First(int key) => _base[key];

    public string Value(int ord) => _values[ord];

    /// <summary>Adds one to the count of each of the document's values, numbered through <paramref name="map"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(int doc, int[] map, int[] counts)
    {
        if (_small is { } small)
            for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++) counts[map[small[i]]]++;
        else
            for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++) counts[map[_ords![i]]]++;
    }
}

/// <summary>One numbering of the facet values of every segment of an index view: each key's values in ordinal
/// string order, and for each segment the global number of each of its ordinals. Made once per view (when the view
/// is opened, see <see cref="FacetWarmingSearcherFactory"/>), so that counting adds into one array for the whole
/// search and the result is read off it in order, without merging per-segment counts through dictionaries of strings.</summary>
public sealed class ViewFacets
{
    private static readonly ConditionalWeakTable<IndexReader, ViewFacets> Cache = new();

    private readonly int[][] _maps;
    private readonly int[] _base;
    private readonly string[] _values;

    private ViewFacets(IndexReader reader)
    {
        var keys = SearchFields.FacetKeys;
        var leaves = reader.Leaves;
        var segments = leaves.Select(l => SegmentFacets.For(l.AtomicReader)).ToList();
        _base = new int[keys.Length + 1];
        var values = new List<string>();
        var number = new Dictionary<string, int>[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            _base[k] = values.Count;
            var all = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var seg in segments)
                for (int ord = seg.First(k), end = seg.First(k + 1); ord < end; ord++) all.Add(seg.Value(ord));
            number[k] = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var v in all) { number[k][v] = values.Count; values.Add(v); }
        }
        _base[keys.Length] = values.Count;
        _values = values.ToArray();
        _maps = new int[leaves.Count][];
        for (var i = 0; i < leaves.Count; i++)
        {
            var seg = segments[i];
            var map = _maps[leaves[i].Ord] = new int[seg.OrdinalCount];
            for (var k = 0; k < keys.Length; k++)
                for (int ord = seg.First(k), end = seg.First(k + 1); ord < end; ord++) map[ord] = number[k][seg.Value(ord)];
        }
    }

    public static ViewFacets For(IndexReader topReader) => Cache.GetValue(topReader, r => new ViewFacets(r));

    public int Count => _values.Length;

    /// <summary>Global numbers of a segment's ordinals, by the segment's position in the view.</summary>
    public int[] Map(int leafOrd) => _maps[leafOrd];

    /// <summary>Key k's values are numbered [First(k), First(k + 1)).</summary>
    public int First(int key) => _base[key];

    public string Value(int n) => _values[n];
}

/// <summary>Counts facet values over every matching document (Lucene.Net.Facet is not available here): an array
/// increment per value per hit, in the view's one numbering of values. Every key is counted (one loop per document
/// is cheaper than choosing), and only the asked-for keys are reported.</summary>
public sealed class FacetCounter : ICollector
{
    private readonly IReadOnlyList<string> _keys;
    private readonly int[] _keyIndex;
    private ViewFacets? _view;
    private int[] _counts = [];
    private int[] _map = [];
    private SegmentFacets? _segment;

    public FacetCounter(IReadOnlyList<string> keys)
    {
        _keys = keys;
        _keyIndex = keys.Select(k => Array.IndexOf(SearchFields.FacetKeys, k)).ToArray();
        if (_keyIndex.Any(i => i < 0)) throw new ArgumentException("Unknown facet key.", nameof(keys));
    }

    public IReadOnlyList<string> Keys => _keys;

    public void SetScorer(Scorer scorer) { }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetNextReader(AtomicReaderContext context)
    {
        IndexReaderContext top = context;
        while (top.Parent is { } parent) top = parent;
        if (_view is null)
        {
            _view = ViewFacets.For(top.Reader);
            _counts = new int[_view.Count];
        }
        _segment = SegmentFacets.For(context.AtomicReader);
        _map = _view.Map(context.Ord);
    }

    public void Collect(int doc) => _segment!.Count(doc, _map, _counts);

    /// <summary>Counts a segment's matching documents at once (no call per document).</summary>
    public void Add(AtomicReaderContext context, ReadOnlySpan<int> docs)
    {
        SetNextReader(context);
        _segment!.AddAll(docs, _map, _counts);
    }

    /// <summary>Counts per key, largest first (ties by value, so the order is stable).</summary>
    public Dictionary<string, List<FacetValue>> Result()
    {
        var result = new Dictionary<string, List<FacetValue>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Count; i++)
        {
            var list = new List<(int Count, int N)>();
            if (_view is { } view)
                for (int n = view.First(_keyIndex[i]), end = view.First(_keyIndex[i] + 1); n < end; n++)
                    if (_counts[n] > 0) list.Add((_counts[n], n));
            // Numbers follow the values' ordinal order, so sorting on the number breaks ties by value.
            list.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.N.CompareTo(b.N));
            var values = new List<FacetValue>(list.Count);
            foreach (var (count, n) in list) values.Add(new FacetValue(_view!.Value(n), count));
            result[_keys[i]] = values;
        }
        return result;
    }
}

/// <summary>Reads the facet values of a new view's segments before the view is published, so no reader's search pays
/// for it.</summary>
public sealed class FacetWarmingSearcherFactory : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        ViewFacets.For(reader); // reads every segment's values too
        return new IndexSearcher(reader);
    }
}

/// <summary>A struct: a search makes one per value of every facet (hundreds), for the API's lists and the page's rows.</summary>
public readonly record struct FacetValue(string Key, int Count);
