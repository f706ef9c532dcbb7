using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using DecentWork.Data;
using DecentWork.OpenData;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>OAI-PMH ListRecords/ListIdentifiers over HTTP against the real app on N generated practices: the first
/// page, consecutive pages after it, and a page deep in the list, reached the way a harvester resuming there
/// reaches it — with a resumption token holding that keyset position.</summary>
public sealed class OaiBench(BenchOptions o)
{
    private const int Repeats = 20;
    private static readonly XNamespace Oai = OaiEndpoint.OaiNs;

    private sealed record Page(int Records, string? Token, int Cursor, int CompleteListSize, string? FirstIdentifier, string? Error, long Bytes);

    public async Task RunAsync()
    {
        var data = await OpenDataSet.EnsureAsync(o);
        Line("");
        Line("[oai] the real app (dwx serve, Kestrel on 127.0.0.1), sequential requests, whole response read; pages of 100");
        var dll = SearchBench.FindAppDll();
        if (dll is null) { Add("oai", "ListRecords", "skipped: dwx.dll not found (build src/DecentWork -c Release first)"); return; }
        var url = $"http://127.0.0.1:{SearchBench.FreePort()}";
        await using var server = DwxProcess.Start(dll, data.Dir, ["serve"], new Dictionary<string, string> { ["Urls"] = url });
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
        var ready = Stopwatch.StartNew();
        var up = false;
        while (!up && ready.Elapsed < TimeSpan.FromSeconds(180) && !server.Process.HasExited)
        {
            try { using var res = await http.GetAsync("/oai?verb=Identify"); up = res.StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { }
            if (!up) await Task.Delay(250);
        }
        if (!up) { Add("oai", "ListRecords", "skipped: the server did not start"); Line(server.Log); return; }
        Line($"  server pid {server.Process.Id} ready in {F(ready.Elapsed.TotalSeconds)} s; {LoadAvg()}");

        var pid = server.Process.Id;
        var records = await MeasureAsync(http, data, "ListRecords", OaiVerb.ListRecords, pid);
        var identifiers = await MeasureAsync(http, data, "ListIdentifiers", OaiVerb.ListIdentifiers, pid);
        if (records is { } r)
        {
            var ratio = r.Deep / r.First;
            Add("oai", "ListRecords deep page ÷ first page (p50)", $"{F(ratio, "0.00")}×", "≤ 1.5×", ratio <= 1.5);
            var ratio2 = r.Deep / r.Second;
            Add("oai", "ListRecords deep page ÷ pages 2–11 (p50)", $"{F(ratio2, "0.00")}× (neither counts)");
        }
        if (identifiers is { } i) Add("oai", "ListIdentifiers deep page ÷ first page (p50)", $"{F(i.Deep / i.First, "0.00")}×");
        Add("oai", "server peak resident memory (VmHWM)", Mb(PeakRss(server.Process.Id)));
    }

    private sealed record Result(double First, double Second, double Deep);

    private async Task<Result?> MeasureAsync(HttpClient http, OpenDataSet.Info data, string verb, OaiVerb oaiVerb, int pid)
    {
        // The server's CPU time a request (user + system, from /proc): what the load average inflates least.
        double cpu0 = 0;
        void Start() => cpu0 = CpuSeconds(pid);
        string Cpu(int n) => $"; server CPU {F((CpuSeconds(pid) - cpu0) * 1000 / Math.Max(1, n), "0")} ms a page";
        var firstPath = $"/oai?verb={verb}&metadataPrefix=oai_dc";
        Line("");
        Line($"  {verb} metadataPrefix=oai_dc, {data.Items:N0} items ({data.Deleted:N0} deleted)");
        for (var i = 0; i < 5; i++) await GetAsync(http, firstPath); // warm-up: JIT, SQLite page cache
        Start();
        var (firstLat, first) = await TimeAsync(http, () => firstPath, Repeats);
        var firstCpu = Cpu(Repeats);
        if (first.Error is not null || first.Token is null) { Add("oai", $"{verb} first page", $"failed: {first.Error ?? "no resumption token"}"); return null; }
        Line($"    first page: {first.Records} records, {first.Bytes / 1024} KiB, completeListSize {first.CompleteListSize:N0}");
        Add("oai", $"{verb} first page (counts the list)", Ms(firstLat) + firstCpu);

        // Consecutive pages 2–11, each from the token of the page before, as a harvester goes on.
        Start();
        var (nextLat, followed) = await FollowAsync(http, verb, first.Token, 10);
        Add("oai", $"{verb} pages 2–11, following tokens", Ms(nextLat) + Cpu(followed));

        // Deep: the position after record completeListSize − 1000, i.e. the tenth page from the end, reached with a token
        // the app itself would have issued there (see DeepTokenAsync); then the ten last pages from it.
        var deepCursor = first.CompleteListSize - 1000;
        var (token, expectFirst) = await DeepTokenAsync(data.Dir, first.Token, oaiVerb, deepCursor);
        Start();
        var (deepLat, deep) = await TimeAsync(http, () => "/oai?verb=" + verb + "&resumptionToken=" + Uri.EscapeDataString(token), Repeats);
        var deepCpu = Cpu(Repeats);
        var expected = OaiRecords.Identifier("127.0.0.1", expectFirst);
        if (deep.Error is not null || deep.Cursor != deepCursor || deep.FirstIdentifier != expected)
        {
            Add("oai", $"{verb} deep page", $"failed: {deep.Error ?? $"cursor {deep.Cursor}, first {deep.FirstIdentifier}, expected {deepCursor} and {expected}"}");
            return null;
        }
        Line($"    deep page: cursor {deep.Cursor:N0} of {deep.CompleteListSize:N0} (page {deep.Cursor / 100 + 1:N0}), first record {deep.FirstIdentifier} as expected, {deep.Records} records, {deep.Bytes / 1024} KiB");
        Add("oai", $"{verb} deep page (cursor {deepCursor:N0})", Ms(deepLat) + deepCpu);
        Start();
        var (lastLat, pages) = await FollowAsync(http, verb, deep.Token, 10);
        Add("oai", $"{verb} the next pages to the end, following tokens", Ms(lastLat) + Cpu(pages) + $" ({pages} pages)");

        // The other way a harvester lands deep: an incremental harvest, from= the datestamp of that deep record.
        var stamp = await StampAsync(data.Dir, expectFirst);
        Start();
        var (fromLat, from) = await TimeAsync(http, () => $"/oai?verb={verb}&metadataPrefix=oai_dc&from={stamp}", Repeats);
        Add("oai", $"{verb} from={stamp} (first page of {from.CompleteListSize:N0})", Ms(fromLat) + Cpu(Repeats));
        return new Result(firstLat.P50, nextLat.P50, deepLat.P50);
    }

    private static string Ms(Latency l) => $"p50 {F(l.P50, "0.0")} ms, p99 {F(l.P99, "0.0")} ms (n={l.Count}); {LoadAvg()}";

    private static async Task<(Latency, Page)> TimeAsync(HttpClient http, Func<string> path, int n)
    {
        var ms = new List<double>();
        Page last = null!;
        for (var i = 0; i < n; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            last = await GetAsync(http, path());
            ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return (Latency.Of(ms), last);
    }

    private static async Task<(Latency, int)> FollowAsync(HttpClient http, string verb, string? token, int pages)
    {
        var ms = new List<double>();
        for (var i = 0; i < pages && token is not null; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await GetAsync(http, $"/oai?verb={verb}&resumptionToken={Uri.EscapeDataString(token)}");
            ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (page.Error is not null) throw new InvalidOperationException($"OAI error {page.Error} at page {i + 1}");
            token = page.Token;
        }
        return (Latency.Of(ms), ms.Count);
    }

    private static async Task<Page> GetAsync(HttpClient http, string path)
    {
        using var res = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        var bytes = await res.Content.ReadAsByteArrayAsync();
        if (res.StatusCode != HttpStatusCode.OK) return new Page(0, null, 0, 0, null, $"HTTP {(int)res.StatusCode}", bytes.Length);
        var doc = XDocument.Load(new MemoryStream(bytes));
        var root = doc.Root!;
        if (root.Element(Oai + "error") is { } e) return new Page(0, null, 0, 0, null, (string?)e.Attribute("code"), bytes.Length);
        var list = root.Elements().Last();
        var headers = list.Descendants(Oai + "header").ToList();
        var rt = list.Element(Oai + "resumptionToken");
        return new Page(headers.Count, rt is null || rt.Value.Length == 0 ? null : rt.Value,
            (int?)rt?.Attribute("cursor") ?? 0, (int?)rt?.Attribute("completeListSize") ?? headers.Count,
            headers.FirstOrDefault()?.Element(Oai + "identifier")?.Value, null, bytes.Length);
    }

    /// <summary>Tokens are sealed with ASP.NET Data Protection, keys in the app's database. The first page's token,
    /// opened with the app's own <see cref="ResumptionTokens"/> and those keys, gives the harvest's selection and
    /// count; its keyset position is moved to the record before <paramref name="cursor"/> (found in the database in
    /// the list's order: datestamp, then id) and sealed again — the token the app would have issued after sending
    /// <paramref name="cursor"/> records. Returns it and the id the page must start with.</summary>
    private static async Task<(string Token, int FirstId)> DeepTokenAsync(string dir, string firstToken, OaiVerb verb, int cursor)
    {
        var (lastTicks, lastId, nextId) = await Task.Run(() =>
        {
            using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "dwx.db")};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                SELECT "Id", "UpdatedAt" FROM "Practices" WHERE "PublishedRevisionId" IS NOT NULL
                ORDER BY "UpdatedAt", "Id" LIMIT 2 OFFSET $k
                """;
            cmd.Parameters.AddWithValue("$k", cursor - 1);
            using var r = cmd.ExecuteReader();
            r.Read();
            var (id, at) = (r.GetInt32(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
            r.Read();
            return (at.Ticks, id, r.GetInt32(0));
        });
        using var host = TokenHost(dir);
        var tokens = host.Services.GetRequiredService<ResumptionTokens>();
        var p = tokens.Read(firstToken, verb) ?? throw new InvalidOperationException("the first page's token cannot be opened with the keys of the database");
        return (tokens.Issue(p with { LastTicks = lastTicks, LastId = lastId, Cursor = cursor }).Token, nextId);
    }

    private static async Task<string> StampAsync(string dir, int id)
    {
        await using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "dwx.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """SELECT "UpdatedAt" FROM "Practices" WHERE "Id" = $id""";
        cmd.Parameters.AddWithValue("$id", id);
        var at = DateTime.SpecifyKind(Convert.ToDateTime(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        return OaiRequest.Stamp(at);
    }

    /// <summary>The app's data protection as AccountsSetup configures it (same application name, keys in AppDb) and
    /// its resumption tokens, without the web host.</summary>
    private static IHost TokenHost(string dir)
    {
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        b.Configuration["DWX_DATA"] = dir;
        b.Configuration["Database:Provider"] = "sqlite";
        b.Configuration["ConnectionStrings:Default"] = "";
        b.Logging.SetMinimumLevel(LogLevel.Warning);
        b.Services.AddData(b.Configuration);
        b.Services.AddDataProtection().SetApplicationName("DecentWorkExchange").PersistKeysToDbContext<AppDb>();
        b.Services.AddSingleton(TimeProvider.System);
        b.Services.AddOpenData(b.Configuration);
        return b.Build();
    }
}
