using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DecentWork.Organisations;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Practices;

[Collection("apps")]
public class PracticesApiTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private async Task<(TestApp App, TestApp.TestUser Contributor, HttpClient Client)> Contributor(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var user = await app.CreateUserAsync("Contributor", org.Id);
        return (app, user, app.ClientFor(user));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Create_answers_201_with_location_id_and_etag(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var r = await c.PostAsync("/api/v1/practices", Http.Body(Http.Practice(organisationId: user.OrganisationId)));
        await r.Expect(201);
        var body = await r.JsonAsync();
        var id = (int)body["id"]!;
        Assert.Equal($"/api/v1/practices/{id}", r.Headers.Location!.OriginalString);
        Assert.NotNull(r.Headers.ETag);
        Assert.Equal("Draft", (string)body["status"]!);
        Assert.Equal("working", (string)body["view"]!);
        Assert.Equal(user.OrganisationId, (int?)body["ownerOrganisationId"]);
        Assert.Equal("CHN", (string)body["countries"]![0]!);
        Assert.Equal(61.2m, (decimal)body["indicators"]![0]!["result"]!["value"]!);
        Assert.EndsWith("Z", (string)body["createdAt"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Chinese_French_and_Spanish_text_round_trips_byte_for_byte(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var texts = new Dictionary<string, (string Title, string Summary)>
        {
            ["zh"] = ("城乡居民基本养老保险：从试点到全覆盖（示例）", "覆盖面扩大到“全民”——𠮷字与标点，；：「」"),
            ["fr"] = ("Négociation collective : l’État, les syndicats et « œuvres » — Ça marche !", "Élargir la protection sociale à l'économie informelle ; œ, æ, ç, é, è, ê, ë, ï, ù."),
            ["es"] = ("Pensión básica solidaria: ¿jubilación para quién?", "Extensión de la cobertura a trabajadoras domésticas — año, niño, pingüino."),
        };
        foreach (var (lang, (title, summary)) in texts)
        {
            var r = await c.PostAsync("/api/v1/practices", Http.Body(Http.Practice(lang, title, summary, user.OrganisationId)));
            await r.Expect(201);
            var id = (int)(await r.JsonAsync())["id"]!;
            var back = await (await c.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
            Assert.Equal(Encoding.UTF8.GetBytes(title), Encoding.UTF8.GetBytes((string)back["title"]!));
            Assert.Equal(Encoding.UTF8.GetBytes(summary), Encoding.UTF8.GetBytes((string)back["summary"]!));
            Assert.Equal(lang, (string)back["language"]!);
        }
    }

    private static readonly (string Field, object? Value, string ErrorKey)[] BadCases =
    [
        ("language", "xx", "language"),
        ("countries", new[] { "CHN", "XYZ" }, "countries[1]"),
        ("themes", new[] { "no-such-concept" }, "themes[0]"),
        ("pillars", new[] { "happiness" }, "pillars[0]"),
        ("standards", new[] { "C999" }, "standards[0]"),
        ("sdgTargets", new[] { "99.9" }, "sdgTargets[0]"),
        ("title", null, "title"),
        ("summary", "", "summary"),
        ("title", new string('x', 301), "title"),
        ("title", "bell\u0007", "title"),
        ("scale", "galactic", "scale"),
        ("organisations", new[] { new { id = 987654, role = "lead" } }, "organisations[0]"),
        ("period", new { start = 2020, end = 2010 }, "period.end"),
    ];

    public static TheoryData<string, int> BadInputs()
    {
        var d = new TheoryData<string, int>();
        foreach (var engine in new[] { "sqlite", "postgres" })
            for (var i = 0; i < BadCases.Length; i++) d.Add(engine, i);
        return d;
    }

    [SkippableTheory, MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_400_naming_the_field_and_saves_nothing(string engine, int index)
    {
        var (field, value, errorKey) = BadCases[index];
        var (app, user, c) = await Contributor(engine);
        var body = Http.Practice(organisationId: user.OrganisationId);
        body[field] = value;
        var before = await CountAsync(app);
        var r = await c.PostAsync("/api/v1/practices", Http.Body(body));
        await r.Expect(400);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var problem = await r.JsonAsync();
        Assert.NotNull(problem["errors"]![errorKey]);
        Assert.Equal(before, await CountAsync(app));
    }

    private static async Task<int> CountAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DecentWork.Data.AppDb>();
        return db.Practices.Count();
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Validation_messages_follow_accept_language(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var body = Http.Practice(organisationId: user.OrganisationId);
        body["title"] = null;
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/practices") { Content = Http.Body(body) };
        req.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await (await c.SendAsync(req)).JsonAsync();
        Assert.Equal("此项为必填项。", (string)problem["errors"]!["title"]![0]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Malformed_json_and_oversized_bodies_get_problem_responses(string engine)
    {
        var (_, _, c) = await Contributor(engine);
        var bad = await c.PostAsync("/api/v1/practices", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"));
        await bad.Expect(400);
        var huge = Http.Practice();
        huge["summary"] = new string('a', 1_100_000);
        var big = await c.PostAsync("/api/v1/practices", Http.Body(huge));
        await big.Expect(413);
        Assert.Equal("application/problem+json", big.Content.Headers.ContentType!.MediaType);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Two_saves_give_two_revisions_and_the_diff_shows_the_change(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var body = Http.Practice(organisationId: user.OrganisationId);
        var created = await c.PostAsync("/api/v1/practices", Http.Body(body));
        var id = (int)(await created.JsonAsync())["id"]!;
        body["sections"] = new Dictionary<string, string> { ["context"] = "Most workers had no pension.", ["results"] = "Coverage rose to 75 per cent." };
        body["countries"] = new[] { "CHN", "KHM" };
        body["note"] = "Updated results";
        var put = await c.PutWithETag($"/api/v1/practices/{id}", body, created.Headers.ETag!.Tag);
        await put.Expect(200);

        var revisions = (await (await c.GetAsync($"/api/v1/practices/{id}/revisions")).JsonAsync()).AsArray();
        Assert.Equal(2, revisions.Count);
        Assert.Equal(2, (int)revisions[0]!["number"]!);
        Assert.Equal("Updated results", (string)revisions[0]!["note"]!);
        Assert.Contains("results[en]", revisions[0]!["changedFields"]!.AsArray().Select(x => (string)x!));

        var diff = await (await c.GetAsync($"/api/v1/practices/{id}/diff?from=1&to=2")).JsonAsync();
        var changes = diff["changes"]!.AsArray();
        var results = changes.First(x => (string)x!["field"]! == "results[en]")!;
        Assert.Contains(results["segments"]!.AsArray(), s => (string)s!["kind"]! == "Added" && ((string)s["text"]!).Contains("75"));
        Assert.Contains(changes, x => (string)x!["field"]! == "countries");
        var first = await (await c.GetAsync($"/api/v1/practices/{id}/revisions/1")).JsonAsync();
        Assert.Equal("Coverage rose.", (string)first["texts"]!["en"]!["sections"]!["results"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Two_puts_with_the_same_etag_give_one_success_and_one_412_and_nothing_is_lost(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var body = Http.Practice(organisationId: user.OrganisationId);
        var created = await c.PostAsync("/api/v1/practices", Http.Body(body));
        var id = (int)(await created.JsonAsync())["id"]!;
        var etag = created.Headers.ETag!.Tag;

        var a = new Dictionary<string, object?>(body) { ["title"] = "Version A" };
        var b = new Dictionary<string, object?>(body) { ["title"] = "Version B" };
        var first = await c.PutWithETag($"/api/v1/practices/{id}", a, etag);
        var second = await c.PutWithETag($"/api/v1/practices/{id}", b, etag);
        await first.Expect(200);
        await second.Expect(412);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        var now = await (await c.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("Version A", (string)now["title"]!);
        Assert.Equal(2, (await (await c.GetAsync($"/api/v1/practices/{id}/revisions")).JsonAsync()).AsArray().Count);

        // The same race, truly concurrent, several times: exactly one wins whatever the interleaving (on PostgreSQL the
        // loser may fail on the revision-number index instead of the version check; it is still a 412).
        var etagNow = first.Headers.ETag!.Tag;
        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(
                c.PutWithETag($"/api/v1/practices/{id}", new Dictionary<string, object?>(body) { ["title"] = $"C{round}" }, etagNow),
                c.PutWithETag($"/api/v1/practices/{id}", new Dictionary<string, object?>(body) { ["title"] = $"D{round}" }, etagNow));
            Assert.Equal([200, 412], results.Select(r => (int)r.StatusCode).Order());
            var winner = results.First(r => (int)r.StatusCode == 200);
            etagNow = winner.Headers.ETag!.Tag;
            var final = await (await c.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
            Assert.Equal((string)(await winner.JsonAsync())["title"]!, (string)final["title"]!);
            Assert.Equal(3 + round, (await (await c.GetAsync($"/api/v1/practices/{id}/revisions")).JsonAsync()).AsArray().Count);
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Put_without_if_match_is_428(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var created = await c.PostAsync("/api/v1/practices", Http.Body(Http.Practice(organisationId: user.OrganisationId)));
        var id = (int)(await created.JsonAsync())["id"]!;
        await (await c.PutWithETag($"/api/v1/practices/{id}", Http.Practice(organisationId: user.OrganisationId), null)).Expect(428);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Translations_have_their_own_author_status_and_date(string engine)
    {
        var (_, user, c) = await Contributor(engine);
        var created = await c.PostAsync("/api/v1/practices", Http.Body(Http.Practice("es", "Pensiones solidarias", "Resumen.", user.OrganisationId)));
        var id = (int)(await created.JsonAsync())["id"]!;
        var tr = new { title = "团结养老金", summary = "摘要。", sections = new { context = "背景" } };
        var put = await c.PutWithETag($"/api/v1/practices/{id}/translations/zh-Hans", tr, created.Headers.ETag!.Tag);
        await put.Expect(200);
        var list = (await (await c.GetAsync($"/api/v1/practices/{id}/translations")).JsonAsync()).AsArray();
        var zh = list.First(x => (string)x!["language"]! == "zh")!;
        Assert.Equal("团结养老金", (string)zh["title"]!);
        Assert.Equal("Draft", (string)zh["status"]!);
        Assert.Equal(user.Email, (string)zh["author"]!);
        Assert.True((bool)list.First(x => (string)x!["language"]! == "es")!["isOriginal"]!);
        await (await c.PutWithETag($"/api/v1/practices/{id}/translations/de", tr, put.Headers.ETag!.Tag)).Expect(400);
        var del = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/practices/{id}/translations/es");
        del.Headers.TryAddWithoutValidation("If-Match", put.Headers.ETag!.Tag);
        await (await c.SendAsync(del)).Expect(409);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Reference_endpoints_and_health_answer(string engine)
    {
        var app = apps.Get(engine);
        var c = app.ClientFor(null);
        await (await c.GetAsync("/health")).Expect(200);
        var countries = await (await c.GetAsync("/api/v1/countries")).JsonAsync();
        Assert.True((int)countries["total"]! >= 240);
        var chn = countries["items"]!.AsArray().First(x => (string)x!["code"]! == "CHN")!;
        Assert.Equal("中国", (string)chn["names"]!["zh"]!);
        Assert.Equal("asia-pacific", (string)chn["iloRegion"]!);
        var concepts = await (await c.GetAsync("/api/v1/concepts")).JsonAsync();
        Assert.True((int)concepts["total"]! >= 80);
        var pension = concepts["items"]!.AsArray().First(x => (string)x!["id"]! == "pension-insurance")!;
        Assert.Equal("养老保险", (string)pension["prefLabel"]!["zh"]!);
        Assert.Contains("social-protection", pension["broader"]!.AsArray().Select(x => (string)x!));
        var openapi = await (await c.GetAsync("/openapi/v1.json")).JsonAsync();
        Assert.NotNull(openapi["paths"]!["/api/v1/practices"]);
        foreach (var code in new[] { "C029", "C087", "C098", "C100", "C105", "C111", "C138", "C182", "C155", "C187", "C081", "C129", "C122", "C144", "C102", "C189", "C190" })
            Assert.Contains(code, (await (await c.GetAsync("/api/v1/standards")).JsonAsync()).AsArray().Select(x => (string)x!["id"]!));
    }
}
