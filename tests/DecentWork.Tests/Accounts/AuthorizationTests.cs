using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Accounts;

/// <summary>Each role against each write endpoint: allowed, or refused with 401/403, and a refusal changes nothing.</summary>
[Collection("apps")]
public class AuthorizationTests(Apps apps)
{
    public static readonly string[] Actors = ["anonymous", "own-contributor", "other-contributor", "reviewer", "editor", "admin"];
    public static readonly string[] Endpoints = ["create", "update", "submit", "publish", "translate", "delete-translation", "archive"];

    public static TheoryData<string, string, string> Matrix()
    {
        var d = new TheoryData<string, string, string>();
        foreach (var engine in new[] { "sqlite", "postgres" })
            foreach (var a in Actors)
                foreach (var e in Endpoints) d.Add(engine, a, e);
        return d;
    }

    /// <summary>What the rules allow; everything else is 403 (401 when anonymous).</summary>
    private static bool Allowed(string actor, string endpoint) => (actor, endpoint) switch
    {
        ("anonymous", _) => false,
        ("admin", _) or ("editor", _) => true,
        ("own-contributor", "create" or "update" or "submit" or "translate" or "delete-translation") => true,
        ("other-contributor", "create") => true,
        ("reviewer", "publish" or "archive") => true,
        _ => false,
    };

    [SkippableTheory, MemberData(nameof(Matrix))]
    public async Task Role_against_write_endpoint(string engine, string actorName, string endpoint)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var owner = await app.CreateUserAsync("Contributor", org.Id);
        var ownerClient = app.ClientFor(owner);
        var reviewerClient = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        var body = Http.Practice(organisationId: org.Id);
        var created = await ownerClient.PostAsync("/api/v1/practices", Http.Body(body));
        var id = (int)(await created.JsonAsync())["id"]!;
        await ownerClient.PutWithETag($"/api/v1/practices/{id}/translations/fr", new { title = "Titre", summary = "Résumé" }, created.Headers.ETag!.Tag);
        if (endpoint is "publish" or "archive")
            await ownerClient.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "submit" }));
        if (endpoint == "archive")
            await reviewerClient.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "publish" }));
        var current = await ownerClient.GetAsync($"/api/v1/practices/{id}");
        Assert.True(current.Headers.ETag is not null, $"{(int)current.StatusCode} {await current.Content.ReadAsStringAsync()}");
        var etag = current.Headers.ETag!.Tag;

        var client = actorName switch
        {
            "anonymous" => app.ClientFor(null),
            "own-contributor" => ownerClient,
            "other-contributor" => app.ClientFor(await app.CreateUserAsync("Contributor", (await app.CreateOrganisationAsync()).Id)),
            "reviewer" => reviewerClient,
            "editor" => app.ClientFor(await app.CreateUserAsync("Editor")),
            _ => app.ClientFor(await app.CreateUserAsync("Admin")),
        };
        var response = endpoint switch
        {
            "create" => await client.PostAsync("/api/v1/practices", Http.Body(body)),
            "update" => await client.PutWithETag($"/api/v1/practices/{id}", body, etag),
            "submit" => await client.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "submit" })),
            "publish" => await client.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "publish" })),
            "archive" => await client.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action = "archive" })),
            "translate" => await client.PutWithETag($"/api/v1/practices/{id}/translations/es", new { title = "Título", summary = "Resumen" }, etag),
            _ => await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/practices/{id}/translations/fr") { Headers = { { "If-Match", etag } } }),
        };
        var status = (int)response.StatusCode;
        if (Allowed(actorName, endpoint))
            Assert.True(status is >= 200 and < 300, $"{actorName} {endpoint}: expected success, got {status} {await response.Content.ReadAsStringAsync()}");
        else
        {
            // An unpublished practice is invisible to those who may not see it: 404 is as good a refusal as 403.
            int[] expected = actorName == "anonymous" ? [401] : endpoint == "create" ? [403] : [403, 404];
            Assert.True(expected.Contains(status), $"{actorName} {endpoint}: expected {string.Join("/", expected)}, got {status}");
            var after = await ownerClient.GetAsync($"/api/v1/practices/{id}");
            Assert.Equal(etag, after.Headers.ETag!.Tag); // nothing changed
        }
    }
}
