using DecentWork.Shared;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Practices;

[Collection("apps")]
public class ImportCommandTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Import_reads_json_lines_reports_skipped_lines_and_exits_nonzero_on_a_partial_import(string engine)
    {
        var app = apps.Get(engine);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".jsonl");
        var good = System.Text.Json.JsonSerializer.Serialize(Http.Practice("es", "Importada " + Guid.NewGuid().ToString("N")[..6]));
        var bad = System.Text.Json.JsonSerializer.Serialize(Http.Practice("xx"));
        await File.WriteAllLinesAsync(file, [good, "", "{not json", bad]);
        var stderr = new StringWriter();
        var previous = Console.Error;
        Console.SetError(stderr);
        int code;
        try { code = await CommandLine.RunAsync(CommandLine.Parse(["import", file, "--publish"]), app.Services); }
        finally { Console.SetError(previous); File.Delete(file); }
        Assert.Equal(1, code);
        Assert.Contains("line 3", stderr.ToString());
        Assert.Contains("line 4", stderr.ToString());
        var list = await (await app.ClientFor(null).GetAsync("/api/v1/practices?language=es&size=100")).JsonAsync();
        Assert.Contains(list["items"]!.AsArray(), i => ((string)i!["title"]!).StartsWith("Importada"));
    }

    [Fact]
    public void Command_line_separates_own_options_from_host_options()
    {
        var c = CommandLine.Parse(["users", "add", "a@b.org", "--role", "Reviewer", "--password-stdin", "--urls", "http://127.0.0.1:1"]);
        Assert.Equal("users", c.Verb);
        Assert.Equal(["add", "a@b.org"], c.Arguments);
        Assert.Equal("Reviewer", c.Option("--role"));
        Assert.True(c.Has("--password-stdin"));
        Assert.Equal(["--urls", "http://127.0.0.1:1"], c.HostArgs);
        Assert.NotNull(CommandLine.Parse(["frobnicate"]).Error);
        Assert.True(CommandLine.Parse(["import", "--help"]).Help);
    }
}
