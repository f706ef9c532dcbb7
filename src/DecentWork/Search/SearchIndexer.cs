using System.Diagnostics;
using System.Globalization;
using DecentWork.Data;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DecentWork.Search;

/// <summary>Keeps the index in step with the database: rebuilds it from scratch, or applies the outbox rows written
/// since the position recorded in the last commit. Every change re-reads the practice as it now is, so applying a row
/// twice is harmless and the order of rows for one practice does not matter.</summary>
public sealed class SearchIndexer(SearchIndex index, SearchVocabulary vocabulary, IServiceScopeFactory scopes,
    IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchIndexer> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OutboxWatermark? _watermark;
    private volatile bool _mustRebuild;

    public sealed record RebuildResult(int Documents, long Outbox, TimeSpan Took);

    /// <summary>The outbox position the index resumed from at start-up; null when it was rebuilt instead.</summary>
    public long? ResumedFrom { get; private set; }

    /// <summary>Rebuilds when the index is missing, empty while the database has public practices, or was built by
    /// another schema or thesaurus; otherwise resumes from its recorded outbox position.</summary>
    public async Task EnsureReadyAsync(CancellationToken ct)
    {
        var v = await vocabulary.GetAsync(ct);
        var data = index.CommittedData;
        string? reason = null;
        if (index.CommittedOutbox < 0) reason = "no index";
        else if (data.GetValueOrDefault(SearchIndex.SchemaKey) != SearchFields.SchemaVersion) reason = "index schema changed";
        else if (data.GetValueOrDefault(SearchIndex.VocabularyKey) != v.Fingerprint) reason = "thesaurus or countries changed";
        else if (await OldestOutboxAsync(ct) is { } oldest && oldest > index.CommittedOutbox + 1) reason = "the outbox was pruned past the index's position";
        else if (index.DocumentCount == 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (await PublicPractices(db).AnyAsync(ct)) reason = "empty index";
        }
        if (reason is not null)
        {
            log.LogInformation("Rebuilding the search index: {Reason}", reason);
            var r = await RebuildAsync(ct);
            log.LogInformation("Search index rebuilt: {Docs} practices in {Ms} ms", r.Documents, (int)r.Took.TotalMilliseconds);
        }
        else
        {
            await _gate.WaitAsync(ct);
            try
            {
                _watermark ??= NewWatermark(index.CommittedOutbox);
                ResumedFrom = _watermark.Value;
                index.Reached(_watermark.MaxApplied);
            }
            finally { _gate.Release(); }
        }
    }

    private async Task<long?> OldestOutboxAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Outbox.MinAsync(o => (long?)o.Id, ct);
    }

    /// <summary>Deletes outbox rows this index has applied that are older than the retention. The newest row is always
    /// kept, so a lagging node can tell that rows it never saw were pruned (the oldest id lies past its position).</summary>
    public async Task<int> PruneOutboxAsync(CancellationToken ct)
    {
        var applied = index.CommittedOutbox;
        if (applied <= 0) return 0;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.OutboxRetentionHours);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var newest = await db.Outbox.MaxAsync(o => (long?)o.Id, ct) ?? 0;
        return await db.Outbox.Where(o => o.Id <= applied && o.Id < newest && o.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private static IQueryable<Practice> PublicPractices(AppDb db)
        => db.Practices.Where(p => p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn);

    private OutboxWatermark NewWatermark(long start) => new(start, TimeSpan.FromSeconds(options.Value.GapGraceSeconds));

    /// <summary>Replaces the whole index with the public practices of the database.</summary>
    public async Task<RebuildResult> RebuildAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var v = await vocabulary.GetAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            // The outbox position is read before the practices: a write that lands during the rebuild has a later
            // outbox id, so the tail applies it again afterwards — never lost, at worst applied twice.
            var mark = await db.Outbox.MaxAsync(o => (long?)o.Id, ct) ?? 0;
            var ids = await PublicPractices(db).OrderBy(p => p.Id).Select(p => p.Id).ToArrayAsync(ct);
            index.DeleteAll();
            var threads = options.Value.IndexThreads > 0 ? options.Value.IndexThreads : Environment.ProcessorCount;
            var chunk = options.Value.RebuildChunkSize > 0 ? options.Value.RebuildChunkSize : SearchIndex.DefaultChunkSize;
            int count;
            try
            {
                // Each worker reads its own pages through its own database context. A practice unpublished since the
                // ids were listed is not loaded, and its outbox row (later than the mark) removes it again anyway.
                count = await index.StartBulkAdd(threads, chunk, Math.Max(1, options.Value.RebuildSegments)).AddAsync(ids, () =>
                {
                    var s = scopes.CreateAsyncScope();
                    var mine = s.ServiceProvider.GetRequiredService<AppDb>();
                    return new PageLoader<IndexedPractice>(async (page, c) =>
                    {
                        mine.ChangeTracker.Clear();
                        return await PracticeDocument.LoadAsync(mine, page, c);
                    }, s);
                }, p => PracticeDocument.Build(p, v), ct);
            }
            catch
            {
                // The writer now holds a half-built index: nothing may commit it. The next pass rebuilds again, and
                // a shutdown meanwhile discards it, leaving the last commit (the old index) as it was.
                _mustRebuild = true;
                throw;
            }
            index.Commit(CommitData(mark, v));
            _mustRebuild = false;
            _watermark = NewWatermark(mark);
            index.Reached(mark);
            return new RebuildResult(count, mark, watch.Elapsed);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Applies one batch of outbox rows; returns how many rows it read (0: the index is caught up).</summary>
    public async Task<int> ApplyOutboxAsync(CancellationToken ct)
    {
        var v = await vocabulary.GetAsync(ct);
        if (_mustRebuild || index.CommittedData.GetValueOrDefault(SearchIndex.VocabularyKey) != v.Fingerprint)
        {
            log.LogInformation("Rebuilding the search index: {Reason}", _mustRebuild ? "the last rebuild failed" : "the thesaurus or countries changed");
            await RebuildAsync(ct);
        }
        await _gate.WaitAsync(ct);
        try
        {
            var wm = _watermark ??= NewWatermark(index.CommittedOutbox < 0 ? 0 : index.CommittedOutbox);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var from = wm.MaxApplied;
            var rows = await db.Outbox.AsNoTracking().Where(o => o.Id > from).OrderBy(o => o.Id).Take(options.Value.BatchSize)
                .Select(o => new { o.Id, o.PracticeId }).ToListAsync(ct);
            if (wm.Gaps.Count > 0)
            {
                var gaps = wm.Gaps.Take(1000).ToList();
                rows.AddRange(await db.Outbox.AsNoTracking().Where(o => gaps.Contains(o.Id)).Select(o => new { o.Id, o.PracticeId }).ToListAsync(ct));
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var before = wm.Value;
            if (rows.Count == 0)
            {
                wm.Advance(now);
                if (wm.Value != before) index.Commit(CommitData(wm.Value, v));
                return 0;
            }
            var ids = rows.Select(r => r.PracticeId).Distinct().ToList();
            var practices = (await PracticeDocument.LoadAsync(db, ids, ct)).ToDictionary(p => p.Id);
            foreach (var id in ids)
            {
                if (practices.TryGetValue(id, out var p)) index.Put(id, PracticeDocument.Build(p, v));
                else index.Remove(id); // unpublished, withdrawn or deleted: not findable
            }
            wm.Applied(rows.Select(r => r.Id), now);
            index.Commit(CommitData(wm.Value, v));
            index.Reached(wm.MaxApplied);
            return rows.Count;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Applies every pending outbox row (commands use it; the server's indexer tails continuously).</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        while (await ApplyOutboxAsync(ct) >= options.Value.BatchSize) { }
    }

    private static Dictionary<string, string> CommitData(long outbox, Vocabulary v) => new()
    {
        [SearchIndex.OutboxKey] = outbox.ToString(CultureInfo.InvariantCulture),
        [SearchIndex.SchemaKey] = SearchFields.SchemaVersion,
        [SearchIndex.VocabularyKey] = v.Fingerprint,
    };
}

/// <summary>The hosted indexer: gets the index ready at start-up, then tails the outbox, so a published practice is
/// searchable well within a second. It never stops the site: a failure (database down) is logged and retried.</summary>
public sealed class OutboxTailer(SearchIndexer indexer, SearchIndex index, IOptions<SearchOptions> options, ILogger<OutboxTailer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.Value.IndexerEnabled) return;
        var poll = TimeSpan.FromMilliseconds(Math.Max(options.Value.PollMilliseconds, 10));
        var ready = false;
        var failures = 0;
        var nextPrune = DateTime.MinValue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!ready) { await indexer.EnsureReadyAsync(ct); ready = true; }
                var n = await indexer.ApplyOutboxAsync(ct);
                failures = 0;
                if (DateTime.UtcNow >= nextPrune)
                {
                    nextPrune = DateTime.UtcNow.AddMinutes(options.Value.PruneEveryMinutes);
                    if (await indexer.PruneOutboxAsync(ct) is > 0 and var pruned) log.LogInformation("Pruned {Rows} outbox rows", pruned);
                }
                if (n >= options.Value.BatchSize) continue; // more waiting: no pause
                await index.SleepAsync(poll, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                failures++;
                log.LogError(e, "Search indexer failed (attempt {Attempt}); retrying", failures);
                await index.SleepAsync(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), ct);
            }
        }
    }
}
