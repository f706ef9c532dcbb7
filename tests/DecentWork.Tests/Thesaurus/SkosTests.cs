using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DecentWork.Data;
using DecentWork.Shared;
using DecentWork.Tests.Infrastructure;
using DecentWork.Thesaurus;
using DecentWork.Thesaurus.Rdf;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace DecentWork.Tests.Thesaurus;

[Collection("apps")]
public partial class SkosTests(Apps apps, ITestOutputHelper output)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static HashSet<string> Lines(IEnumerable<Triple> triples) => triples.Select(t => t.ToString()).ToHashSet();

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Our_thesaurus_round_trips_through_every_syntax_equal_and_reimports_unchanged(string engine)
    {
        var app = apps.Get(engine);
        var c = app.ClientFor(null);
        var nt = await c.GetAsync("/api/v1/thesaurus.nt");
        await nt.Expect(200);
        Assert.StartsWith("application/n-triples", nt.Content.Headers.ContentType!.ToString());
        var reference = Lines(NTriples.Parse(await nt.Content.ReadAsStringAsync()));
        Assert.Contains(reference, l => l.StartsWith("<http://localhost/concepts/social-protection> <http://www.w3.org/2004/02/skos/core#prefLabel> \"社会保护\"@zh") || l.Contains("@zh"));
        foreach (var (ext, syntax) in new[] { ("ttl", RdfSyntax.Turtle), ("rdf", RdfSyntax.RdfXml), ("jsonld", RdfSyntax.JsonLd), ("nt", RdfSyntax.NTriples) })
        {
            var r = await c.GetAsync("/api/v1/thesaurus." + ext);
            await r.Expect(200);
            var triples = RdfSyntaxes.Read(syntax, await r.Content.ReadAsStringAsync(), "http://localhost/");
            Assert.Equal(reference, Lines(triples));
            await using var scope = app.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<SkosImport>().ImportAsync(triples, "http://localhost");
            Assert.Equal((0, 0), (report.Added, report.Changed));
            Assert.Empty(report.Skipped);
            Assert.True(report.Unchanged > 50);
        }
    }

    /// <summary>A generated thesaurus under a foreign base: en/fr/zh labels, definitions, a hierarchy and related links.</summary>
    private static string Generated(int n)
    {
        var sb = new StringBuilder("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix t: <http://example.org/thes/> .\n");
        for (var i = 1; i <= n; i++)
        {
            sb.Append($"t:c{i} a skos:Concept ; skos:prefLabel \"Concept {i}\"@en, \"Concept n° {i}\"@fr, \"概念{i}\"@zh ;\n");
            sb.Append($"  skos:altLabel \"Alt {i}\"@en ; skos:definition \"Definition of \\\"{i}\\\"\"@en");
            if (i > 10) sb.Append($" ;\n  skos:broader t:c{i / 10}");
            if (i % 7 == 0) sb.Append($" ;\n  skos:related t:c{i - 1}");
            sb.Append(" .\n");
        }
        return sb.ToString();
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_large_foreign_thesaurus_imports_by_command_line_then_reimports_unchanged_and_reports_skips(string engine)
    {
        apps.Get(engine);
        using var app = new TestApp(engine);
        _ = app.Server;
        var dir = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "big.ttl");
            await File.WriteAllTextAsync(file, Generated(5000));
            var watch = Stopwatch.StartNew();
            var code = await CommandLine.RunAsync(CommandLine.Parse(["thesaurus", "import", file]), app.Services);
            watch.Stop();
            output.WriteLine($"{engine}: 5,000 concepts imported in {watch.Elapsed.TotalSeconds:0.00} s");
            Console.WriteLine($"SKOS import, {engine}: 5,000 concepts in {watch.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal(0, code);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var c42 = await db.Concepts.Include(c => c.Labels).SingleAsync(c => c.Id == "example-org-thes-c42");
                Assert.Equal("概念42", c42.Label("zh"));
                Assert.Equal("Definition of \"42\"", c42.DefinitionEn);
                Assert.True(await db.ConceptRelations.AnyAsync(r => r.FromId == "example-org-thes-c42" && r.ToId == "example-org-thes-c4" && r.Kind == RelationKind.Broader));
                Assert.True(await db.ConceptRelations.AnyAsync(r => r.FromId == "example-org-thes-c41" && r.ToId == "example-org-thes-c42" && r.Kind == RelationKind.Related));

                var importer = scope.ServiceProvider.GetRequiredService<SkosImport>();
                var again = await importer.ImportAsync(new TurtleParser(await File.ReadAllTextAsync(file), null).Parse(), "http://localhost:5000");
                Assert.Equal((0, 0, 5000), (again.Added, again.Changed, again.Unchanged));

                var edit = """
                    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
                    <http://example.org/thes/c1> skos:prefLabel "Premier concept"@fr ; skos:narrower <http://example.org/thes/new> .
                    <http://example.org/thes/new> a skos:Concept ; skos:prefLabel "New"@en ; skos:related <http://nowhere.example/x> .
                    <http://example.org/thes/nolabel> a skos:Concept ; skos:altLabel "Only alt"@en .
                    <http://example.org/thes/c2> a skos:Concept ; skos:prefLabel "Concept 2"@en, "Two"@en ; skos:prefLabel "Sans langue" .
                    """;
                var report = await importer.ImportAsync(new TurtleParser(edit, null).Parse(), "http://localhost:5000");
                Assert.Equal(1, report.Added);
                Assert.Equal(2, report.Changed); // c1 (its French label, a new narrower link; untyped but known), c2 (English labels)
                Assert.Contains(report.Skipped, s => s.Contains("nolabel") && s.Contains("prefLabel"));
                Assert.Contains(report.Skipped, s => s.Contains("nowhere.example"));
                Assert.Contains(report.Skipped, s => s.Contains("second prefLabel"));
                Assert.Contains(report.Skipped, s => s.Contains("Sans langue"));
            }
            // Our own export of the merged thesaurus reads back into the same graph (URIs now under our base).
            var exported = Path.Combine(dir, "out.jsonld");
            Assert.Equal(0, await CommandLine.RunAsync(CommandLine.Parse(["thesaurus", "export", "--format", "jsonld", "--output", exported]), app.Services));
            var back = JsonLd.Parse(await File.ReadAllTextAsync(exported), null);
            Assert.Contains(back, t => t.Subject.Value == "http://localhost:5000/concepts/example-org-thes-c1" && t.Object == Term.Literal("Premier concept", "fr"));
            Assert.Equal(2, await CommandLine.RunAsync(CommandLine.Parse(["thesaurus", "import", Path.Combine(dir, "missing.ttl")]), app.Services));
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Editor_page_downloads_and_merges_an_upload_and_shows_errors_next_to_the_field(string engine)
    {
        var app = apps.Get(engine);
        Assert.Equal(HttpStatusCode.Redirect, (await app.ClientFor(null).GetAsync("/en/thesaurus")).StatusCode);
        var contributor = await app.CreateUserAsync("Contributor", (await app.CreateOrganisationAsync()).Id);
        Assert.NotEqual(HttpStatusCode.OK, (await app.ClientFor(contributor).GetAsync("/en/thesaurus")).StatusCode);

        var editor = app.ClientFor(await app.CreateUserAsync("Editor"));
        var page = await editor.GetAsync("/fr/thesaurus");
        await page.Expect(200);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/api/v1/thesaurus.ttl", html);
        var token = Antiforgery().Match(html).Groups[1].Value;

        async Task<string> Post(string name, string content, string? format = null)
        {
            using var form = new MultipartFormDataContent { { new StringContent(token), "__af" }, { new StringContent(format ?? ""), "format" } };
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", name);
            var r = await editor.PostAsync("/fr/thesaurus", form);
            await r.Expect(200);
            return await r.Content.ReadAsStringAsync();
        }
        var id = "page-" + Guid.NewGuid().ToString("N")[..8];
        // OAI-PMH keeps the sets' reference data between requests: an import must make it read them again.
        async Task<string> Sets() => await (await app.ClientFor(null).GetAsync("/oai?verb=ListSets")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("theme:" + id, await Sets());
        var ok = await Post("t.nt", $"<http://localhost/concepts/{id}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#Concept> .\n" +
                                    $"<http://localhost/concepts/{id}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Dialogue social en ligne\"@fr .\n");
        Assert.Contains("1 ajoutés, 0 modifiés, 0 inchangés, 0 ignorés.", ok);
        Assert.Contains("theme:" + id, await Sets());
        var bad = await Post("t.ttl", "<a> <b> \"unterminated .");
        Assert.Contains("Le fichier n&#x27;a pas pu être lu", bad.Replace("'", "&#x27;"));
        Assert.Contains("line 1", bad);
        var unknown = await Post("t.txt", "x");
        Assert.Contains("Choisissez la syntaxe", unknown);
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
