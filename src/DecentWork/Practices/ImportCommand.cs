using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.Extensions.Localization;

namespace DecentWork.Practices;

public static class ImportCommand
{
    public static async Task<int> RunAsync(CommandLine c, IServiceProvider sp)
    {
        var file = c.Arguments.FirstOrDefault() ?? throw new CommandException("which file? dwx import FILE.jsonl|FILE.xml [--publish]");
        if (!File.Exists(file)) throw new CommandException($"no such file: {file}");
        // IATI activity files are XML; everything else this verb reads is JSON Lines.
        if (Projects.IatiImportCommand.IsXml(file)) return await Projects.IatiImportCommand.RunAsync(file, sp);
        if (!file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
            throw new CommandException("this file is neither JSON Lines (.jsonl) nor an IATI activity file (.xml)");
        var importer = sp.GetRequiredService<PracticeImporter>();
        var db = sp.GetRequiredService<AppDb>();
        var t = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
        int imported = 0, skipped = 0, n = 0;
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync() is { } line)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var r = await importer.ImportLineAsync(n, line, Actor.System, c.Has("--publish"), isSample: false);
            db.ChangeTracker.Clear();
            if (r.PracticeId is not null) { imported++; continue; }
            skipped++;
            Console.Error.WriteLine($"line {n}: skipped: {r.Message ?? string.Join("; ", r.Errors.Select(e => $"{e.Field}: {t.Message(e)}"))}");
        }
        Console.WriteLine($"{imported} imported, {skipped} skipped");
        return skipped == 0 ? 0 : 1;
    }
}
