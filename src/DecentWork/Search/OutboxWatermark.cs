namespace DecentWork.Search;

/// <summary>Which outbox rows the index has applied. <see cref="Value"/> is the safe restart point stored with each
/// index commit: every row at or below it is applied (or was a rollback). Rows above it may be applied too; a hole
/// below them is kept open for a grace period because PostgreSQL gives out ids before commit, so a row with a lower id
/// can become visible after one with a higher id. Without this a slow transaction's row would be skipped forever.</summary>
public sealed class OutboxWatermark(long start, TimeSpan grace)
{
    private readonly SortedSet<long> _appliedAbove = [];
    private readonly Dictionary<long, DateTime> _gapSince = [];

    /// <summary>Every row with an id at or below this is applied.</summary>
    public long Value { get; private set; } = start;

    /// <summary>The highest id applied; new rows are read above it.</summary>
    public long MaxApplied { get; private set; } = start;

    /// <summary>Ids below <see cref="MaxApplied"/> not seen yet: re-read on every poll until they appear or expire.</summary>
    public IReadOnlyCollection<long> Gaps => _gapSince.Keys;

    public void Applied(IEnumerable<long> ids, DateTime now)
    {
        foreach (var id in ids)
        {
            if (id <= Value) continue;
            _gapSince.Remove(id);
            _appliedAbove.Add(id);
            if (id > MaxApplied)
            {
                // Ids skipped between the old maximum and this one are holes until proven otherwise. Holes are
                // tracked up to a bound: a rollback of a huge batch must not make this set grow without limit.
                for (var g = MaxApplied + 1; g < id && _gapSince.Count < 10_000; g++)
                    if (!_appliedAbove.Contains(g)) _gapSince.TryAdd(g, now);
                MaxApplied = id;
            }
        }
        Advance(now);
    }

    /// <summary>Moves the watermark over applied rows and over holes older than the grace period.</summary>
    public void Advance(DateTime now)
    {
        while (Value < MaxApplied)
        {
            var next = Value + 1;
            if (_appliedAbove.Remove(next)) { Value = next; continue; }
            if (!_gapSince.TryGetValue(next, out var since))
            {
                // Beyond the tracking bound: nothing was recorded for this id, so it counts as a hole seen now.
                _gapSince[next] = now;
                break;
            }
            if (now - since < grace) break;
            _gapSince.Remove(next);
            Value = next;
        }
    }
}
