using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>`page`: how long the real app (dwx serve, Production settings, SQLite, the sample content) takes to answer
/// a reader's pages, one request at a time so each is timed alone. Timed in this process around each request over
/// loopback: an upper bound of the server's own time (it includes the client and the socket, ~0.1 ms). The server's CPU
/// time per request is printed too: on a machine shared with other work it is the steadier figure.</summary>
public sealed class PageBench(BenchOptions o)
{
    public async Task RunAsync()
    {
        Line("");
        Line($"[page] the real app (dwx serve, Kestrel, sample content) on 127.0.0.1, one request at a time, Brotli; {o.QueryCount} measured requests per page kind after {o.WarmupQueries} warm-up");
        var dll = SearchBench.FindAppDll();
        if (dll is null) { Add("page", "practice page", "skipped: dwx.dll not found (build src/DecentWork first)", "p50 ≤ 5 ms"); return; }
        var dir = Path.Combine(o.DataRoot, "page");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var url = $"http://127.0.0.1:{SearchBench.FreePort()}";
        // The sample content is what the page kinds show; the indexer is on so that search finds it.
        await using var dwx = DwxProcess.Start(dll, dir, ["serve"], new Dictionary<string, string>
        {
            ["Urls"] = url, ["Database__NoSample"] = "false", ["Search__IndexerEnabled"] = "true",
        });
        var server = dwx.Process;
        _server = server;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false, UseCookies = false })
            { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

            // Ready when search has indexed the sample practices (the practice page lists similar practices from it).
            var ready = Stopwatch.StartNew();
            var ids = new List<int>();
            while (ready.Elapsed < TimeSpan.FromSeconds(120) && !server.HasExited && ids.Count == 0)
            {
                try
                {
                    using var res = await http.GetAsync("/api/v1/search?q=*&size=100");
                    if (res.IsSuccessStatusCode)
                    {
                        using var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
                        ids = json.RootElement.GetProperty("hits").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
                    }
                }
                catch (HttpRequestException) { }
                if (ids.Count == 0) await Task.Delay(250);
            }
            if (ids.Count == 0) { Add("page", "practice page", "skipped: server not ready\n" + dwx.Log, "p50 ≤ 5 ms"); return; }
            Line($"  server ready in {F(ready.Elapsed.TotalSeconds)} s, {ids.Count} published practices");

            // Canonical URLs (with their slugs) in four UI languages, so no request is a redirect.
            string[] langs = ["en", "fr", "es", "zh"];
            var practiceUrls = new List<string>();
            foreach (var id in ids)
                foreach (var lang in langs)
                {
                    using var r = await http.GetAsync($"/{lang}/practices/{id}");
                    practiceUrls.Add(r.Headers.Location?.OriginalString ?? $"/{lang}/practices/{id}");
                }
            string[] words = ["social", "protection", "社会保障", "emploi", "diálogo", "pension", "skills", "minimum wage"];
            var searchUrls = langs.SelectMany(l => words.Select(w => $"/{l}/search?q={Uri.EscapeDataString(w)}")).ToList();

            await MeasureAsync(http, "practice page (200, full render)", practiceUrls, etags: false, target: 5);
            await MeasureAsync(http, "practice page (304, If-None-Match)", practiceUrls, etags: true, target: null);
            await MeasureAsync(http, "search page (200)", searchUrls, etags: false, target: null);
            await MeasureAsync(http, "home page (200)", langs.Select(l => "/" + l).ToList(), etags: false, target: null);
        }
        finally
        {
            if (!server.HasExited) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(); }
        }
    }

    private Process? _server;

    private async Task MeasureAsync(HttpClient http, string name, List<string> urls, bool etags, double? target)
    {
        var tags = new Dictionary<string, string>();
        if (etags)
            foreach (var u in urls)
            {
                using var r = await http.GetAsync(u);
                if (r.Headers.ETag is { } e) tags[u] = e.ToString();
            }
        var bytes = 0L;
        async Task<double> One(int i)
        {
            var u = urls[i % urls.Count];
            using var req = new HttpRequestMessage(HttpMethod.Get, u);
            req.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            if (tags.TryGetValue(u, out var tag)) req.Headers.TryAddWithoutValidation("If-None-Match", tag);
            var t = Stopwatch.GetTimestamp();
            using var r = await http.SendAsync(req);
            var body = await r.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (!r.IsSuccessStatusCode && r.StatusCode != HttpStatusCode.NotModified) throw new InvalidOperationException($"{u}: {(int)r.StatusCode}");
            bytes += body.Length;
            return ms;
        }
        for (var i = 0; i < o.WarmupQueries; i++) await One(i);
        bytes = 0;
        var times = new List<double>(o.QueryCount);
        // The server's CPU time per request: unlike the latency, it does not grow when other processes share the cores.
        _server!.Refresh();
        var cpu0 = _server.TotalProcessorTime;
        for (var i = 0; i < o.QueryCount; i++) times.Add(await One(i));
        _server.Refresh();
        var cpu = (_server.TotalProcessorTime - cpu0).TotalMilliseconds / o.QueryCount;
        var l = Latency.Of(times);
        Add("page", name, $"p50 {F(l.P50, "0.00")} ms, p99 {F(l.P99, "0.00")} ms, {bytes / o.QueryCount:N0} B", target is null ? "" : $"p50 ≤ {target} ms", target is null ? null : l.P50 <= target);
        Add("page", "  server CPU per request", $"{F(cpu, "0.00")} ms");
    }
}
