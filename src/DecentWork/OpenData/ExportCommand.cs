using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.Extensions.Localization;

namespace DecentWork.OpenData;

/// <summary><c>dwx export --format jsonl|csv [--filter k=v,…] [--output FILE]</c>. The command line is trusted, so it
/// may export every status (<c>--filter status=all</c>); the default is the public set, as on the API.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(CommandLine c, IServiceProvider sp)
    {
        var format = (c.Option("--format") ?? "jsonl").ToLowerInvariant();
        if (!ExportWriter.Formats.Contains(format)) throw new CommandException($"unknown format '{format}': use jsonl or csv");
        var errors = new List<FieldError>();
        var filter = ExportFilter.ParseOption(c.Option("--filter"), errors);
        if (errors.Count > 0)
        {
            var t = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
            throw new CommandException("bad --filter: " + string.Join("; ", errors.Select(e => $"{e.Field}: {t.Message(e)}")));
        }
        var output = c.Option("--output");
        var export = sp.GetRequiredService<PracticeExport>();
        // A partial file must not look like a complete export: write beside it and move into place at the end.
        var temp = output is null ? null : output + ".part";
        await using (var stream = temp is null ? Console.OpenStandardOutput() : File.Create(temp))
        {
            var n = await ExportWriter.WriteAsync(stream, format, export, filter);
            if (output is not null) Console.Error.WriteLine($"{n} practices exported to {output}");
        }
        if (temp is not null) File.Move(temp, output!, overwrite: true);
        return 0;
    }
}
