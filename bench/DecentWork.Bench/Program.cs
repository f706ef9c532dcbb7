using System.Diagnostics;
using System.Globalization;
using DecentWork.Bench;
using static DecentWork.Bench.Report;

// dotnet run -c Release --project bench/DecentWork.Bench -- search|oai|export|suggest|page|all [--practices N] [--postgres "…"] …
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var o = BenchOptions.Parse(args);
if (o is null)
{
    Console.WriteLine("""
        usage: DecentWork.Bench search|oai|export|suggest|page|all [options]
          --practices N        practices to generate (default 100000)
          --postgres "CS"      run the PostgreSQL baseline against this server (Npgsql connection string)
          --no-sqlite          skip the SQLite FTS5 baseline
          --queries N          measured queries or page requests (default 1000); --warmup N (default 500)
          --http-seconds N     length of the HTTP load (default 10)
          --index-threads N    indexing threads (default: one per core, as `dwx reindex`)
          --data DIR           where generated data goes (default /tmp/dwx-bench); --seed N (default 42)
          --reuse              keep the generated data of an earlier run with the same N (search: the index; oai, export: the database; suggest: both)
          --segments N         search: end the build with N segments, merged on N threads (default 1, as `dwx reindex`)
          --chunk N            search: practices per rebuild chunk (default 5000, as `dwx reindex`'s Search:RebuildChunkSize)
          --ram-mb N           search: Lucene's indexing buffer, shared by the workers (default 64, as Search:RamBufferMb)
          --merge N            search: force-merge the index to at most N segments before the queries (timed)
          --corpus topical|uniform   search: how words are drawn (default topical; uniform: every word in nearly every practice)
          --server-env K=V     search: an environment variable for the server process only (repeatable), e.g. a runtime setting to compare
          --zh-check           search: compare the zh fields of the index built with an index analysed by SmartChineseAnalyzer
        """);
    return 2;
}

Line($"Decent Work Exchange benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Line($"mode {o.Mode}, {o.Practices:N0} practices, seed {o.Seed}, {(o.Topical ? "topical" : "uniform")} corpus");
var watch = Stopwatch.StartNew();

if (o.Mode is "search" or "all")
{
    var s = new SearchBench(o);
    await s.RunAsync();
    var b = new Baselines(o, s.Corpus!, s.Queries, s.OursSingle!);
    if (o.Sqlite) b.SqliteFts5(Path.Combine(o.DataRoot, o.SearchFolder));
    else Add("sqlite", "SQLite FTS5 baseline", "skipped (--no-sqlite)");
    await b.PostgresAsync(o.Postgres);
}
if (o.Mode is "page" or "all")
{
    await new PageBench(o).RunAsync();
}
if (o.Mode is "suggest")
{
    Line("");
    await new SuggestBench(o).RunAsync();
}
if (o.Mode is "oai" or "all") await new OaiBench(o).RunAsync();
if (o.Mode is "export" or "all") await new ExportBench(o).RunAsync();

Add(o.Mode, "bench process peak working set", Mb(Process.GetCurrentProcess().PeakWorkingSet64));
Add(o.Mode, "wall time", $"{F(watch.Elapsed.TotalSeconds, "0")} s");
PrintTable();
return 0;

public sealed record BenchOptions(string Mode, int Practices, string? Postgres, bool Sqlite, int QueryCount, int WarmupQueries, int HttpSeconds, int IndexThreads, string DataRoot, int Seed, bool Reuse, bool Topical = true, int MergeTo = 0, bool ZhCheck = false, int Segments = 1, int ChunkSize = 0, int RamBufferMb = 0)
{
    /// <summary>--server-env: set on the server process only, after the bench's own settings.</summary>
    public IReadOnlyList<(string Key, string Value)> ServerEnv { get; init; } = [];

    /// <summary>The search data folder's name: the corpus kind is part of it, so --reuse never mixes the two.</summary>
    public string SearchFolder => Topical ? $"search-{Practices}" : $"search-{Practices}-uniform";

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("search" or "oai" or "export" or "suggest" or "page" or "all")) return null;
        var o = new BenchOptions(args[0], 100_000, null, true, 1000, 500, 10, Environment.ProcessorCount, "/tmp/dwx-bench", 42, false);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--practices" => o with { Practices = Int() },
                "--postgres" => o with { Postgres = Next() },
                "--no-sqlite" => o with { Sqlite = false },
                "--queries" => o with { QueryCount = Int() },
                "--warmup" => o with { WarmupQueries = Int() },
                "--http-seconds" => o with { HttpSeconds = Int() },
                "--index-threads" => o with { IndexThreads = Math.Max(1, Int()) },
                "--segments" => o with { Segments = Math.Max(1, Int()) },
                "--chunk" => o with { ChunkSize = Math.Max(1, Int()) },
                "--ram-mb" => o with { RamBufferMb = Math.Max(16, Int()) },
                "--data" => o with { DataRoot = Path.GetFullPath(Next()) },
                "--seed" => o with { Seed = Int() },
                "--reuse" => o with { Reuse = true },
                "--zh-check" => o with { ZhCheck = true },
                "--server-env" => Next().Split('=', 2) is [{ Length: > 0 } k, var v] ? o with { ServerEnv = [.. o.ServerEnv, (k, v)] } : null,
                "--merge" => o with { MergeTo = Math.Max(1, Int()) },
                "--corpus" => Next() switch { "topical" => o with { Topical = true }, "uniform" => o with { Topical = false }, _ => null },
                _ => null,
            };
            if (o is null) return null;
        }
        return o;
    }
}
