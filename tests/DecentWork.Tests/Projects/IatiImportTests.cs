using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using DecentWork.Data;
using DecentWork.Projects;
using DecentWork.Shared;
using DecentWork.Tests.Infrastructure;
using DecentWork.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.Projects;

/// <summary>IATI files into the database, through the importer, the command line, the upload page and the API.</summary>
[Collection("apps")]
public class IatiImportTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static async Task<IatiReport> ImportAsync(TestApp app, string path)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IatiImporter>().ImportFileAsync(path);
    }

    private static async Task<IatiReport> ImportTextAsync(TestApp app, string xml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dwx-iati-test-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, xml);
        try { return await ImportAsync(app, path); }
        finally { File.Delete(path); }
    }

    private static async Task<T> DbAsync<T>(TestApp app, Func<AppDb, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    private static Task<int> RealCountAsync(TestApp app)
        => DbAsync(app, db => db.Projects.CountAsync(p => p.IatiIdentifier.StartsWith(IatiSamples.RealPrefix)));

    private static Task<int> ProjectIdAsync(TestApp app, string identifier)
        => DbAsync(app, db => db.Projects.Where(p => p.IatiIdentifier == identifier).Select(p => p.Id).SingleAsync());

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_spanish_file_imports_83_projects_and_a_second_import_updates_them(string engine)
    {
        var app = apps.Get(engine);
        var first = await ImportAsync(app, IatiSamples.RealFile);
        Assert.True(first.Complete, string.Join("\n", first.Problems.Take(20)) + first.Refused);
        Assert.Equal(83, first.Added + first.Updated);
        Assert.Equal(83, await RealCountAsync(app));

        var p = await DbAsync(app, db => db.Projects.AsNoTracking().Include(x => x.Texts).Include(x => x.Countries).Include(x => x.Budgets)
            .Include(x => x.Organisations).ThenInclude(o => o.Names).Include(x => x.Dates)
            .SingleAsync(x => x.IatiIdentifier == "ES-DIR3-E04585801-009-001301"));
        var title = Assert.Single(p.Texts, t => t.Kind == ProjectTextKind.Title);
        Assert.Equal(("es", "Personas cooperantes voluntarias en organismos internacionales"), (title.Language, title.Text));
        Assert.Equal("UNESCO YACARTA", Assert.Single(p.Texts, t => t.Kind == ProjectTextKind.Description).Text);
        Assert.Equal("IDN", Assert.Single(p.Countries).CountryCode);
        Assert.Equal(100m, p.Countries[0].Percentage);
        var budget = Assert.Single(p.Budgets);
        Assert.Equal((9270m, "EUR", new DateOnly(2011, 11, 1), new DateOnly(2011, 12, 31)), (budget.Value, budget.Currency, budget.PeriodStart, budget.PeriodEnd));
        Assert.Equal(ActivityStatus.Finalisation, p.Status);
        Assert.Equal(new DateOnly(2011, 11, 1), Assert.Single(p.Dates, d => d.Type == ActivityDateType.PlannedStart).Date);
        var reporting = Assert.Single(p.Organisations, o => o.IsReporting);
        Assert.Equal(("ES-DIR3-E04585801", "en", "Ministry of Foreign Affairs and Cooperation, Spain"), (reporting.Ref, reporting.Names.Single().Language, reporting.Names.Single().Name));
        var extending = Assert.Single(p.Organisations, o => o.Role == OrganisationRole.Extending);
        Assert.Equal(("es", "CCAA CAV - País Vasco"), (extending.Names.Single().Language, extending.Names.Single().Name));
        Assert.Equal(4, p.Organisations.Count(o => !o.IsReporting));

        var titles = await DbAsync(app, db => db.ProjectTexts.Where(t => t.Kind == ProjectTextKind.Title && t.Language == "es").Select(t => t.Text).ToListAsync());
        Assert.Contains("Programa Español de Microfinanzas en Indonesia - PT Permodalan Nasional Madani (PERSERO) (PNM)", titles);
        Assert.Contains("SUMINISTRO DE PUENTES METALICOS", titles);
        Assert.Equal(83, await DbAsync(app, db => db.Projects.CountAsync(x => x.IatiIdentifier.StartsWith(IatiSamples.RealPrefix)
            && x.Countries.Any(c => c.CountryCode == "IDN") && x.Texts.Any(t => t.Kind == ProjectTextKind.Title && t.Language == "es"))));
        Assert.Equal(110, await DbAsync(app, db => db.ProjectBudgets.CountAsync(b => b.Currency == "EUR"
            && db.Projects.Any(x => x.Id == b.ProjectId && x.IatiIdentifier.StartsWith(IatiSamples.RealPrefix)))));

        // Themes by the thesaurus matcher: the Spanish title names microfinance.
        var microfinance = await DbAsync(app, db => db.Projects.Where(x => x.Texts.Any(t => t.Text.StartsWith("Programa Español de Microfinanzas")))
            .SelectMany(x => x.Concepts.Select(c => c.ConceptId)).ToListAsync());
        Assert.Contains("microfinance", microfinance);

        var second = await ImportAsync(app, IatiSamples.RealFile);
        Assert.Equal((0, 83, 0), (second.Added, second.Updated, second.Skipped));
        Assert.Equal(83, await RealCountAsync(app));
        Assert.Equal(1, await DbAsync(app, db => db.ProjectBudgets.CountAsync(b => b.ProjectId == p.Id)));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_broken_activity_is_imported_where_it_makes_sense_and_each_problem_is_reported(string engine)
    {
        var app = apps.Get(engine);
        var id = app.Unique("XM-BROKEN");
        var extra = """
            <recipient-country code="XX" percentage="10"/>
            <activity-date type="2" iso-date="2011-13-45"/>
            <budget><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/><value>abc</value></budget>
            """;
        var report = await ImportTextAsync(app, IatiSamples.File(IatiSamples.Activity(id, extra: extra)
            + "<iati-activity><title><narrative>Sin identificador</narrative></title></iati-activity>"));
        Assert.Null(report.Refused);
        Assert.False(report.Complete);
        Assert.Equal((1, 0, 1), (report.Added, report.Updated, report.Skipped));
        var problems = report.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains($"{id} / budget/value: not a number 'abc'", problems);
        Assert.Contains($"{id} / activity-date/@iso-date: not a date '2011-13-45'", problems);
        Assert.Contains($"{id} / recipient-country/@code: unknown country 'XX'", problems);
        Assert.Contains(problems, p => p.StartsWith("activity 2 (line ") && p.Contains("iati-identifier: missing"));

        var pid = await ProjectIdAsync(app, id);
        Assert.Equal(new[] { "IDN" }, await DbAsync(app, db => db.ProjectCountries.Where(c => c.ProjectId == pid).Select(c => c.CountryCode).ToListAsync()));
        Assert.Equal(1, await DbAsync(app, db => db.ProjectBudgets.CountAsync(b => b.ProjectId == pid && b.Value == 125000.50m)));
        Assert.Equal(2, await DbAsync(app, db => db.ProjectDates.CountAsync(d => d.ProjectId == pid)));
        var themes = await DbAsync(app, db => db.ProjectConcepts.Where(c => c.ProjectId == pid).Select(c => c.ConceptId).ToListAsync());
        Assert.Contains("social-protection", themes);
        Assert.Contains("vocational-training", themes);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "malformed", "not well-formed" },
        { "wrong-root", "not 'iati-activities'" },
        { "wrong-namespace", "namespace" },
        { "not-xml", "not an XML document" },
        { "billion-laughs", "DTD" },
        { "external-entity", "DTD" },
    };

    private static string Hostile(string kind, string id) => kind switch
    {
        // A valid activity first: a streaming import that wrote as it went would have saved it.
        "malformed" => IatiSamples.File(IatiSamples.Activity(id)) .Replace("</iati-activities>", "<iati-activity><title></iati-activity></iati-activities>"),
        "wrong-root" => $"<activities version=\"2.01\">{IatiSamples.Activity(id)}</activities>",
        "wrong-namespace" => IatiSamples.File(IatiSamples.Activity(id), rootAttributes: "xmlns=\"http://iatistandard.org/activities\""),
        "not-xml" => $"{{\"iati-identifier\": \"{id}\"}}",
        "billion-laughs" => IatiSamples.BillionLaughs.Replace("LOL-1", id),
        "external-entity" => IatiSamples.ExternalEntity.Replace("XXE-1", id),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [SkippableTheory, MemberData(nameof(Refused))]
    public async Task A_file_that_is_not_safe_iati_is_refused_clearly_and_nothing_is_saved(string kind, string expected)
    {
        foreach (var engine in new[] { "sqlite", "postgres" })
        {
            if (engine == "postgres" && TestApp.PostgresServer is null) continue;
            var app = apps.Get(engine);
            var id = app.Unique("XM-REFUSED");
            var report = await ImportTextAsync(app, Hostile(kind, id));
            Assert.NotNull(report.Refused);
            Assert.Contains(expected, report.Refused);
            Assert.DoesNotContain(IatiSamples.PasswdMarker, report.Refused);
            Assert.Equal((0, 0), (report.Added, report.Updated));
            Assert.Equal(0, await DbAsync(app, db => db.Projects.CountAsync(p => p.IatiIdentifier == id)));
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Dwx_import_routes_xml_to_iati_exits_0_when_complete_and_1_with_what_it_skipped(string engine)
    {
        var app = apps.Get(engine);
        Assert.Equal(0, await RunImportAsync(app, IatiSamples.RealFile, out var _));
        // Sniffed by content whatever the name.
        var path = Path.Combine(Path.GetTempPath(), $"dwx-iati-{Guid.NewGuid():N}.txt");
        var id = app.Unique("XM-CLI");
        await File.WriteAllTextAsync(path, IatiSamples.File(IatiSamples.Activity(id, extra: "<budget><period-start iso-date=\"2021-01-01\"/><period-end iso-date=\"2021-12-31\"/><value>abc</value></budget>")));
        try
        {
            Assert.Equal(1, await RunImportAsync(app, path, out var stderr));
            Assert.Contains($"{id} / budget/value: not a number 'abc'", stderr.ToString());
            await File.WriteAllTextAsync(path, IatiSamples.ExternalEntity);
            Assert.Equal(1, await RunImportAsync(app, path, out stderr));
            Assert.Contains("refused", stderr.ToString());
            Assert.DoesNotContain(IatiSamples.PasswdMarker, stderr.ToString());
        }
        finally { File.Delete(path); }
        Assert.Equal(1, await DbAsync(app, db => db.Projects.CountAsync(p => p.IatiIdentifier == id)));
        Assert.True(CommandLine.Parse(["import", "--help"]).Help);
    }

    private static Task<int> RunImportAsync(TestApp app, string file, out StringWriter stderr)
    {
        var err = stderr = new StringWriter();
        return Run();
        async Task<int> Run()
        {
            var previousErr = Console.Error;
            var previousOut = Console.Out;
            Console.SetError(err);
            Console.SetOut(new StringWriter());
            try { return await CommandLine.RunAsync(CommandLine.Parse(["import", file]), app.Services); }
            finally { Console.SetError(previousErr); Console.SetOut(previousOut); }
        }
    }

    // ---- pages ---------------------------------------------------------------------------------------------------

    private static HttpClient Browser(TestApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the upload form as a browser does: multipart, its fields in page order (the token first), the file.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, IHtmlDocument page, byte[] file, string fileName = "activities.xml")
    {
        var form = (IHtmlFormElement)page.QuerySelector("form#iati-upload")!;
        var content = new MultipartFormDataContent();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden"))
            content.Add(new StringContent(input.Value), input.Name!);
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        content.Add(part, "file", fileName);
        var action = form.GetAttribute("action");
        return await c.PostAsync(string.IsNullOrEmpty(action) ? "/en/projects/import" : action, content);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_editor_uploads_a_file_through_the_form_and_sees_the_report(string engine)
    {
        var app = apps.Get(engine);
        var editor = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Editor"));
        var page = await editor.PageAsync("/en/projects/import");
        var r = await UploadAsync(editor, page, await File.ReadAllBytesAsync(IatiSamples.RealFile));
        await r.Expect(200);
        var report = await Html.ParseAsync(r);
        var text = report.QuerySelector("#iati-report")!.TextContent;
        Assert.Matches(@"(\d+) added, (\d+) updated, 0 skipped, 0 problems", text);
        Assert.Contains("Everything in the file was imported", text);
        Assert.Equal(83, await RealCountAsync(app));

        // Past the site's 1 MB body limit: the upload page takes up to 250 MB.
        var largeId = app.Unique("XM-PAGE-LARGE");
        var large = IatiSamples.File(IatiSamples.Activity(largeId, extra: "<description type=\"2\"><narrative>" + new string('d', 2_000_000) + "</narrative></description>"));
        page = await editor.PageAsync("/en/projects/import");
        r = await UploadAsync(editor, page, Encoding.UTF8.GetBytes(large));
        await r.Expect(200);
        Assert.Contains("1 added", (await Html.ParseAsync(r)).QuerySelector("#iati-report")!.TextContent);

        // A hostile file through the same form: refused, and nothing of /etc/passwd comes back.
        page = await editor.PageAsync("/en/projects/import");
        r = await UploadAsync(editor, page, Encoding.UTF8.GetBytes(IatiSamples.ExternalEntity));
        await r.Expect(200);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("nothing was imported", body);
        Assert.DoesNotContain(IatiSamples.PasswdMarker, body);

        // Without the page's token the upload is refused before the file is read.
        var stranger = Browser(app);
        var forged = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(IatiSamples.File(""))), "file", "a.xml" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PostAsync("/en/projects/import", forged)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await stranger.PostAsync("/en/projects/import", forged)).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Contributors_and_anonymous_readers_cannot_reach_the_upload(string engine)
    {
        var app = apps.Get(engine);
        var anonymous = Browser(app);
        var toSignIn = await anonymous.GetAsync("/en/projects/import");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/en/account/signin", toSignIn.Headers.Location!.OriginalString);
        var org = await app.CreateOrganisationAsync();
        var contributor = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Contributor", org.Id));
        var denied = await contributor.GetAsync("/en/projects/import");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/en/account/denied", denied.Headers.Location!.OriginalString);
        var post = new MultipartFormDataContent { { new StringContent("x"), "__af" } };
        var deniedPost = await contributor.PostAsync("/en/projects/import", post);
        Assert.Equal(HttpStatusCode.Redirect, deniedPost.StatusCode);
        Assert.StartsWith("/en/account/denied", deniedPost.Headers.Location!.OriginalString);
        // The API too: a contributor's token may not import.
        var api = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/v1/projects/import", new StringContent(IatiSamples.File(""), Encoding.UTF8, "application/xml"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(null).PostAsync("/api/v1/projects/import", new StringContent(IatiSamples.File(""), Encoding.UTF8, "application/xml"))).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_country_page_lists_its_projects_and_the_project_page_marks_the_spanish_title(string engine)
    {
        var app = apps.Get(engine);
        await ImportAsync(app, IatiSamples.RealFile);
        var id = await ProjectIdAsync(app, "ES-DIR3-E04585801-009-001301");
        var reader = Browser(app);

        var country = await reader.PageAsync("/en/countries/IDN");
        var section = country.QuerySelector("section[aria-labelledby=country-projects]")!;
        Assert.Contains("projects", section.TextContent);
        Assert.NotNull(section.QuerySelector("a[href^='/en/projects/'][lang=es]"));
        Assert.NotNull(section.QuerySelector("a[href='/en/projects?country=IDN']"));

        var en = await reader.PageAsync($"/en/projects/{id}");
        var h1 = en.QuerySelector("h1")!;
        Assert.Equal("Personas cooperantes voluntarias en organismos internacionales", h1.TextContent);
        Assert.Equal("es", h1.GetAttribute("lang"));
        Assert.Contains("not published in English", en.QuerySelector("[role=note]")!.TextContent);
        Assert.Contains("EUR", en.QuerySelector("section[aria-labelledby=project-budgets]")!.TextContent);
        Assert.Contains("Indonesia", en.QuerySelector("a[href='/en/countries/IDN']")!.TextContent);
        Assert.Null(en.QuerySelector("form#link-practice")); // readers cannot link

        var es = await reader.PageAsync($"/es/projects/{id}");
        Assert.Null(es.QuerySelector("h1")!.GetAttribute("lang"));
        Assert.Null(es.QuerySelector("[role=note]"));

        var list = await (await reader.GetAsync("/api/v1/projects?country=idn&size=5")).JsonAsync();
        Assert.True((int)list["total"]! >= 83);
        Assert.Equal(5, list["items"]!.AsArray().Count);
        Assert.Equal((1, 5), ((int)list["page"]!, (int)list["size"]!));
        await (await reader.GetAsync("/api/v1/projects?size=500")).Expect(400);
        var one = await (await reader.GetAsync($"/api/v1/projects/{id}")).JsonAsync();
        Assert.Equal("Personas cooperantes voluntarias en organismos internacionales", (string)one["titles"]![0]!["text"]!);
        Assert.Equal("EUR", (string)one["budgets"]![0]!["currency"]!);
        await (await reader.GetAsync("/api/v1/projects/999999")).Expect(404);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_editor_links_a_project_to_a_practice_on_the_project_page(string engine)
    {
        var app = apps.Get(engine);
        var pid = app.Unique("XM-LINK");
        Assert.True((await ImportTextAsync(app, IatiSamples.File(IatiSamples.Activity(pid)))).Complete);
        var id = await ProjectIdAsync(app, pid);
        var practice = await ReaderPagesTests.PublishedAsync(app, Http.Practice("en", "Youth guarantee " + pid));
        var editor = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Editor"));

        var page = await editor.PageAsync($"/en/projects/{id}");
        Assert.NotNull(page.QuerySelector("a[href='/en/themes/social-protection']"));
        var bad = await editor.SubmitAsync(page, "form#link-practice", new Dictionary<string, string?> { ["practice"] = "999999" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("There is no practice 999999", (await Html.ParseAsync(bad)).QuerySelector("#practice-error")!.TextContent);

        page = await editor.PageAsync($"/en/projects/{id}");
        var ok = await editor.SubmitAsync(page, "form#link-practice", new Dictionary<string, string?> { ["practice"] = $"/en/practices/{practice}/youth" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var shown = await editor.PageAsync(ok.Headers.Location!.OriginalString);
        Assert.Contains("Youth guarantee " + pid, shown.QuerySelector("#practices")!.ParentElement!.TextContent);
        var json = await (await app.ClientFor(null).GetAsync($"/api/v1/projects/{id}")).JsonAsync();
        Assert.Equal(practice, (int)json["practices"]![0]!);

        // The link survives a re-import of the project.
        await ImportTextAsync(app, IatiSamples.File(IatiSamples.Activity(pid)));
        Assert.Equal(1, await DbAsync(app, db => db.ProjectPractices.CountAsync(x => x.ProjectId == id)));

        // A reader has no form; a contributor posting anyway is refused.
        var org = await app.CreateOrganisationAsync();
        var contributor = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Contributor", org.Id));
        var theirs = await contributor.PageAsync($"/en/projects/{id}");
        Assert.Null(theirs.QuerySelector("form#link-practice"));
        var forged = await contributor.SubmitAsync(page, "form#link-practice", new Dictionary<string, string?> { ["practice"] = $"{practice}" });
        Assert.True(forged.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_api_imports_an_xml_body_for_an_editor_and_refuses_a_non_iati_one(string engine)
    {
        var app = apps.Get(engine);
        var api = app.ClientFor(await app.CreateUserAsync("Editor"));
        var id = app.Unique("XM-API");
        var r = await api.PostAsync("/api/v1/projects/import", new StringContent(IatiSamples.File(IatiSamples.Activity(id)), Encoding.UTF8, "application/xml"));
        var report = await r.JsonAsync();
        Assert.True((bool)report["complete"]!, report.ToJsonString());
        Assert.Equal(1, (int)report["added"]!);
        var again = await (await api.PostAsync("/api/v1/projects/import", new StringContent(IatiSamples.File(IatiSamples.Activity(id)), Encoding.UTF8, "application/xml"))).JsonAsync();
        Assert.Equal((0, 1), ((int)again["added"]!, (int)again["updated"]!));

        // Past the site's 1 MB body limit: the import endpoints take up to 250 MB.
        var large = IatiSamples.File(IatiSamples.Activity(app.Unique("XM-API-LARGE"), extra: "<description type=\"2\"><narrative>" + new string('d', 2_000_000) + "</narrative></description>"));
        var largeReport = await (await api.PostAsync("/api/v1/projects/import", new StringContent(large, Encoding.UTF8, "application/xml"))).JsonAsync();
        Assert.Equal(1, (int)largeReport["added"]!);
        await (await api.PostAsync("/api/v1/practices", new StringContent(large, Encoding.UTF8, "application/json"))).Expect(413);

        var refused = await api.PostAsync("/api/v1/projects/import", new StringContent(IatiSamples.ExternalEntity, Encoding.UTF8, "application/xml"));
        await refused.Expect(422);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(IatiSamples.PasswdMarker, await refused.Content.ReadAsStringAsync());
    }
}
