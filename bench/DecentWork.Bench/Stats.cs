using System.Diagnostics;
using System.Globalization;

namespace DecentWork.Bench;

public sealed record Latency(double P50, double P99, double Mean, int Count)
{
    public static Latency Of(IEnumerable<double> ms)
    {
        var a = ms.ToArray();
        Array.Sort(a);
        if (a.Length == 0) return new Latency(double.NaN, double.NaN, double.NaN, 0);
        return new Latency(Pct(a, 0.50), Pct(a, 0.99), a.Average(), a.Length);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Pct(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50,7:0.00} ms  p99 {P99,7:0.00} ms  (n={Count})");
}

/// <summary>Prints the result table: each figure with its target beside it.</summary>
public static class Report
{
    private static readonly List<(string Section, string Name, string Value, string Target, string Verdict)> Rows = [];

    public static void Line(string text) => Console.WriteLine(text);

    public static void Add(string section, string name, string value, string target = "", bool? met = null)
    {
        Rows.Add((section, name, value, target, met is null ? "" : met.Value ? "ok" : "MISSED"));
        Console.WriteLine($"  {name,-52} {value,-30} {(target.Length > 0 ? "target " + target : "")} {(met is null ? "" : met.Value ? "ok" : "MISSED")}");
    }

    public static void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine("=== Summary " + new string('=', 110));
        Console.WriteLine($"{"mode",-8} {"figure",-52} {"measured",-30} {"target",-18} verdict");
        foreach (var r in Rows) Console.WriteLine($"{r.Section,-8} {r.Name,-52} {r.Value,-30} {r.Target,-18} {r.Verdict}");
    }

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MiB");
    public static string F(double x, string fmt = "0.0") => x.ToString(fmt, CultureInfo.InvariantCulture);

    public static long DirectorySize(string path)
        => Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    /// <summary>The 1, 5 and 15 minute load averages, as `uptime` prints them: the machine is shared, so every figure
    /// is printed with the load it was measured under.</summary>
    public static string LoadAvg()
    {
        try { return "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "load ?"; }
    }

    /// <summary>A line of /proc/PID/status in bytes (VmRSS, VmHWM); 0 once the process is gone.</summary>
    public static long ProcStatus(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return 0;
    }

    /// <summary>Peak resident set (VmHWM) of a process from /proc; falls back to the .NET figure.</summary>
    /// <summary>User + system time from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return 0; }
    }

    /// <summary>CPU time (clock ticks of 1/100 s) of each thread of a process whose name starts with a prefix, by
    /// thread id, from /proc/PID/task/TID/stat. Per thread, because the runtime ends an idle worker and starts a new one.</summary>
    public static Dictionary<int, long> ThreadTicks(int pid, string namePrefix)
    {
        var ticks = new Dictionary<int, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(');
                    var close = stat.LastIndexOf(')');
                    if (!stat.AsSpan(open + 1, close - open - 1).StartsWith(namePrefix, StringComparison.Ordinal)) continue;
                    var f = stat[(close + 2)..].Split(' ');
                    ticks[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                        long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or FormatException) { } // the thread ended meanwhile
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return ticks;
    }

    /// <summary>Seconds of CPU the threads named by the prefix spent since <paramref name="before"/> (threads that ended
    /// in between are not counted: their last figures are gone with them).</summary>
    public static double ThreadSecondsSince(int pid, string namePrefix, Dictionary<int, long> before)
        => ThreadTicks(pid, namePrefix).Sum(t => t.Value - before.GetValueOrDefault(t.Key)) / 100.0;

    /// <summary>The runtime's background thread that recompiles hot methods with the optimising JIT (tier 1). While it
    /// works, the process is not yet at its steady speed, and it takes CPU from the measured work on a 2-core machine.</summary>
    public const string TieringThread = ".NET Tiered Com";

    public static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return Process.GetProcessById(pid).PeakWorkingSet64;
    }
}
