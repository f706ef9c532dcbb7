using System.Globalization;
using DecentWork.Data;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;

namespace DecentWork.Search;

/// <summary>The Lucene index of public practices under the data folder: one writer for the process, and a searcher
/// manager refreshed after each commit. The index is a cache of the database — <see cref="SearchIndexer"/> fills it —
/// and each commit records the outbox position it reflects, so after a crash the indexer resumes from there.</summary>
public sealed class SearchIndex : IDisposable
{
    public const string OutboxKey = "outbox";
    public const string SchemaKey = "schema";
    public const string VocabularyKey = "vocabulary";

    private readonly FileStream _processLock;
    private readonly FSDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly System.Threading.Lock _waitersLock = new();
    private readonly List<(long Id, TaskCompletionSource Done)> _waiters = [];
    private long _maxApplied;
    private readonly double _ramBufferMb;

    public SearchIndex(IOptions<SearchOptions> options, IConfiguration config, SearchAnalyzers analyzers, ILogger<SearchIndex> log)
    {
        Analyzers = analyzers;
        _ramBufferMb = options.Value.RamBufferMb;
        // One budget for the process (the decoded postings are kept per segment, whoever reads them).
        TermAtATimeQuery.DecodedPostings.BudgetBytes = (long)(options.Value.DecodedPostingsMb * 1024 * 1024);
        Path = options.Value.IndexPath is { Length: > 0 } p ? System.IO.Path.GetFullPath(p) : System.IO.Path.Combine(DataSetup.DataFolder(config), "index");
        System.IO.Directory.CreateDirectory(Path);
        // Memory-mapped: Lucene 4's doc values, postings and term dictionaries are read in place on every access, and
        // through NIOFSDirectory each of those reads was a locked, buffered file read (profiled at 20,000 practices:
        // three quarters of a query's CPU time). STACK-NOTES saw mapped reads scale worse across threads when large
        // stored fields were loaded; hits here load only a title and a short excerpt.
        // Lucene.Net's native lock takes only a shared flock on Linux, so a second process (`dwx reindex` beside a
        // running server) would open a second writer and corrupt the index. An exclusive lock of our own prevents it.
        try
        {
            _processLock = new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new IndexLockedException(Path);
        }
        _directory = new MMapDirectory(new DirectoryInfo(Path));
        var config2 = new IndexWriterConfig(SearchAnalyzers.Version, analyzers.Indexing)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = options.Value.RamBufferMb,
        };
        try
        {
            _writer = new IndexWriter(_directory, config2);
        }
        catch (LockObtainFailedException)
        {
            _directory.Dispose();
            _processLock.Dispose();
            throw new IndexLockedException(Path);
        }
        if (!DirectoryReader.IndexExists(_directory)) _writer.Commit(); // so a reader can open an empty index
        CommittedData = ReadCommitData();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new FacetWarmingSearcherFactory());
        log.LogInformation("Search index at {Path}: {Docs} documents, outbox position {Outbox}", Path, _writer.NumDocs, CommittedData.GetValueOrDefault(OutboxKey) ?? "none");
    }

    public string Path { get; }
    public SearchAnalyzers Analyzers { get; }

    /// <summary>The user data of the last commit: outbox position, schema version, vocabulary fingerprint.</summary>
    public IReadOnlyDictionary<string, string> CommittedData { get; private set; }

    public long CommittedOutbox => long.TryParse(CommittedData.GetValueOrDefault(OutboxKey), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

    public int DocumentCount => _writer.NumDocs;

    private Dictionary<string, string> ReadCommitData()
    {
        var infos = new SegmentInfos();
        infos.Read(_directory);
        return new Dictionary<string, string>(infos.UserData);
    }

    // Writes: only SearchIndexer calls these, one at a time under its gate.

    internal void Put(int id, Document doc) => _writer.UpdateDocument(PracticeDocument.KeyTerm(id), doc);
    internal void Add(Document doc) => _writer.AddDocument(doc);
    /// <summary>Starts a rebuild's bulk add (after <see cref="DeleteAll"/>): see <see cref="Search.BulkAdd"/>.</summary>
    public BulkAdd StartBulkAdd(int threads, int chunkSize = DefaultChunkSize, int segments = 1) => new(this, threads, chunkSize, _ramBufferMb, segments);

    /// <summary>Practices per chunk of a rebuild: enough that a million practices make a couple of hundred segments
    /// for the final merge, few enough that the workers finish together (the last chunk is the only one that runs
    /// alone).</summary>
    public const int DefaultChunkSize = 5_000;

    /// <summary>Merges the readers' documents into the index as one new segment, in the order given.</summary>
    internal void AddSegments(IndexReader[] readers) => _writer.AddIndexes(readers);

    /// <summary>Takes over the segments of the given indexes (their files copied), in the order given.</summary>
    internal void AddDirectories(Lucene.Net.Store.Directory[] dirs) => _writer.AddIndexes(dirs);

    internal void Remove(int id) => _writer.DeleteDocuments(PracticeDocument.KeyTerm(id));
    internal void DeleteAll() { _writer.DeleteAll(); _rebuilding = true; }

    /// <summary>Merges what the writer holds into at most <paramref name="maxSegments"/> segments (visible at the next
    /// commit). A query pays per segment for every term it looks up — a dictionary seek, a cloned input, a scorer — which
    /// is why a rebuild ends with one segment (BulkAdd merges its chunks straight into one; CPU per query 9.2 → 6.6 ms
    /// at 100,000 practices, bench/README.md). Later updates add small segments, which the merge policy folds in as
    /// usual. The default policy orders a forced merge by segment size, so this keeps no document order: the
    /// benchmark's --merge uses it on an index it reuses.</summary>
    internal void Merge(int maxSegments) => _writer.ForceMerge(maxSegments);

    /// <summary>Set between the start of a rebuild and its commit: a half-built index must never be committed.</summary>
    private volatile bool _rebuilding;

    /// <summary>Commits the changes together with the outbox position they bring the index to, then makes them visible.</summary>
    internal void Commit(IDictionary<string, string> data)
    {
        _writer.SetCommitData(data);
        _writer.Commit();
        _rebuilding = false;
        CommittedData = new Dictionary<string, string>(data);
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Runs a search on the current point-in-time view; the view stays valid while it runs.</summary>
    public T Search<T>(Func<IndexSearcher, T> search)
    {
        var searcher = _searchers.Acquire();
        try { return search(searcher); }
        finally { _searchers.Release(searcher); }
    }

    /// <summary>The highest outbox id whose change is searchable.</summary>
    public long MaxApplied => Interlocked.Read(ref _maxApplied);

    internal void Reached(long outboxId)
    {
        Interlocked.Exchange(ref _maxApplied, outboxId);
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Id > outboxId) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>Completes when the change recorded by this outbox row (and every earlier one) is searchable. Tests and
    /// commands use it to read their own writes; it also wakes the indexer rather than waiting for its next poll.</summary>
    public async Task WaitForAsync(long outboxId, CancellationToken ct = default)
    {
        TaskCompletionSource done;
        lock (_waitersLock)
        {
            if (MaxApplied >= outboxId) return;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((outboxId, done));
        }
        Nudge();
        await done.Task.WaitAsync(ct);
    }

    /// <summary>Asks the indexer to look at the outbox now.</summary>
    public void Nudge()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { } // already nudged
    }

    internal async Task SleepAsync(TimeSpan poll, CancellationToken ct)
    {
        try { await _wake.WaitAsync(poll, ct); }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        // Disposing commits what is pending, with the commit data last set, so it never claims an outbox position
        // whose changes it lacks; a rebuild cut short is rolled back instead, keeping the previous index whole.
        if (_rebuilding) _writer.Rollback();
        else _writer.Dispose();
        _directory.Dispose();
        _processLock.Dispose();
        _wake.Dispose();
    }
}

/// <summary>Another process (usually the running server) holds the index's write lock.</summary>
public sealed class IndexLockedException(string path)
    : InvalidOperationException($"The search index at {path} is in use by another process (is the server running?).");
