using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>The Lucene part of the search benchmark, through the production code: PracticeDocument.Build and
/// SearchIndex to index, PracticeSearch to query (query + top 10 + the eight facets + snippets), the real app over HTTP.</summary>
public sealed class SearchBench(BenchOptions o)
{
    public Corpus? Corpus { get; private set; }
    public List<(string Q, string Lang)> Queries { get; private set; } = [];
    public Latency? OursSingle { get; private set; }

    public static IHost BuildHost(string dataDir, int ramBufferMb = 0)
    {
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        b.Configuration["DWX_DATA"] = dataDir;
        b.Configuration["Database:NoSample"] = "true";
        b.Configuration["Database:Provider"] = "sqlite";
        b.Configuration["ConnectionStrings:Default"] = "";
        if (ramBufferMb > 0) b.Configuration["Search:RamBufferMb"] = ramBufferMb.ToString(CultureInfo.InvariantCulture);
        b.Logging.SetMinimumLevel(LogLevel.Warning);
        b.Services.AddData(b.Configuration);
        b.Services.AddSearch(b.Configuration);
        return b.Build();
    }

    public async Task RunAsync()
    {
        var dir = Path.Combine(o.DataRoot, o.SearchFolder);
        // --reuse keeps an index a previous run of the same size and seed built, to measure queries again quickly.
        var reuse = o.Reuse && Directory.Exists(Path.Combine(dir, "index"));
        if (!reuse && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Line($"data folder: {dir}{(reuse ? " (reused: no index build in this run)" : "")}");

        using (var host = BuildHost(dir, o.RamBufferMb))
        {
            await DataSetup.InitializeAsync(host.Services, loadSample: false);
            Vocabulary v;
            long mark;
            List<(string, string)> labels;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                v = await SearchVocabulary.LoadAsync(db, CancellationToken.None);
                mark = await db.Outbox.MaxAsync(x => (long?)x.Id) ?? 0;
                labels = (await db.ConceptLabels.AsNoTracking().Select(l => new { l.Language, l.Text }).ToListAsync())
                    .Select(l => (l.Language, l.Text)).ToList();
            }
            Corpus = new Corpus(o.Seed, v, labels, o.Topical);
            Queries = Corpus.Queries(o.QueryCount, o.Seed + 1);
            Line($"vocabulary: {v.Ancestors.Count} concepts, {Corpus.LabelCount} labels in en/fr/es/zh, {v.CountryRegion.Count} countries");

            // --- bulk index ---
            var index = host.Services.GetRequiredService<SearchIndex>();
            if (!reuse) {
            var vocabulary = host.Services.GetRequiredService<SearchVocabulary>();
            _ = await vocabulary.GetAsync(); // the same Vocabulary (and fingerprint) the server will load
            // Where the time goes, on one thread: generating the practice, then PracticeDocument.Build (concept matching).
            var genWatch = Stopwatch.StartNew();
            var sample = Enumerable.Range(1, Math.Min(2000, o.Practices)).Select(Corpus.Practice).ToList();
            var genMs = genWatch.Elapsed.TotalMilliseconds / sample.Count;
            var buildWatch = Stopwatch.StartNew();
            foreach (var p in sample) PracticeDocument.Build(p.Indexed, v);
            var buildMs = buildWatch.Elapsed.TotalMilliseconds / sample.Count;
            Line($"one thread, first {sample.Count} practices: generation {F(genMs, "0.000")} ms/practice, PracticeDocument.Build {F(buildMs, "0.000")} ms/practice (the rest of indexing is Lucene's analysis and writing)");
            var avgBytes = sample.Average(p => p.Indexed.Content.Texts.Values.Sum(t => Encoding.UTF8.GetByteCount(t.Title + t.Summary + PracticeDocument.Body(t))));
            Line($"generated text: {F(avgBytes, "0")} bytes UTF-8 per practice on average (first {sample.Count}); " +
                 $"languages {string.Join(", ", sample.GroupBy(p => p.Language).OrderBy(g => g.Key).Select(g => $"{g.Key} {100 * g.Count() / sample.Count} %"))}");
            ChineseBench.AnalysisFigures(sample);
            PipelineBench.Figures(sample, index.Analyzers, v, Corpus);

            index.DeleteAll();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long genTicks = 0;
            // As `dwx reindex` does (BulkAdd): chunks of consecutive practices indexed on --index-threads workers, each
            // into its own segment, merged in practice order into one segment. The practice is generated where the
            // database would be read: on the worker, timed apart.
            var ids = Enumerable.Range(1, o.Practices).ToArray();
            var bulk = index.StartBulkAdd(o.IndexThreads, o.ChunkSize > 0 ? o.ChunkSize : SearchIndex.DefaultChunkSize, o.Segments);
            await bulk.AddAsync(ids, () => new PageLoader<int>((page, _) => Task.FromResult(page)), id =>
            {
                var g0 = Stopwatch.GetTimestamp();
                var practice = Corpus.Practice(id).Indexed;
                Interlocked.Add(ref genTicks, Stopwatch.GetTimestamp() - g0);
                return PracticeDocument.Build(practice, v);
            }, CancellationToken.None);
            index.Commit(new Dictionary<string, string>
            {
                [SearchIndex.OutboxKey] = mark.ToString(CultureInfo.InvariantCulture),
                [SearchIndex.SchemaKey] = SearchFields.SchemaVersion,
                [SearchIndex.VocabularyKey] = v.Fingerprint,
            });
            var took = watch.Elapsed.TotalSeconds;
            var cpuIndex = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            var size = DirectorySize(index.Path);
            var docsPerSec = o.Practices / took;
            Line("");
            Line($"[search] Lucene bulk index ({o.IndexThreads} indexing threads, generation included, one commit)");
            Add("search", $"index build, {o.Practices:N0} practices", $"{F(docsPerSec, "N0")} docs/s ({F(took)} s)", "≥ 3,000 docs/s", docsPerSec >= 3000);
            // The generator's share, spread over the indexing threads, taken out: what indexing alone would sustain.
            var genSeconds = (double)genTicks / Stopwatch.Frequency / o.IndexThreads;
            Add("search", "index build, generation time taken out", $"{F(o.Practices / (took - genSeconds), "N0")} docs/s", "≥ 3,000 docs/s", o.Practices / (took - genSeconds) >= 3000);
            // On a shared machine wall time says more about the neighbours than about us: CPU time per practice does not.
            Add("search", "index build, CPU time per practice", $"{F(1000 * cpuIndex / o.Practices, "0.00")} ms ({F(cpuIndex / took, "0.00")} of {Environment.ProcessorCount} cores obtained)");
            Add("search", "index build, final merge (inside the build)", $"{F(bulk.MergeTime.TotalSeconds)} s ({bulk.ChunkSegments} chunk segments into {(o.Segments == 1 ? "one" : o.Segments.ToString(CultureInfo.InvariantCulture))})");
            Add("search", "index size on disk", Mb(size));
            if (o.ZhCheck) index.Search(s => { ChineseBench.CompareIndex(s.IndexReader, Corpus, v, o.Practices, Path.Combine(dir, "zh-reference")); return 0; });
            }

            if (o.MergeTo > 0)
            {
                var segments = index.Search(s => s.IndexReader.Leaves.Count);
                var mw = Stopwatch.StartNew();
                index.Merge(o.MergeTo);
                index.Commit(index.CommittedData.ToDictionary());
                Add("search", $"force-merge {segments} → {index.Search(s => s.IndexReader.Leaves.Count)} segments", $"{F(mw.Elapsed.TotalSeconds)} s");
            }
            Line($"index segments: {index.Search(s => s.IndexReader.Leaves.Count)}");

            // --- query latency ---
            var search = host.Services.GetRequiredService<PracticeSearch>();
            var empty = new Dictionary<string, IReadOnlyList<string>>();
            SearchRequest Req((string Q, string Lang) q) => new(q.Q, q.Lang, empty, Size: 10);
            var warm = Corpus.Queries(o.WarmupQueries, o.Seed + 2);
            foreach (var q in warm) await search.SearchAsync(Req(q));

            var decoded0 = TermAtATimeQuery.DecodedPostings.Decoded;
            var single = new double[Queries.Count];
            var qcpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var qwatch = Stopwatch.StartNew();
            long totalHits = 0, zero = 0;
            for (var i = 0; i < Queries.Count; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var r = await search.SearchAsync(Req(Queries[i]));
                single[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                totalHits += r.Total;
                if (r.Total == 0) zero++;
            }
            var qcpu = (Process.GetCurrentProcess().TotalProcessorTime - qcpu0).TotalMilliseconds;
            var qwall = qwatch.Elapsed.TotalMilliseconds;
            OursSingle = Latency.Of(single);
            var (keptTerms, keptBytes) = TermAtATimeQuery.DecodedPostings.Kept();
            Line($"  decoded postings kept: {keptTerms:N0} term lists, {keptBytes / 1048576.0:N0} MB; {TermAtATimeQuery.DecodedPostings.Decoded - decoded0:N0} decoded during the {Queries.Count:N0} measured queries");
            var me = Environment.ProcessId;
            var jit2 = ThreadTicks(me, TieringThread);
            // The engine's own throughput at the API's top 10 and the page's 20 hits, the median of three passes each,
            // the two sizes taking turns (a single pass moved by a quarter between runs). The HTTP ratios below divide
            // by passes of their own, taken between the loads' windows.
            const int Rounds = 3;
            var pageSize = DecentWork.Pages.Search.IndexModel.PageSize;
            var tens = new List<double>();
            var pages = new List<double>();
            var lat2 = Latency.Of([]);
            for (var round = 0; round < Rounds; round++)
            {
                var (l, ops) = TwoThreads(Queries, q => search.SearchAsync(Req(q)).GetAwaiter().GetResult());
                if (round == 0) lat2 = l; // the latencies of the first pass, as before there were three
                tens.Add(ops);
                pages.Add(TwoThreads(Queries, q => search.SearchAsync(Req(q) with { Size = pageSize }).GetAwaiter().GetResult()).Item2);
            }
            Line($"  2 threads: this process's tiering JIT took {F(ThreadSecondsSince(me, TieringThread, jit2) * 1000 / (2.0 * 2 * Rounds * Queries.Count), "0.00")} ms of CPU per query");
            Line($"  2 threads, {Rounds} passes each: top 10 {string.Join(", ", tens.Select(x => F(x, "N0")))} ops/s; top {pageSize} {string.Join(", ", pages.Select(x => F(x, "N0")))} ops/s");
            var ops2 = tens.Order().ElementAt(Rounds / 2);
            var opsPage = pages.Order().ElementAt(Rounds / 2);
            var (p50, p99) = o.Practices >= 1_000_000 ? ("≤ 10 ms", "≤ 50 ms") : ("≤ 2 ms", "≤ 10 ms");
            var p50Limit = o.Practices >= 1_000_000 ? 10 : 2;
            var p99Limit = o.Practices >= 1_000_000 ? 50 : 10;
            Line("");
            Line($"[search] query + top 10 + 8 facets + snippets, {Queries.Count} mixed 1–3 word queries (en/fr/es/zh), PracticeSearch in-process, {warm.Count} warm-up queries first");
            Line($"  average total hits {F((double)totalHits / Queries.Count, "N0")}, {zero} queries with no hit");
            foreach (var lang in Corpus.Languages)
            {
                var l = Latency.Of(Queries.Select((q, i) => (q, i)).Where(x => x.q.Lang == lang).Select(x => single[x.i]));
                Line($"    {lang}: {l}");
            }
            Add("search", "1 thread  p50", $"{F(OursSingle.P50, "0.00")} ms", p50, OursSingle.P50 <= p50Limit);
            Add("search", "1 thread  p99", $"{F(OursSingle.P99, "0.00")} ms", p99, OursSingle.P99 <= p99Limit);
            Add("search", "1 thread  CPU time per query (mean, process-wide)", $"{F(qcpu / Queries.Count, "0.00")} ms ({F(qcpu / qwall, "0.00")} cores obtained)");
            Add("search", "2 threads p50", $"{F(lat2.P50, "0.00")} ms");
            Add("search", "2 threads p99", $"{F(lat2.P99, "0.00")} ms");
            Add("search", $"raw engine throughput, 2 threads (median of {Rounds} passes)", $"{F(ops2, "N0")} ops/s");
            Add("search", $"raw engine throughput, 2 threads, top {pageSize} (the search page's)", $"{F(opsPage, "N0")} ops/s");
            Add("search", "bench process peak working set so far", Mb(Process.GetCurrentProcess().PeakWorkingSet64));
            ChineseRecall(index, v);

            // The HTTP loads take turns with passes of this engine, so that each ratio divides figures measured a few
            // seconds apart: measured a minute apart, the two moved by a quarter between runs of the same code.
            double Raw(int size) => TwoThreads(Queries, q => search.SearchAsync(Req(q) with { Size = size }).GetAwaiter().GetResult()).Item2;
            await HttpAsync(dir, index, Raw);
        }
    }

    /// <summary>Issue #3's Chinese check: every practice whose text contains 社会保障体系 is found by 社会保障 (SmartCn
    /// segments the longer word as 社会 | 保障 | 体系, and the query is a phrase over the same segments). The expected
    /// set comes from the generator itself, over the first 20,000 practices; the found set from the production query
    /// with every matching document collected, not only a top 10.</summary>
    private void ChineseRecall(SearchIndex index, Vocabulary v)
    {
        var sample = Math.Min(o.Practices, 20_000);
        var expected = Enumerable.Range(1, sample)
            .Where(id => Corpus!.Practice(id).Indexed.Content.Texts.Values.Any(t => (t.Title + t.Summary + PracticeDocument.Body(t)).Contains("社会保障体系", StringComparison.Ordinal)))
            .ToList();
        var found = index.Search(searcher =>
        {
            var query = new QueryBuilder(index.Analyzers, v).Build(SearchQueryParser.Parse("社会保障"));
            var all = new AllDocs();
            searcher.Search(query, all);
            var cards = new HitCards.Reader(searcher);
            return all.Docs.Select(d => cards.Read(d, "zh").Id).ToHashSet();
        });
        var missing = expected.Count(id => !found.Contains(id));
        Line("");
        Line($"[search] Chinese segmentation: practices 1–{sample:N0} whose text contains 社会保障体系, searched with 社会保障");
        Add("search", "社会保障体系 practices found by 社会保障", $"{expected.Count - missing:N0} of {expected.Count:N0}", "all", missing == 0 && expected.Count > 0);
    }

    private sealed class AllDocs : Lucene.Net.Search.ICollector
    {
        private int _base;
        public List<int> Docs { get; } = [];
        public void SetScorer(Lucene.Net.Search.Scorer scorer) { }
        public void Collect(int doc) => Docs.Add(_base + doc);
        public void SetNextReader(Lucene.Net.Index.AtomicReaderContext context) => _base = context.DocBase;
        public bool AcceptsDocsOutOfOrder => true;
    }

    /// <summary>Every query on each of two threads (started at different offsets); per-query latencies and total ops/s.</summary>
    public static (Latency, double) TwoThreads(List<(string Q, string Lang)> queries, Action<(string Q, string Lang)> run)
    {
        var lat = new double[2][];
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var mine = new double[queries.Count];
            for (var i = 0; i < queries.Count; i++)
            {
                var q = queries[(i + t * queries.Count / 2) % queries.Count];
                var t0 = Stopwatch.GetTimestamp();
                run(q);
                mine[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            lat[t] = mine;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return (Latency.Of(lat[0].Concat(lat[1])), 2.0 * queries.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>The two HTTP loads (API, then page), each taking turns with passes of this process's engine
    /// (<paramref name="raw"/>: ops/s over the queries for a given number of hits).</summary>
    private async Task HttpAsync(string dir, SearchIndex index, Func<int, double> raw)
    {
        Line("");
        Line($"[search] HTTP: the real app (dwx serve, Kestrel) on 127.0.0.1 over the generated index, 2 concurrent client workers for {o.HttpSeconds} s in {HttpRounds} windows, each after a pass of the in-process engine (client and server share the 2 cores)");
        var dll = FindAppDll();
        if (dll is null) { Add("search", "HTTP throughput", "skipped: dwx.dll not found (build src/DecentWork first)"); return; }
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        // This process keeps its writer, and with it the index's exclusive lock, to measure its own engine between the
        // loads: the server reads a copy, made of hard links to the same files (Lucene never rewrites a file it wrote).
        var serverIndex = LinkIndex(index.Path, Path.Combine(dir, "index-server"));
        // The indexer is on: the server must find this index current (same schema, thesaurus and outbox position).
        var env = new Dictionary<string, string>
        {
            ["Urls"] = url, ["Search__IndexerEnabled"] = "true", ["Logging__LogLevel__DecentWork.Search"] = "Information",
            ["Search__IndexPath"] = serverIndex,
        };
        foreach (var (k, v) in o.ServerEnv) { env[k] = v; Line($"  server environment: {k}={v}"); }
        await using var dwx = DwxProcess.Start(dll, dir, ["serve"], env);
        var server = dwx.Process;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30),
            };
            // Ready when the API answers with every generated practice (a rebuild would mean the index was not reused).
            var ready = Stopwatch.StartNew();
            var total = -1;
            while (ready.Elapsed < TimeSpan.FromSeconds(180) && !server.HasExited)
            {
                try
                {
                    using var res = await http.GetAsync("/api/v1/search?q=*&size=1");
                    if (res.IsSuccessStatusCode)
                    {
                        using var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                        total = json.RootElement.GetProperty("total").GetInt32();
                        if (total >= o.Practices) break;
                    }
                }
                catch (HttpRequestException) { }
                await Task.Delay(250);
            }
            Line($"  server pid {server.Id} ready in {F(ready.Elapsed.TotalSeconds)} s, index total {total:N0}");
            if (total < o.Practices)
            {
                Add("search", "HTTP throughput", $"skipped: server not ready ({total} docs)");
                Line(dwx.Log);
                return;
            }

            var api = await CompareAsync(http, server.Id, q => $"/api/v1/search?q={Uri.EscapeDataString(q.Q)}&lang={q.Lang}&size=10", () => raw(10));
            Add("search", "GET /api/v1/search, 2 workers", $"{F(api.Load.Rps, "N0")} req/s, {api.Load.Lat}".Split("  (")[0]);
            CpuLines("API", api.Load);
            Turns("API", api, 10);
            Add("search", "API req/s ÷ raw engine ops/s (2 threads, top 10)", $"{F(100 * api.Ratio, "0")} % (median of {HttpRounds} turns)", "≥ 60 %", api.Ratio >= 0.6);

            using (var probe = await http.GetAsync("/en/search?q=employment"))
            {
                if (probe.StatusCode == HttpStatusCode.OK)
                {
                    // The page shows more hits than the API's top 10 (a card and a highlighted snippet each): its ratio is
                    // taken against the engine answering the page's own request, so it measures what the page adds.
                    var pageSize = DecentWork.Pages.Search.IndexModel.PageSize;
                    var page = await CompareAsync(http, server.Id, q => $"/{q.Lang}/search?q={Uri.EscapeDataString(q.Q)}", () => raw(pageSize));
                    Add("search", "GET /{lang}/search (HTML page), 2 workers", $"{F(page.Load.Rps, "N0")} req/s, {page.Load.Lat}".Split("  (")[0]);
                    CpuLines("page", page.Load);
                    Turns("page", page, pageSize);
                    Add("search", $"page req/s ÷ raw engine ops/s (2 threads, same top {pageSize})", $"{F(100 * page.Ratio, "0")} % (median of {HttpRounds} turns)", "≥ 60 %", page.Ratio >= 0.6);
                }
                else Line($"  no HTML search page on this branch (/en/search answers {(int)probe.StatusCode}): the API is the search surface measured");
            }
            Add("search", "server peak resident memory (VmHWM)", Mb(PeakRss(server.Id)), o.Practices >= 1_000_000 ? "≤ 2 GB" : "", o.Practices >= 1_000_000 ? PeakRss(server.Id) <= 2L << 30 : null);
            server.Refresh();
            Add("search", "server resident memory after the load", Mb(server.WorkingSet64));
        }
        finally
        {
            if (dwx.Log.Contains("Rebuilding", StringComparison.Ordinal)) Line("  WARNING: the server rebuilt the index instead of reusing it:\n" + dwx.Log);
        }
    }

    /// <summary>A timed load: requests a second, latency, non-200 answers, and where the CPU went per request — the
    /// server's (user + system from /proc/PID/stat, 10 ms ticks, so only a load of thousands of requests resolves it)
    /// and this client's (the two share the cores, so every millisecond the client spends is one the server lacks).</summary>
    private sealed record Load(double Rps, Latency Lat, int Errors, int Requests, double ServerCpuMs, double ClientCpuMs, double Bytes, string LoadAvg, double JitCpuMs);

    /// <summary>The CPU lines of a load: what the server and the client spend per request, beside the engine's own
    /// figure ("1 thread CPU time per query" above), so the ratio can be explained rather than only measured.</summary>
    private static void CpuLines(string what, Load l)
    {
        if (l.Errors > 0) Line($"  {l.Errors} non-200 answers");
        Add("search", $"{what}: server CPU time per request", $"{F(l.ServerCpuMs, "0.00")} ms ({F(l.ServerCpuMs * l.Rps / 1000, "0.00")} cores)");
        Add("search", $"{what}: client CPU time per request", $"{F(l.ClientCpuMs, "0.00")} ms ({F(l.ClientCpuMs * l.Rps / 1000, "0.00")} cores)");
        Line($"  {what}: {l.Requests:N0} requests, {F(l.Bytes / 1024, "0.0")} KiB per response body, of the server's CPU {F(l.JitCpuMs, "0.00")} ms per request in its tiering JIT; {l.LoadAvg} after the load");
    }

    /// <summary>Timed windows of the HTTP load, each after a pass of the in-process engine.</summary>
    private const int HttpRounds = 5;

    /// <summary>A load measured in turns with the engine: the windows together, and each window's ratio to the pass
    /// before it (their median is the figure: a neighbour's burst spoils one turn, not the result).</summary>
    private sealed record Compared(Load Load, double Ratio, List<double> Ratios, List<double> RawOps);

    private static void Turns(string what, Compared c, int size) =>
        Line($"  {what}: turns of the in-process engine (top {size}) and the HTTP load: engine {string.Join(", ", c.RawOps.Select(x => F(x, "N0")))} ops/s; " +
             $"ratios {string.Join(", ", c.Ratios.Select(x => F(100 * x, "0") + " %"))}");

    private async Task<Compared> CompareAsync(HttpClient http, int serverPid, Func<(string Q, string Lang), string> path, Func<double> raw)
    {
        await WarmAsync(http, serverPid, path);
        var seconds = Math.Max(1.0, (double)o.HttpSeconds / HttpRounds);
        var windows = new List<Window>();
        var raws = new List<double>();
        for (var r = 0; r < HttpRounds; r++)
        {
            raws.Add(raw());
            windows.Add(await TimedAsync(http, serverPid, path, TimeSpan.FromSeconds(seconds)));
        }
        var ratios = windows.Select((w, i) => w.Latencies.Count / w.Seconds / raws[i]).ToList();
        var all = windows.SelectMany(w => w.Latencies).ToList();
        var n = Math.Max(1, all.Count);
        var load = new Load(all.Count / windows.Sum(w => w.Seconds), Latency.Of(all), windows.Sum(w => w.Errors), all.Count,
            1000 * windows.Sum(w => w.ServerCpu) / n, 1000 * windows.Sum(w => w.ClientCpu) / n, (double)windows.Sum(w => w.Bytes) / n,
            LoadAvg(), 1000 * windows.Sum(w => w.JitCpu) / n);
        return new Compared(load, ratios.Order().ElementAt(ratios.Count / 2), ratios, raws);
    }

    /// <summary>One timed window: the requests' latencies and the CPU the server, this client and the server's JIT spent.</summary>
    private sealed record Window(List<double> Latencies, int Errors, long Bytes, double Seconds, double ServerCpu, double ClientCpu, double JitCpu);

    /// <summary>Two workers, each a bounded loop: it stops at the deadline (or after a million requests).</summary>
    private async Task<(List<double>, int, long)> Worker(HttpClient http, Func<(string Q, string Lang), string> path, int w, TimeSpan duration, int max = 1_000_000)
    {
        var lat = new List<double>();
        var errors = 0;
        long bytes = 0;
        // Every byte of every body is read, into one buffer per worker: buffering each answer whole (as
        // ResponseContentRead does) put every 140 KB search page on this process's large object heap, and the
        // client shares the server's two cores.
        var sink = new byte[64 * 1024];
        var watch = Stopwatch.StartNew();
        for (var i = w * 500 + _offset; watch.Elapsed < duration && lat.Count < max; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var res = await http.GetAsync(path(Queries[i % Queries.Count]), HttpCompletionOption.ResponseHeadersRead);
            if (res.StatusCode != HttpStatusCode.OK) errors++;
            await using (var body = await res.Content.ReadAsStreamAsync())
            {
                int got;
                while ((got = await body.ReadAsync(sink)) > 0) bytes += got;
            }
            lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return (lat, errors, bytes);
    }

    /// <summary>Where the next window starts in the queries, so that the windows together go through them as one load did.</summary>
    private int _offset;

    private async Task WarmAsync(HttpClient http, int serverPid, Func<(string Q, string Lang), string> path)
    {
        // Warm-up by count, as many queries as the in-process engine had answered before its throughput was measured
        // (--warmup queries, then each measured query once): a fresh server runs Lucene's code unoptimised (tier 0) until
        // the JIT has seen it often, and it keeps the postings of the terms it has read decoded (docs/search.md), so a
        // server that had seen fewer queries would be measured against a warmer engine.
        var warm = Math.Max(1, (o.WarmupQueries + Queries.Count) / 2);
        var warmWatch = Stopwatch.StartNew();
        await Task.WhenAll(Worker(http, path, 0, TimeSpan.FromSeconds(120), warm), Worker(http, path, 1, TimeSpan.FromSeconds(120), warm));
        // Then on until the server's tiering thread has nothing left to recompile: after that count the optimising JIT
        // was still busy for 30 s and more (a quarter of the server's CPU in a profile of the API's timed load), so the
        // load measured the start-up of a process rather than the steady speed the engine is measured at.
        var extra = 0;
        while (warmWatch.Elapsed < TimeSpan.FromSeconds(180))
        {
            var jit0 = ThreadTicks(serverPid, TieringThread);
            var round = await Task.WhenAll(Worker(http, path, 0, TimeSpan.FromSeconds(2)), Worker(http, path, 1, TimeSpan.FromSeconds(2)));
            extra += round.Sum(r => r.Item1.Count);
            if (ThreadSecondsSince(serverPid, TieringThread, jit0) <= 0.02) break;
        }
        Line($"  warm-up: {2 * warm:N0} requests, then {extra:N0} more until the server's tiering JIT was idle for 2 s ({F(warmWatch.Elapsed.TotalSeconds)} s in all)");
        _offset = 0;
    }

    private async Task<Window> TimedAsync(HttpClient http, int serverPid, Func<(string Q, string Lang), string> path, TimeSpan duration)
    {
        var jitTimed = ThreadTicks(serverPid, TieringThread);
        var me = Process.GetCurrentProcess();
        var server0 = CpuSeconds(serverPid);
        me.Refresh();
        var client0 = me.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Worker(http, path, 0, duration), Worker(http, path, 1, duration));
        var elapsed = watch.Elapsed.TotalSeconds;
        var serverCpu = CpuSeconds(serverPid) - server0;
        var jitCpu = ThreadSecondsSince(serverPid, TieringThread, jitTimed);
        me.Refresh();
        var clientCpu = (me.TotalProcessorTime - client0).TotalSeconds;
        _offset += results.Max(r => r.Item1.Count);
        return new Window(results.SelectMany(r => r.Item1).ToList(), results.Sum(r => r.Item2), results.Sum(r => r.Item3), elapsed, serverCpu, clientCpu, jitCpu);
    }

    /// <summary>A copy of the index folder made of hard links (the write lock left out), or of copied files where the
    /// file system refuses links.</summary>
    private static string LinkIndex(string from, string to)
    {
        if (Directory.Exists(to)) Directory.Delete(to, recursive: true);
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var name = Path.GetFileName(file);
            if (name == "write.lock") continue;
            var target = Path.Combine(to, name);
            if (link(file, target) != 0) File.Copy(file, target);
        }
        return to;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string oldpath, string newpath);

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The app's own build output (with its runtimeconfig), next to the source tree this program runs from.</summary>
    internal static string? FindAppDll()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "DecentWork.slnx"))) d = d.Parent;
        if (d is null) return null;
#if DEBUG
        string[] configs = ["Debug", "Release"];
#else
        string[] configs = ["Release", "Debug"];
#endif
        return configs.Select(c => Path.Combine(d.FullName, "src", "DecentWork", "bin", c, "net10.0", "dwx.dll"))
            .FirstOrDefault(p => File.Exists(p) && File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")));
    }
}
