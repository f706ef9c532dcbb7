using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DecentWork.Search;

/// <summary>A concurrent map that starts afresh once it has taken <c>limit</c> entries: a cache whose misses cost a
/// recomputation, never a wrong answer, bounded without bookkeeping per entry.</summary>
/// <remarks>The count is our own: ConcurrentDictionary.Count takes every lock of the dictionary, and asking it on
/// each insert made concurrent searches queue on those locks (profiled with two threads).</remarks>
public sealed class BoundedCache<TKey, TValue>(int limit, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private int _added;

    public ConcurrentDictionary<TKey, TValue> Entries { get; } = new(comparer);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => Entries.TryGetValue(key, out value);

    public TValue Set(TKey key, TValue value)
    {
        if (Interlocked.Increment(ref _added) > limit)
        {
            Entries.Clear();
            Interlocked.Exchange(ref _added, 1);
        }
        Entries[key] = value;
        return value;
    }
}
