using System.Text;
using System.Text.Json.Nodes;
using DecentWork.Organisations;
using DecentWork.Shared;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.OpenData;

[Collection("apps")]
public class ExportImportTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    /// <summary>A published practice with a translation, an endorsement and an unreviewed edit; a Chinese draft;
    /// a withdrawn one. Returns the editor who can export everything.</summary>
    private static async Task<TestApp.TestUser> SeedAsync(TestApp app)
    {
        var org = await app.CreateOrganisationAsync(); // no key: found again by name, group and country
        var unions = await app.CreateOrganisationAsync(ConstituentGroup.Workers, "CHN");
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        var editor = await app.CreateUserAsync("Editor");

        async Task<(int Id, string ETag)> Create(Dictionary<string, object?> body)
        {
            body["organisations"] = new[] { new { id = org.Id, role = "lead" } };
            var r = await author.PostAsync("/api/v1/practices", Http.Body(body));
            await r.Expect(201);
            return ((int)(await r.JsonAsync())["id"]!, r.Headers.ETag!.Tag);
        }
        async Task Act(HttpClient c, int id, string action)
            => await (await c.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action }))).Expect(200);

        var (a, etag) = await Create(Http.Practice("fr", "Mutuelles de santé, « export » ; test"));
        var tr = await author.PutWithETag($"/api/v1/practices/{a}/translations/zh", new { title = "互助医疗：导出测试", summary = "中文摘要，含“引号”。" }, etag);
        await tr.Expect(200);
        await Act(author, a, "submit");
        await Act(reviewer, a, "publish");
        var unionist = app.ClientFor(await app.CreateUserAsync("Contributor", unions.Id));
        await (await unionist.PostAsync($"/api/v1/practices/{a}/endorsements", Http.Body(new { statement = "Nous soutenons." }))).Expect(201);
        var current = await author.GetAsync($"/api/v1/practices/{a}");
        var edit = Http.Practice("fr", "Mutuelles de santé, version de travail");
        edit["organisations"] = new[] { new { id = org.Id, role = "lead" } };
        await (await author.PutWithETag($"/api/v1/practices/{a}", edit, current.Headers.ETag!.Tag)).Expect(200);

        await Create(Http.Practice("zh", "城乡居民基本养老保险（草稿）", "覆盖面扩大到“全民”。"));
        var (w, _) = await Create(Http.Practice("es", "Práctica retirada"));
        await Act(author, w, "submit");
        await Act(reviewer, w, "publish");
        await Act(reviewer, w, "withdraw");
        return editor;
    }

    private static async Task<string> ExportAsync(TestApp app, TestApp.TestUser editor, string query = "?status=all")
    {
        var r = await app.ClientFor(editor).GetAsync("/api/v1/export.jsonl" + query);
        await r.Expect(200);
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>Ids are each instance's own; everything else must come back identical.</summary>
    private static string Normalise(string jsonl) => string.Join("\n", jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => { var n = JsonNode.Parse(l)!; StripIds(n); return n.ToJsonString(); }));

    private static void StripIds(JsonNode? n)
    {
        if (n is JsonObject o) { o.Remove("id"); foreach (var (_, v) in o) StripIds(v); }
        else if (n is JsonArray a) foreach (var v in a) StripIds(v);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_export_imported_into_an_empty_instance_gives_back_the_same_practices(string engine)
    {
        apps.Get(engine); // skips when the engine is not available
        using var source = new TestApp(engine);
        var editor = await SeedAsync(source);
        var exported = await ExportAsync(source, editor);
        Assert.Equal(3, exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        using var target = new TestApp(engine);
        _ = target.Server;
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".jsonl");
        await File.WriteAllTextAsync(file, exported);
        int code;
        try { code = await CommandLine.RunAsync(CommandLine.Parse(["import", file]), target.Services); }
        finally { File.Delete(file); }
        Assert.Equal(0, code);

        var back = await ExportAsync(target, await target.CreateUserAsync("Editor"));
        Assert.Equal(Normalise(exported), Normalise(back));
        var first = JsonNode.Parse(back.Split('\n')[0])!;
        Assert.Equal("Draft", (string)first["status"]!); // published, with an unreviewed edit on top
        Assert.Equal(3, first["revisions"]!.AsArray().Count); // created, translated, edited after publication
        Assert.Equal(2, (int)first["publishedRevision"]!);
        Assert.Single(first["endorsements"]!.AsArray());

        // Readers of the new instance see the published revision, not the working copy.
        var id = (int)first["id"]!;
        var pub = await (await target.ClientFor(null).GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("Mutuelles de santé, « export » ; test", (string)pub["title"]!);
        var page = await target.CreateClient().GetAsync($"/zh/practices/{id}"); // follows the redirect to the canonical slug
        Assert.Contains("互助医疗：导出测试", await page.Content.ReadAsStringAsync());
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Anonymous_export_holds_published_content_only_and_other_statuses_need_an_editor(string engine)
    {
        apps.Get(engine);
        using var app = new TestApp(engine);
        var editor = await SeedAsync(app);
        var anon = app.ClientFor(null);
        var r = await anon.GetAsync("/api/v1/export.jsonl");
        await r.Expect(200);
        Assert.StartsWith("application/x-ndjson", r.Content.Headers.ContentType!.ToString());
        var lines = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var only = Assert.Single(lines);
        var rec = JsonNode.Parse(only)!;
        Assert.Equal("Mutuelles de santé, « export » ; test", (string)rec["title"]!);
        Assert.Equal("Published", (string)rec["status"]!);
        Assert.Equal(2, rec["revisions"]!.AsArray().Count); // the unreviewed edit stays private

        await (await anon.GetAsync("/api/v1/export.jsonl?status=all")).Expect(401);
        var contributor = await app.CreateUserAsync("Contributor", (await app.CreateOrganisationAsync()).Id);
        await (await app.ClientFor(contributor).GetAsync("/api/v1/export.csv?status=draft")).Expect(403);
        var bad = await anon.GetAsync("/api/v1/export.jsonl?language=xx&status=bogus");
        await bad.Expect(400);
        var problem = await bad.JsonAsync();
        Assert.NotNull(problem["errors"]!["language"]);
        Assert.NotNull(problem["errors"]!["status"]);

        var drafts = await ExportAsync(app, editor, "?status=draft&language=zh");
        Assert.Contains("城乡居民基本养老保险", Assert.Single(drafts.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty((await ExportAsync(app, editor, "?country=SEN")).Trim());
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Csv_export_has_a_bom_a_header_and_quoted_fields_that_a_spreadsheet_reads(string engine)
    {
        apps.Get(engine);
        using var app = new TestApp(engine);
        var editor = await SeedAsync(app);
        var r = await app.ClientFor(editor).GetAsync("/api/v1/export.csv?status=all");
        await r.Expect(200);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Csv.Read(new StringReader(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3))).ToList();
        Assert.Equal(DecentWork.OpenData.ExportWriter.Columns, rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.Equal(rows[0].Count, row.Count));
        Assert.Contains(rows, row => row[2] == "城乡居民基本养老保险（草稿）" && row[3] == "覆盖面扩大到“全民”。");
        Assert.Contains(rows, row => row[2] == "Mutuelles de santé, version de travail" && row[15] == "zh" && row[22] == "3");
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Export_verb_writes_a_file_with_filters_and_rejects_bad_options(string engine)
    {
        apps.Get(engine);
        using var app = new TestApp(engine);
        await SeedAsync(app);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            Assert.Equal(0, await CommandLine.RunAsync(CommandLine.Parse(["export", "--format", "jsonl", "--filter", "status=all,language=es", "--output", file]), app.Services));
            var rec = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(file)))!;
            Assert.Equal("Withdrawn", (string)rec["status"]!);
            Assert.Equal(2, CommandLine.Parse(["export", "--format", "xml"]) is var c ? await CommandLine.RunAsync(c, app.Services) : 0);
            Assert.Equal(2, await CommandLine.RunAsync(CommandLine.Parse(["export", "--filter", "colour=red"]), app.Services));
        }
        finally { File.Delete(file); }
    }

    /// <summary>PracticeExport reads a page back as the id range it spans with the filter applied again: matching
    /// practices must come out once each, in id order, across page boundaries, and the practices between them that
    /// do not match (another theme, withdrawn) must not slip in.</summary>
    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_filtered_export_over_several_pages_holds_each_matching_practice_once_and_nothing_between(string engine)
    {
        var app = apps.Get(engine);
        var n = 4 * DecentWork.OpenData.PracticeExport.DefaultPageSize + 100; // half match: more than two pages of them
        var seeded = await OaiSeed.InsertAsync(app, n, new DateTime(1987, 5, 1, 0, 0, 0, DateTimeKind.Utc), _ => "SEN");
        var withdrawn = seeded.Ids.Where((_, i) => i % 20 == 0).ToHashSet();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DecentWork.Data.AppDb>();
            foreach (var p in db.Practices.Where(p => withdrawn.Contains(p.Id))) p.ForceStatus(DecentWork.Practices.PracticeStatus.Withdrawn);
            await db.SaveChangesAsync();
        }
        // Even seeds carry the theme, odd ones the narrower theme (the export's theme filter is exact).
        var expected = seeded.Ids.Where((id, i) => i % 2 == 0 && !withdrawn.Contains(id)).Order().ToList();

        var r = await app.ClientFor(null).GetAsync($"/api/v1/export.jsonl?theme={Uri.EscapeDataString(seeded.Theme)}");
        await r.Expect(200);
        var ids = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (int)JsonNode.Parse(l)!["id"]!).ToList();
        Assert.True(expected.Count > DecentWork.OpenData.PracticeExport.DefaultPageSize);
        Assert.Equal(expected, ids);
    }
}
