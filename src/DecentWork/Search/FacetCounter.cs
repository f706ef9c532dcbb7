using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Every facet value of every document of one segment, held in plain arrays.</summary>
/// <remarks>Lucene 4.x doc values are read from the index files on each access; a facet count touches every matching
/// document, so that meant a buffered file read per document and facet (three quarters of a query's time, profiled at
/// 20,000 practices). A segment never changes once written, so its values are read once, when a searcher first sees
/// it, and kept for the segment's life: about 4 bytes per document and facet value (some 90 MB at a million).</remarks>
public sealed class SegmentFacets
{
    private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

    // Every key's values in one numbering (key k's ordinals start at _base[k]), so that counting a document is a single
    // loop over one slice: the ordinals of document d are _ords[_starts[d].._starts[d + 1]).
    private readonly int[] _starts;
    private readonly int[] _ords;
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
        _ords = ords.ToArray();
    }

    /// <summary>The segment's values, read on first use; segments share their core with every reopened view.</summary>
    public static SegmentFacets For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentFacets(reader));

    /// <summary>Ordinals of every key together.</summary>
    public int OrdinalCount => _values.Length;

    /// <summary>Key k's ordinals are [First(k), First(k + 1)).</summary>
    public int First(int key) => _base[key];

    public string Value(int ord) => _values[ord];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(int doc, int[] counts)
    {
        var ords = _ords;
        for (int i = _starts[doc], end = _starts[doc + 1]; i < end; i++) counts[ords[i]]++;
    }
}

/// <summary>Counts facet values over every matching document (Lucene.Net.Facet is not available here): an array
/// increment per value per hit; ordinals become strings once per segment, for the values that occurred. Every key is
/// counted (one loop per document is cheaper than choosing), and only the asked-for keys are reported.</summary>
public sealed class FacetCounter : ICollector
{
    private readonly IReadOnlyList<string> _keys;
    private readonly int[] _keyIndex;
    private readonly Dictionary<string, int>[] _totals;
    private int[] _counts = [];
    private SegmentFacets? _segment;

    public FacetCounter(IReadOnlyList<string> keys)
    {
        _keys = keys;
        _keyIndex = keys.Select(k => Array.IndexOf(SearchFields.FacetKeys, k)).ToArray();
        if (_keyIndex.Any(i => i < 0)) throw new ArgumentException("Unknown facet key.", nameof(keys));
        _totals = keys.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    }

    public IReadOnlyList<string> Keys => _keys;

    public void SetScorer(Scorer scorer) { }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _segment = SegmentFacets.For(context.AtomicReader);
        _counts = new int[_segment.OrdinalCount];
    }

    public void Collect(int doc) => _segment!.Count(doc, _counts);

    private void Flush()
    {
        if (_segment is not { } segment) return;
        for (var i = 0; i < _keys.Count; i++)
        {
            for (int ord = segment.First(_keyIndex[i]), end = segment.First(_keyIndex[i] + 1); ord < end; ord++)
            {
                if (_counts[ord] == 0) continue;
                var value = segment.Value(ord);
                _totals[i][value] = _totals[i].GetValueOrDefault(value) + _counts[ord];
            }
        }
        _segment = null;
    }
    /// <summary>Counts per key, largest first (ties by value, so the order is stable).</summary>
    public Dictionary<string, List<FacetValue>> Result()
    {
        Flush();
        var result = new Dictionary<string, List<FacetValue>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Count; i++)
            result[_keys[i]] = _totals[i].Select(kv => new FacetValue(kv.Key, kv.Value))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        return result;
    }
}

/// <summary>Reads the facet values of a new view's segments before the view is published, so no reader's search pays
/// for it.</summary>
public sealed class FacetWarmingSearcherFactory : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        foreach (var leaf in reader.Leaves) SegmentFacets.For(leaf.AtomicReader);
        return new IndexSearcher(reader);
    }
}

public sealed record FacetValue(string Key, int Count);
