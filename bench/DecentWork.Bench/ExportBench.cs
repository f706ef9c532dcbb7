using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary><c>dwx export --format jsonl --output FILE</c>, the real command in its own process, on N generated
/// practices: records per second, and the process's resident memory sampled through the run to show it stays flat.</summary>
public sealed partial class ExportBench(BenchOptions o)
{
    public async Task RunAsync()
    {
        var data = await OpenDataSet.EnsureAsync(o);
        Line("");
        Line($"[export] dwx export --format jsonl --output FILE (the real command, its own process), {data.Public:N0} public practices of {data.Items:N0}");
        var dll = SearchBench.FindAppDll();
        if (dll is null) { Add("export", "JSON Lines export", "skipped: dwx.dll not found (build src/DecentWork -c Release first)"); return; }
        var output = Path.Combine(data.Dir, "export.jsonl");
        var part = output + ".part";
        File.Delete(output);
        File.Delete(part);

        var load0 = LoadAvg();
        var watch = Stopwatch.StartNew();
        await using var run = DwxProcess.Start(dll, data.Dir, ["export", "--format", "jsonl", "--output", output]);
        var pid = run.Process.Id;
        double? firstByte = null;
        long hwm = 0;
        double cpu = 0;
        double nextReport = 60;
        long written = 0;
        FileStream? reader = null;
        var buffer = new byte[1 << 20];
        var rss = new List<(double At, long Rss)>();
        while (!run.Process.HasExited)
        {
            var now = watch.Elapsed.TotalSeconds;
            hwm = Math.Max(hwm, ProcStatus(pid, "VmHWM"));
            var r = ProcStatus(pid, "VmRSS");
            if (r > 0) rss.Add((now, r));
            cpu = Math.Max(cpu, CpuSeconds(pid));
            if (firstByte is null && File.Exists(part) && new FileInfo(part).Length > 0) firstByte = now;
            // Progress from the lines written so far, so that a run stopped before the end still tells its rate and
            // its memory over time.
            if (firstByte is not null && reader is null) reader = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20);
            if (reader is not null) { int got; while ((got = reader.Read(buffer, 0, buffer.Length)) > 0) written += buffer.AsSpan(0, got).Count((byte)'\n'); }
            if (now >= nextReport && firstByte is not null)
            {
                Console.Error.WriteLine($"  … {now:0} s: {written:N0} records ({written / (now - firstByte.Value):N0} rec/s since the first byte), RSS {Mb(r)}, VmHWM {Mb(hwm)}, CPU {cpu:0.0} s; {LoadAvg()}");
                nextReport = now + 60;
            }
            await Task.Delay(100);
        }
        reader?.Dispose();
        await run.Process.WaitForExitAsync();
        var took = watch.Elapsed.TotalSeconds;
        var load1 = LoadAvg();
        var log = run.Log;
        var m = Exported().Match(log);
        if (run.Process.ExitCode != 0 || !m.Success || !File.Exists(output))
        {
            Add("export", "JSON Lines export", $"failed (exit {run.Process.ExitCode})");
            Line(log);
            return;
        }
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var size = new FileInfo(output).Length;
        var lines = CountLines(output);
        Line($"  {n:N0} records reported, {lines:N0} lines in the file ({(lines == data.Public ? "every public practice" : $"expected {data.Public:N0}!")}), {Mb(size)}, {F(size / (double)Math.Max(1, lines) / 1024, "0.0")} KiB a record");
        Line($"  {load0} at the start, {load1} at the end");
        var since = firstByte ?? 0;
        Add("export", $"JSON Lines, {n:N0} records, whole command", $"{F(n / took, "N0")} rec/s ({F(took)} s)", "≥ 20,000 rec/s", n / took >= 20_000);
        Add("export", "JSON Lines, from the first byte written", $"{F(n / (took - since), "N0")} rec/s ({F(took - since)} s), {F(size / 1048576.0 / (took - since), "0")} MB/s");
        Add("export", "startup (host, migrations check) to first byte", $"{F(since, "0.0")} s");
        // On a shared machine the wall clock measures the neighbours: the CPU time the export used does not.
        Add("export", "CPU time of the export process", $"{F(cpu, "0.0")} s = {F(n / cpu, "N0")} records per CPU second ({F(cpu / took, "0.00")} of {Environment.ProcessorCount} cores obtained)");
        // Flat memory: the resident set in the first and the second half of the writing, and the peak.
        var writing = rss.Where(x => x.At >= since).ToList();
        if (writing.Count >= 4)
        {
            var mid = since + (writing[^1].At - since) / 2;
            Add("export", "resident memory, max over the first half of writing", Mb(writing.Where(x => x.At < mid).Max(x => x.Rss)));
            Add("export", "resident memory, max over the second half", Mb(writing.Where(x => x.At >= mid).Max(x => x.Rss)));
        }
        Add("export", "export process peak resident memory (VmHWM)", Mb(hwm), o.Practices >= 1_000_000 ? "flat (≈ 100k run)" : "");
        File.Delete(output);
    }

    private static long CountLines(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        long n = 0;
        int read;
        while ((read = f.Read(buffer, 0, buffer.Length)) > 0) n += buffer.AsSpan(0, read).Count((byte)'\n');
        return n;
    }

    [GeneratedRegex(@"(\d+) practices exported to")]
    private static partial Regex Exported();
}
