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

    public SearchIndex(IOptions<SearchOptions> options, IConfiguration config, SearchAnalyzers analyzers, ILogger<SearchIndex> log)
    {
        Analyzers = analyzers;
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
    /// <summary>Starts adding documents in bulk (a rebuild): see <see cref="BulkAdd"/>.</summary>
    public BulkAdd StartBulkAdd(int threads) => new(this, threads);

    /// <summary>Adds documents in pages: each page is built and analysed on <c>threads</c> workers (analysis is nearly
    /// all of indexing) while one more thread hands the analysed documents to the writer in the page's order, each as
    /// soon as it is ready. The documents therefore enter the index in the order given, as they did from a single
    /// thread: the same segments, the same document numbers, the same order between equally scored hits, rebuild
    /// after rebuild. Workers take documents in order too, so few wait for the writer: an analysed document that
    /// waited long would outlive the young generation of the garbage collector, which costs.</summary>
    public sealed class BulkAdd(SearchIndex index, int threads)
    {
        private Task _adding = Task.CompletedTask;
        private readonly AnalysedTokens.Replay _replay = new(); // the writer thread replays one document at a time

        public async Task AddPageAsync<T>(IReadOnlyList<T> page, Func<T, Document> build, CancellationToken ct)
        {
            await _adding;
            var docs = new Document?[page.Count];
            var gate = new object();
            var next = -1;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo? failed = null;
            void Analyse()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < docs.Length)
                {
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        var doc = _replay.Analyse(build(page[i]), index.Analyzers.Indexing);
                        lock (gate) { docs[i] = doc; Monitor.PulseAll(gate); }
                    }
                    catch (Exception e)
                    {
                        lock (gate) { failed ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); Monitor.PulseAll(gate); }
                        return;
                    }
                }
            }
            var workers = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => Task.Run(Analyse, CancellationToken.None)).ToArray();
            _adding = Task.Run(() =>
            {
                for (var i = 0; i < docs.Length; i++)
                {
                    Document? doc;
                    lock (gate)
                    {
                        while ((doc = docs[i]) is null)
                        {
                            if (failed is not null) return; // reported by AddPageAsync
                            Monitor.Wait(gate);
                        }
                        docs[i] = null;
                    }
                    index._writer.AddDocument(doc);
                }
            }, CancellationToken.None);
            await Task.WhenAll(workers);
            failed?.Throw();
        }

        /// <summary>Waits for the last page to be in the writer (not committed: the caller commits).</summary>
        public Task CompleteAsync() => _adding;
    }

    internal void Remove(int id) => _writer.DeleteDocuments(PracticeDocument.KeyTerm(id));
    internal void DeleteAll() { _writer.DeleteAll(); _rebuilding = true; }

    /// <summary>Merges what the writer holds into at most <paramref name="maxSegments"/> segments (visible at the next
    /// commit). A query pays per segment for every term it looks up — a dictionary seek, a cloned input, a scorer — so a
    /// bulk rebuild ends with one segment: at 100,000 practices that took 9 s and cut CPU per query from 9.2 to 6.6 ms
    /// (bench/README.md). Later updates add small segments, which the merge policy folds in as usual.</summary>
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
