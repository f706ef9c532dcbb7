using System.Text.Json.Nodes;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Search;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.Search;

/// <summary>Search tests get their own application per engine: what they count (hits, facets) must not depend on
/// practices the other test classes publish at the same time.</summary>
public sealed class SearchApps : Apps;

[CollectionDefinition("search")]
public sealed class SearchCollection : ICollectionFixture<SearchApps>;

/// <summary>Writes practices through the API as an editor (who may create and publish) and reads search results.</summary>
public sealed class SearchDriver(TestApp app, HttpClient editor, int organisationId)
{
    public TestApp App => app;
    public HttpClient Editor => editor;
    public HttpClient Anonymous { get; } = app.ClientFor(null);
    public int OrganisationId => organisationId;

    public static async Task<SearchDriver> CreateAsync(TestApp app, ConstituentGroup group = ConstituentGroup.Government)
    {
        var org = await app.CreateOrganisationAsync(group);
        var user = await app.CreateUserAsync("Editor", org.Id);
        return new SearchDriver(app, app.ClientFor(user), org.Id);
    }

    /// <summary>A word no practice contains but the one a test writes: letters the stemmers leave alone.</summary>
    public static string Word()
    {
        const string letters = "bcdfghjklmnpqrtvwz";
        var bytes = Guid.NewGuid().ToByteArray();
        return "zq" + new string(bytes.Take(8).Select(b => letters[b % letters.Length]).ToArray()) + "k";
    }

    public static Dictionary<string, object?> Body(string language, string title, string summary, string? text = null,
        string[]? themes = null, string[]? countries = null, string[]? pillars = null, (int Start, int? End)? period = null, int? organisationId = null)
        => new()
        {
            ["language"] = language,
            ["title"] = title,
            ["summary"] = summary,
            ["sections"] = new Dictionary<string, string>
            {
                ["context"] = text ?? summary, ["approach"] = "-", ["implementation"] = "-",
                ["results"] = "-", ["lessons"] = "-", ["transferability"] = "-",
            },
            ["countries"] = countries ?? ["SEN"],
            ["themes"] = themes ?? [],
            ["pillars"] = pillars ?? ["employment"],
            ["organisations"] = organisationId is null ? Array.Empty<object>() : new object[] { new { id = organisationId, role = "lead" } },
            ["period"] = period is { } p ? new { start = p.Start, end = p.End } : null,
        };

    public async Task<(int Id, string ETag)> CreateAsync(Dictionary<string, object?> body)
    {
        var r = await editor.PostAsync("/api/v1/practices", Http.Body(body));
        await r.Expect(201);
        return ((int)(await r.JsonAsync())["id"]!, r.Headers.ETag!.Tag);
    }

    public async Task ActAsync(int id, string action, string? comment = null)
        => await (await editor.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action, comment }))).Expect(200);

    /// <summary>Creates, submits and publishes; returns once the index holds the change.</summary>
    public async Task<int> PublishAsync(Dictionary<string, object?> body, bool wait = true)
    {
        var (id, _) = await CreateAsync(body);
        await ActAsync(id, "submit");
        await ActAsync(id, "publish");
        if (wait) await CaughtUpAsync();
        return id;
    }

    public async Task TranslateAsync(int id, string lang, string title, string summary)
    {
        var etag = (await editor.GetAsync($"/api/v1/practices/{id}")).Headers.ETag!.Tag;
        var r = await editor.PutWithETag($"/api/v1/practices/{id}/translations/{lang}", new { title, summary }, etag);
        await r.Expect(200);
    }

    /// <summary>Waits until every change written so far is searchable.</summary>
    public async Task CaughtUpAsync()
    {
        long last;
        await using (var scope = app.Services.CreateAsyncScope())
            last = await scope.ServiceProvider.GetRequiredService<AppDb>().Outbox.MaxAsync(o => (long?)o.Id) ?? 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Service<SearchIndex>().WaitForAsync(last, cts.Token);
    }

    public async Task<JsonNode> SearchAsync(string query)
    {
        var r = await Anonymous.GetAsync("/api/v1/search?" + query);
        await r.Expect(200);
        return await r.JsonAsync();
    }

    public static string Q(string q) => "q=" + Uri.EscapeDataString(q);

    public static List<int> Ids(JsonNode result) => result["hits"]!.AsArray().Select(h => (int)h!["id"]!).ToList();

    public static Dictionary<string, int> Facet(JsonNode result, string key)
        => result["facets"]![key]!.AsArray().ToDictionary(f => (string)f!["key"]!, f => (int)f!["count"]!);
}
