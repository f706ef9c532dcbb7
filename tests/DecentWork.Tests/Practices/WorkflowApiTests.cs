using System.Text.Json.Nodes;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Practices;

[Collection("apps")]
public class WorkflowApiTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static Task<HttpResponseMessage> Act(HttpClient c, int id, string action, string? comment = null)
        => c.PostAsync($"/api/v1/practices/{id}/transitions", Http.Body(new { action, comment }));

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Every_legal_transition_through_the_api_and_the_illegal_ones_are_409(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        var anonymous = app.ClientFor(null);

        var created = await author.PostAsync("/api/v1/practices", Http.Body(Http.Practice(organisationId: org.Id)));
        var id = (int)(await created.JsonAsync())["id"]!;
        async Task Expect(HttpClient c, string action, int status, string? then = null, string? comment = null)
        {
            var r = await Act(c, id, action, comment);
            await r.Expect(status);
            if (then is not null) Assert.Equal(then, (string)(await r.JsonAsync())["status"]!);
        }

        // Draft: only submit.
        foreach (var a in new[] { "request-changes", "publish", "archive", "withdraw" }) await Expect(reviewer, a, 409, comment: "c");
        await Expect(author, "submit", 200, "Submitted");
        // Submitted: request changes (a comment is required) or publish.
        foreach (var a in new[] { "submit", "archive", "withdraw" }) await Expect(a == "submit" ? author : reviewer, a, 409, comment: "c");
        await Expect(reviewer, "request-changes", 400);
        await Expect(reviewer, "request-changes", 200, "ChangesRequested", "Please add evidence.");
        // ChangesRequested: submit again.
        foreach (var a in new[] { "request-changes", "publish", "archive", "withdraw" }) await Expect(reviewer, a, 409, comment: "c");
        await Expect(author, "submit", 200, "Submitted");
        Assert.Equal(404, (int)(await anonymous.GetAsync($"/api/v1/practices/{id}")).StatusCode);
        await Expect(reviewer, "publish", 200, "Published");
        Assert.Equal(200, (int)(await anonymous.GetAsync($"/api/v1/practices/{id}")).StatusCode);
        // Published: archive or withdraw.
        foreach (var a in new[] { "submit", "request-changes", "publish" }) await Expect(a == "submit" ? author : reviewer, a, 409, comment: "c");
        await Expect(reviewer, "archive", 200, "Archived");
        Assert.Equal(200, (int)(await anonymous.GetAsync($"/api/v1/practices/{id}")).StatusCode);
        foreach (var a in new[] { "submit", "request-changes", "publish", "archive" }) await Expect(a == "submit" ? author : reviewer, a, 409, comment: "c");
        await Expect(reviewer, "withdraw", 200, "Withdrawn", "Superseded.");
        foreach (var a in new[] { "submit", "request-changes", "publish", "archive", "withdraw" }) await Expect(a == "submit" ? author : reviewer, a, 409, comment: "c");
        Assert.Equal(404, (int)(await anonymous.GetAsync($"/api/v1/practices/{id}")).StatusCode);
        await Expect(reviewer, "fly", 400);

        // Every move is in the audit trail, with the reviewer's comments.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DecentWork.Data.AppDb>();
        var events = db.WorkflowEvents.Where(e => e.PracticeId == id).OrderBy(e => e.Id).Select(e => e.Action).ToList();
        Assert.Equal(["submit", "request-changes", "submit", "publish", "archive", "withdraw"], events);
        Assert.Equal("Please add evidence.", db.WorkflowEvents.First(e => e.PracticeId == id && e.Action == "request-changes").Comment);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Submitting_requires_title_summary_context_approach_and_results_and_names_what_is_missing(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var draft = new Dictionary<string, object?> { ["language"] = "fr", ["title"] = "Brouillon", ["summary"] = "Résumé", ["sections"] = new { context = "Contexte" } };
        var created = await author.PostAsync("/api/v1/practices", Http.Body(draft));
        await created.Expect(201);
        var id = (int)(await created.JsonAsync())["id"]!;
        var r = await Act(author, id, "submit");
        await r.Expect(422);
        var errors = (await r.JsonAsync())["errors"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Equal(["sections.approach", "sections.results"], errors.Order());
        var after = await (await author.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("Draft", (string)after["status"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_edit_to_a_published_practice_is_reviewed_while_the_published_revision_stays_visible(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        var anonymous = app.ClientFor(null);
        var body = Http.Practice(title: "Published title", organisationId: org.Id);
        var id = (int)(await (await author.PostAsync("/api/v1/practices", Http.Body(body))).JsonAsync())["id"]!;
        await (await Act(author, id, "submit")).Expect(200);
        await (await Act(reviewer, id, "publish")).Expect(200);

        var current = await author.GetAsync($"/api/v1/practices/{id}");
        body["title"] = "Unreviewed title";
        await (await author.PutWithETag($"/api/v1/practices/{id}", body, current.Headers.ETag!.Tag)).Expect(200);

        var publicView = await (await anonymous.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.Equal("Published title", (string)publicView["title"]!);
        Assert.Equal("published", (string)publicView["view"]!);
        var list = await (await anonymous.GetAsync("/api/v1/practices?size=100")).JsonAsync();
        Assert.DoesNotContain(list["items"]!.AsArray(), i => (string)i!["title"]! == "Unreviewed title");
        Assert.Equal("Unreviewed title", (string)(await (await author.GetAsync($"/api/v1/practices/{id}")).JsonAsync())["title"]!);

        await (await Act(author, id, "submit")).Expect(200);
        await (await Act(reviewer, id, "publish")).Expect(200);
        Assert.Equal("Unreviewed title", (string)(await (await anonymous.GetAsync($"/api/v1/practices/{id}")).JsonAsync())["title"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Endorsement_by_each_constituent_group_once_and_not_by_others(string engine)
    {
        var app = apps.Get(engine);
        var org = await app.CreateOrganisationAsync();
        var author = app.ClientFor(await app.CreateUserAsync("Contributor", org.Id));
        var reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer"));
        var id = (int)(await (await author.PostAsync("/api/v1/practices", Http.Body(Http.Practice(organisationId: org.Id)))).JsonAsync())["id"]!;

        var union = await app.CreateOrganisationAsync(DecentWork.Organisations.ConstituentGroup.Workers);
        var unionMember = app.ClientFor(await app.CreateUserAsync("Contributor", union.Id));
        await (await unionMember.PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "x" }))).Expect(404); // not published yet
        await (await Act(author, id, "submit")).Expect(200);
        await (await Act(reviewer, id, "publish")).Expect(200);

        var r = await unionMember.PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "Nous soutenons cette pratique." }));
        await r.Expect(201);
        await (await unionMember.PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "again" }))).Expect(409);
        var academia = await app.CreateOrganisationAsync(DecentWork.Organisations.ConstituentGroup.Academia);
        var researcher = app.ClientFor(await app.CreateUserAsync("Contributor", academia.Id));
        await (await researcher.PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "x" }))).Expect(403);
        await (await reviewer.PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "x" }))).Expect(403); // no organisation
        await (await app.ClientFor(null).PostAsync($"/api/v1/practices/{id}/endorsements", Http.Body(new { statement = "x" }))).Expect(401);

        var practice = await (await app.ClientFor(null).GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        var endorsement = practice["endorsements"]!.AsArray().Single()!;
        Assert.Equal("Workers", (string)endorsement["group"]!);
        Assert.Equal("Nous soutenons cette pratique.", (string)endorsement["statement"]!);
    }
}
