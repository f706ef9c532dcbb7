using System.Text;
using DecentWork.Shared;
using DecentWork.Thesaurus.Rdf;
using Microsoft.Extensions.Options;

namespace DecentWork.Thesaurus;

/// <summary><c>dwx thesaurus export --format ttl|nt|rdfxml|jsonld [--output F]</c> and
/// <c>dwx thesaurus import FILE [--format …]</c>. Concept URIs use Thesaurus:BaseUri (there is no request here).</summary>
public static class ThesaurusCommand
{
    public static async Task<int> RunAsync(CommandLine c, IServiceProvider sp)
    {
        var baseUri = sp.GetRequiredService<IOptions<ThesaurusOptions>>().Value.BaseUri;
        switch (c.Arguments.FirstOrDefault())
        {
            case "export":
            {
                var syntax = RdfSyntaxes.Parse(c.Option("--format") ?? "ttl") ?? throw new CommandException($"unknown format '{c.Option("--format")}': use ttl, nt, rdfxml or jsonld");
                var text = await sp.GetRequiredService<SkosExport>().WriteAsync(syntax, baseUri);
                if (c.Option("--output") is { } file) await File.WriteAllTextAsync(file, text, new UTF8Encoding(false));
                else
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await stdout.WriteAsync(Encoding.UTF8.GetBytes(text));
                }
                return 0;
            }
            case "import":
            {
                var file = c.Arguments.ElementAtOrDefault(1) ?? throw new CommandException("which file? dwx thesaurus import FILE [--format ttl|nt|rdfxml|jsonld]");
                if (!File.Exists(file)) throw new CommandException($"no such file: {file}");
                var syntax = (c.Option("--format") is { } f ? RdfSyntaxes.Parse(f) : RdfSyntaxes.FromFileName(file))
                    ?? throw new CommandException("cannot tell the syntax from the file name: give --format ttl|nt|rdfxml|jsonld");
                List<Triple> triples;
                try { triples = RdfSyntaxes.Read(syntax, await File.ReadAllTextAsync(file), new Uri(Path.GetFullPath(file)).AbsoluteUri); }
                catch (RdfParseException e) { throw new CommandException($"{file}: {e.Message}"); }
                var report = await sp.GetRequiredService<SkosImport>().ImportAsync(triples, baseUri);
                foreach (var s in report.Skipped) Console.Error.WriteLine("skipped: " + s);
                Console.WriteLine($"{report.Added} added, {report.Changed} changed, {report.Unchanged} unchanged, {report.Skipped.Count} skipped");
                return report.Skipped.Count == 0 ? 0 : 1;
            }
            default:
                throw new CommandException("dwx thesaurus export|import … (dwx thesaurus --help)");
        }
    }
}
