using DecentWork.Shared;

namespace DecentWork.Projects;

/// <summary><c>dwx import FILE.xml</c>: an IATI activity file into projects.</summary>
public static class IatiImportCommand
{
    /// <summary>An .xml file, or any file whose first character (after a byte-order mark and white space) is '&lt;'.</summary>
    public static bool IsXml(string file)
    {
        if (file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return true;
        using var s = File.OpenRead(file);
        using var r = new StreamReader(s, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[512];
        var n = r.Read(buffer, 0, buffer.Length);
        for (var i = 0; i < n; i++)
            if (!char.IsWhiteSpace(buffer[i]) && buffer[i] != '\uFEFF') return buffer[i] == '<';
        return false;
    }

    public static async Task<int> RunAsync(string file, IServiceProvider sp)
    {
        var report = await sp.GetRequiredService<IatiImporter>().ImportFileAsync(file);
        if (report.Refused is not null)
        {
            Console.Error.WriteLine($"refused: {report.Refused}");
            Console.WriteLine("0 added, 0 updated, nothing imported");
            return 1;
        }
        foreach (var p in report.Problems) Console.Error.WriteLine(p);
        if (report.ProblemCount > report.Problems.Count) Console.Error.WriteLine($"… and {report.ProblemCount - report.Problems.Count} more problems");
        Console.WriteLine($"{report.Added} added, {report.Updated} updated, {report.Skipped} skipped, {report.ProblemCount} problems");
        return report.Complete ? 0 : 1;
    }
}
