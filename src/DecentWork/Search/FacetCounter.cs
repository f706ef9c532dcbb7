using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>Counts facet values over every matching document from SortedSet doc values (Lucene.Net.Facet is not
/// available here). Counting is by segment ordinal, an array increment per value per hit; ordinals are turned into
/// strings once per segment, for the values that occurred.</summary>
public sealed class FacetCounter(IReadOnlyList<string> keys) : ICollector
{
    private readonly Dictionary<string, int>[] _totals = keys.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    private readonly SortedSetDocValues?[] _values = new SortedSetDocValues?[keys.Count];
    private readonly int[]?[] _counts = new int[]?[keys.Count];

    public IReadOnlyList<string> Keys => keys;

    public void SetScorer(Scorer scorer) { }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        for (var i = 0; i < keys.Count; i++)
        {
            var dv = context.AtomicReader.GetSortedSetDocValues(SearchFields.Facet(keys[i]));
            _values[i] = dv;
            _counts[i] = dv is null ? null : new int[checked((int)dv.ValueCount)];
        }
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            var dv = _values[i];
            if (dv is null) continue;
            dv.SetDocument(doc);
            var counts = _counts[i]!;
            for (var ord = dv.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = dv.NextOrd()) counts[ord]++;
        }
    }

    private void Flush()
    {
        var bytes = new BytesRef();
        for (var i = 0; i < keys.Count; i++)
        {
            if (_values[i] is not { } dv || _counts[i] is not { } counts) continue;
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0) continue;
                dv.LookupOrd(ord, bytes);
                var value = bytes.Utf8ToString();
                _totals[i][value] = _totals[i].GetValueOrDefault(value) + counts[ord];
            }
            _values[i] = null;
            _counts[i] = null;
        }
    }

    /// <summary>Counts per key, largest first (ties by value, so the order is stable).</summary>
    public Dictionary<string, List<FacetValue>> Result()
    {
        Flush();
        var result = new Dictionary<string, List<FacetValue>>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
            result[keys[i]] = _totals[i].Select(kv => new FacetValue(kv.Key, kv.Value))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        return result;
    }
}

public sealed record FacetValue(string Key, int Count);
