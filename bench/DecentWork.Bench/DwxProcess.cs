using System.Diagnostics;
using System.Text;

namespace DecentWork.Bench;

/// <summary>The real app (src/DecentWork's Release build, dwx.dll) started as a child process on a benchmark data
/// folder, with its output kept for the report. The search indexer is off unless a caller turns it on: the OAI and export data sets have no
/// Lucene index, and a rebuild of a million practices would run under the measurements.</summary>
public sealed class DwxProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();

    public Process Process { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    private DwxProcess(string dll, string dataDir, IEnumerable<string> args, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DWX_DATA"] = dataDir;
        psi.Environment["Database__NoSample"] = "true";
        psi.Environment["Database__Provider"] = "sqlite";
        psi.Environment["ConnectionStrings__Default"] = "";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Search__IndexerEnabled"] = "false";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        Process = Process.Start(psi)!;
        Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public static DwxProcess Start(string dll, string dataDir, IEnumerable<string> args, IDictionary<string, string>? env = null)
        => new(dll, dataDir, args, env ?? new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) { Process.Kill(entireProcessTree: true); await Process.WaitForExitAsync(); }
        Process.Dispose();
    }
}
