using System.Runtime.ExceptionServices;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DecentWork.Search;

/// <summary>What a rebuild worker reads its documents' sources with: a page of keys in, their items out (a key with
/// no item is skipped). Each worker opens its own, so a database context is never shared between threads.</summary>
public sealed class PageLoader<T>(Func<IReadOnlyList<int>, CancellationToken, Task<IReadOnlyList<T>>> load, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public Task<IReadOnlyList<T>> LoadAsync(IReadOnlyList<int> keys, CancellationToken ct) => load(keys, ct);
    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Builds the whole index on every core with the documents in the order of their keys, rebuild after
/// rebuild. The keys are cut into chunks of consecutive keys; each worker takes the next chunk, reads, builds,
/// analyses and inverts it on its own thread into a segment of its own (a private IndexWriter over a scratch folder
/// beside the index), and the chunks' segments are then merged, in chunk order, into the index's one segment (or the
/// few of <see cref="SearchOptions.RebuildSegments"/>).</summary>
/// <remarks>Why not several threads on the one writer: Lucene gives each thread its own in-memory segment and flushes
/// them in whatever order they fill, and its default merge policy merges segments ordered by size, not position
/// (a 100,000-practice index built through one writer thread came out in four runs, 65,537–98,304 first), so the
/// order of equally scored hits changed with the machine's timing. Here a chunk's segment holds its keys in order,
/// and IndexWriter.AddIndexes(readers) merges the readers in the order given: document n is key n. The final merge is
/// the ForceMerge(1) a rebuild always ended with (a query pays per segment), done once, straight from the chunks'
/// segments. Nothing reaches the index's own directory before the caller commits, so a rebuild cut short still rolls
/// back to the previous index.</remarks>
public sealed class BulkAdd(SearchIndex index, int threads, int chunkSize, double ramBufferMb, int segments = 1)
{
    public const int PageSize = 250;

    /// <summary>How long the final merge of the chunks took (on one thread: the workers are done by then).</summary>
    public TimeSpan MergeTime { get; private set; }

    /// <summary>How many segments the chunks came to (what the final merge read).</summary>
    public int ChunkSegments { get; private set; }

    /// <summary>Adds the items of <paramref name="keys"/> (in this order) and merges them into the index (not
    /// committed: the caller commits). Returns the documents added.</summary>
    public async Task<int> AddAsync<T>(int[] keys, Func<PageLoader<T>> openLoader, Func<T, Document> build, CancellationToken ct)
    {
        var scratch = index.Path + ".rebuild";
        DeleteScratch(scratch); // a rebuild killed half way leaves its chunks behind
        System.IO.Directory.CreateDirectory(scratch);
        var chunks = (keys.Length + chunkSize - 1) / chunkSize;
        var added = new int[chunks];
        var next = -1;
        ExceptionDispatchInfo? failed = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workerCount = Math.Clamp(threads, 1, Math.Max(1, chunks));
        // Half the buffer each would hold a chunk (a few MB per thousand practices) without flushing it early; one that
        // does flush early gives its chunk two segments, still in order.
        var bufferMb = Math.Max(16, ramBufferMb / workerCount);
        async Task Work()
        {
            try
            {
                await using var loader = openLoader();
                int c;
                while (!stop.IsCancellationRequested && (c = Interlocked.Increment(ref next)) < chunks)
                {
                    var from = c * chunkSize;
                    var to = Math.Min(keys.Length, from + chunkSize);
                    added[c] = await AddChunkAsync(ChunkPath(scratch, c), keys, from, to, loader, build, bufferMb, stop.Token);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failed, ExceptionDispatchInfo.Capture(e), null);
                stop.Cancel();
            }
        }
        try
        {
            await Task.WhenAll(Enumerable.Range(0, workerCount).Select(_ => Task.Run(Work, CancellationToken.None)));
            failed?.Throw();
            ct.ThrowIfCancellationRequested();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Task.Run(() => Join(scratch, chunks), CancellationToken.None);
            MergeTime = watch.Elapsed;
            return added.Sum();
        }
        finally { DeleteScratch(scratch); }
    }

    private static string ChunkPath(string scratch, int chunk) => System.IO.Path.Combine(scratch, chunk.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    private async Task<int> AddChunkAsync<T>(string path, int[] keys, int from, int to, PageLoader<T> loader,
        Func<T, Document> build, double bufferMb, CancellationToken ct)
    {
        using var dir = new MMapDirectory(new DirectoryInfo(path), NoLockFactory.GetNoLockFactory());
        var config = new IndexWriterConfig(SearchAnalyzers.Version, index.Analyzers.Indexing)
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = bufferMb,
            // The chunk is read once, by the final merge: merging or packing it into a compound file first is wasted work.
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
            UseCompoundFile = false,
        };
        var writer = new IndexWriter(dir, config);
        try
        {
            var count = 0;
            IReadOnlyList<int> Page(int start) => new ArraySegment<int>(keys, start, Math.Min(PageSize, to - start));
            // The next page is read while this one is indexed.
            var pending = loader.LoadAsync(Page(from), ct);
            for (var start = from; start < to; start += PageSize)
            {
                var items = await pending;
                if (start + PageSize < to) pending = loader.LoadAsync(Page(start + PageSize), ct);
                foreach (var item in items)
                {
                    ct.ThrowIfCancellationRequested();
                    writer.AddDocument(build(item));
                    count++;
                }
            }
            writer.Commit();
            writer.Dispose();
            return count;
        }
        catch
        {
            writer.Rollback();
            throw;
        }
    }

    /// <summary>Merges the chunks' segments into the index, in chunk order, as <c>segments</c> segments of about equal
    /// size (one by default).</summary>
    /// <remarks>A merge runs on one thread. With two or more segments each group of consecutive chunks is merged on a
    /// thread of its own: the first straight into the index, the others into scratch folders whose segments the index
    /// then takes over (file copies) in group order, so document n is still key n.</remarks>
    private void Join(string scratch, int chunks)
    {
        var dirs = new List<Lucene.Net.Store.Directory>();
        var readers = new List<DirectoryReader>();
        try
        {
            for (var c = 0; c < chunks; c++)
            {
                var dir = new MMapDirectory(new DirectoryInfo(ChunkPath(scratch, c)), NoLockFactory.GetNoLockFactory());
                dirs.Add(dir);
                readers.Add(DirectoryReader.Open(dir));
            }
            ChunkSegments = readers.Sum(r => r.Leaves.Count);
            var nonEmpty = readers.Where(r => r.MaxDoc > 0).ToArray();
            var groups = Cut(nonEmpty.Select(r => r.MaxDoc).ToList(), segments)
                .Select(run => nonEmpty.Skip(run.Start).Take(run.Length).Cast<IndexReader>().ToArray()).ToList();
            if (groups.Count <= 1)
            {
                index.AddSegments(groups.SelectMany(g => g).ToArray());
                return;
            }
            var merged = groups.Skip(1).Select((_, i) => new MMapDirectory(new DirectoryInfo(System.IO.Path.Combine(scratch, "merged-" + (i + 1))), NoLockFactory.GetNoLockFactory())).ToArray();
            dirs.AddRange(merged);
            Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = groups.Count }, g =>
            {
                if (g == 0) { index.AddSegments(groups[0]); return; }
                var config = new IndexWriterConfig(SearchAnalyzers.Version, index.Analyzers.Indexing)
                {
                    OpenMode = OpenMode.CREATE,
                    MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
                    UseCompoundFile = false,
                };
                using var writer = new IndexWriter(merged[g - 1], config);
                writer.AddIndexes(groups[g]);
                writer.Commit();
            });
            index.AddDirectories(merged);
        }
        finally
        {
            foreach (var r in readers) r.Dispose();
            foreach (var d in dirs) d.Dispose();
        }
    }

    /// <summary>Cuts runs of items of the given sizes, in order, into at most <paramref name="count"/> runs of about
    /// equal total size: the (start, length) of each run.</summary>
    internal static List<(int Start, int Length)> Cut(IReadOnlyList<int> sizes, int count)
    {
        var total = sizes.Sum(x => (long)x);
        count = Math.Clamp(count, 1, Math.Max(1, sizes.Count));
        var runs = new List<(int, int)>();
        var start = 0;
        long done = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            done += sizes[i];
            // A run closes once it reaches its share of the total; the last run takes whatever is left.
            if (runs.Count < count - 1 && done * count >= total * (runs.Count + 1))
            {
                runs.Add((start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < sizes.Count) runs.Add((start, sizes.Count - start));
        return runs;
    }

    private static void DeleteScratch(string scratch)
    {
        if (System.IO.Directory.Exists(scratch)) System.IO.Directory.Delete(scratch, recursive: true);
    }
}
