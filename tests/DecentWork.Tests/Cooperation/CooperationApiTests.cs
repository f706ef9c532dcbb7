using System.Text.Json.Nodes;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Cooperation;

[Collection("apps")]
public class CooperationApiTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Request_to_suggestions_to_broker_to_both_accept_to_exchange_to_completed_with_outcome(string engine)
    {
        var d = await CoopDriver.CreateAsync(apps.Get(engine));
        var offer = await d.OfferAsync();
        var request = await d.CreateRequestAsync();
        Assert.Equal("Open", await d.StatusAsync($"/api/v1/requests/{request}"));

        // Suggestions: the provider's practice and offer, each with its reasons.
        var s = await (await d.Anonymous.GetAsync($"/api/v1/requests/{request}/suggestions")).JsonAsync();
        var practice = s["practices"]!.AsArray().First(x => (int)x!["id"]! == d.PracticeId)!;
        var reasons = practice["reasons"]!.AsArray().Select(x => (string)x!["key"]!).ToList();
        Assert.Contains("themes", reasons);
        Assert.Contains("languages", reasons);
        Assert.Contains("text", reasons);
        var suggestedOffer = s["offers"]!.AsArray().First(x => (int)x!["id"]! == offer)!;
        Assert.Contains(suggestedOffer["reasons"]!.AsArray(), x => (string)x!["key"]! == "capacity");
        Assert.Contains(suggestedOffer["reasons"]!.AsArray(), x => (string)x!["key"]! == "modalities");

        var m = (int)(await d.PostAsync(d.Requester, "/api/v1/matches", new { requestId = request, offerId = offer, practiceId = d.PracticeId }, 201))["id"]!;
        var confirmed = await d.PostAsync(d.Broker, $"/api/v1/matches/{m}/confirm", null, 200);
        Assert.Equal("Confirmed", (string)confirmed["status"]!);
        Assert.True((double)confirmed["score"]! > 0);
        Assert.Equal("Matched", await d.StatusAsync($"/api/v1/requests/{request}"));

        var half = await d.PostAsync(d.Requester, $"/api/v1/matches/{m}/accept", null, 200);
        Assert.Equal("Confirmed", (string)half["status"]!);
        Assert.Null(half["exchangeId"]);
        var both = await d.PostAsync(d.Provider, $"/api/v1/matches/{m}/accept", null, 200);
        Assert.Equal("Accepted", (string)both["status"]!);
        var exchange = (int)both["exchangeId"]!;
        Assert.Equal("Planned", await d.StatusAsync($"/api/v1/exchanges/{exchange}"));

        var put = await d.Provider.PutAsync($"/api/v1/exchanges/{exchange}", Http.Body(new { participants = "Two pension officers", modality = "study-visit", start = "2027-02-01", end = "2027-02-05" }));
        await put.Expect(200);
        await d.PostAsync(d.Provider, $"/api/v1/exchanges/{exchange}/start", null, 200);
        Assert.Equal("InProgress", await d.StatusAsync($"/api/v1/requests/{request}"));
        await d.PostAsync(d.Provider, $"/api/v1/exchanges/{exchange}/outcome", new { outcome = "x", language = "en", rating = 5 }, 403);
        var done = await d.PostAsync(d.Requester, $"/api/v1/exchanges/{exchange}/outcome",
            new { outcome = "We adopted subsidised contributions for rural workers.", language = "en", rating = 4 }, 200);
        Assert.Equal("Completed", (string)done["status"]!);
        Assert.Equal(4, (int)done["rating"]!);
        Assert.Equal("Completed", await d.StatusAsync($"/api/v1/requests/{request}"));

        // Public reads: the outcome shows, the participants (people) do not.
        var publicView = await (await d.Anonymous.GetAsync($"/api/v1/exchanges/{exchange}")).JsonAsync();
        Assert.Equal("We adopted subsidised contributions for rural workers.", (string)publicView["outcome"]!);
        Assert.Null(publicView["participants"]);
        var byPractice = await (await d.Anonymous.GetAsync($"/api/v1/exchanges?practice={d.PracticeId}")).JsonAsync();
        Assert.Contains(byPractice["items"]!.AsArray(), x => (int)x!["id"]! == exchange);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Every_illegal_transition_is_refused_with_409(string engine)
    {
        var d = await CoopDriver.CreateAsync(apps.Get(engine));
        var request = await d.CreateRequestAsync();
        // Open: match, start and complete follow from the pipeline; reopen needs a match or exchange to undo.
        foreach (var a in new[] { "match", "start", "complete", "reopen" })
            await d.PostAsync(d.Requester, $"/api/v1/requests/{request}/transitions", new { action = a }, 409);
        await d.PostAsync(d.Requester, $"/api/v1/requests/{request}/transitions", new { action = "fly" }, 400);

        var m = await d.ProposeAsync(request);
        await d.PostAsync(d.Requester, "/api/v1/matches", new { requestId = request, offerId = await d.OfferAsync(), practiceId = d.PracticeId }, 409); // twice
        await d.PostAsync(d.Requester, $"/api/v1/matches/{m}/accept", null, 409); // not confirmed yet
        await d.PostAsync(d.Broker, $"/api/v1/matches/{m}/confirm", null, 200);
        await d.PostAsync(d.Broker, $"/api/v1/matches/{m}/confirm", null, 409);
        await d.PostAsync(d.Requester, $"/api/v1/matches/{m}/accept", null, 200);
        var ex = (int)(await d.PostAsync(d.Provider, $"/api/v1/matches/{m}/accept", null, 200))["exchangeId"]!;
        await d.PostAsync(d.Provider, $"/api/v1/matches/{m}/accept", null, 409);
        await d.PostAsync(d.Broker, $"/api/v1/matches/{m}/decline", null, 409);

        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/outcome", new { outcome = "early", language = "en", rating = 3 }, 409); // planned
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/start", null, 200);
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/start", null, 409);
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/outcome", new { outcome = "Adopted.", language = "en", rating = 3 }, 200);
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/outcome", new { outcome = "Again.", language = "en", rating = 3 }, 409);
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/cancel", null, 409);
        await (await d.Requester.PutAsync($"/api/v1/exchanges/{ex}", Http.Body(new { participants = "late" }))).Expect(409);

        // Completed is final for the request too.
        foreach (var a in new[] { "close", "reopen", "match", "start", "complete" })
            await d.PostAsync(d.Requester, $"/api/v1/requests/{request}/transitions", new { action = a }, 409);
        await (await d.Requester.PutAsync($"/api/v1/requests/{request}", Http.Body(d.RequestBody()))).Expect(409);
        await d.PostAsync(d.Requester, "/api/v1/matches", new { requestId = request, offerId = await d.OfferAsync() }, 409);

        // Closed is final as well; a cancelled exchange puts its request back on the board.
        var other = await d.CreateRequestAsync();
        await d.PostAsync(d.Requester, $"/api/v1/requests/{other}/transitions", new { action = "close" }, 200);
        foreach (var a in new[] { "close", "reopen" })
            await d.PostAsync(d.Requester, $"/api/v1/requests/{other}/transitions", new { action = a }, 409);
        var (third, _, ex3) = await d.ExchangeAsync();
        await d.PostAsync(d.Broker, $"/api/v1/exchanges/{ex3}/cancel", null, 200);
        Assert.Equal("Open", await d.StatusAsync($"/api/v1/requests/{third}"));
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex3}/start", null, 409);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Authorization_for_each_role_on_each_write_endpoint(string engine)
    {
        var d = await CoopDriver.CreateAsync(apps.Get(engine));
        var roles = new (string Name, HttpClient Client)[]
        {
            ("anonymous", d.Anonymous), ("requester", d.Requester), ("provider", d.Provider), ("outsider", d.Outsider), ("broker", d.Broker), ("reviewer", d.Reviewer),
        };
        // For each endpoint: a fresh target per call, and the status each role gets.
        var matrix = new (string Name, Func<Task<(HttpMethod Method, string Url, object? Body)>> Target, int[] Expected)[]
        {
            ("POST /requests", async () => (HttpMethod.Post, "/api/v1/requests", d.RequestBody()), [401, 201, 201, 201, 403, 403]),
            ("PUT /requests/{id}", async () => (HttpMethod.Put, $"/api/v1/requests/{await d.CreateRequestAsync()}", d.RequestBody()), [401, 200, 403, 403, 403, 403]),
            ("close request", async () => (HttpMethod.Post, $"/api/v1/requests/{await d.CreateRequestAsync()}/transitions", new { action = "close" }), [401, 200, 403, 403, 200, 403]),
            ("POST /offers", async () => (HttpMethod.Post, "/api/v1/offers", new { title = "t", text = "x", language = "en", modalities = new[] { "training" }, workingLanguages = new[] { "en" }, capacityPerYear = 1 }), [401, 201, 201, 201, 403, 403]),
            ("PUT /offers/{id}", async () => (HttpMethod.Put, $"/api/v1/offers/{await d.OfferAsync()}", d.OfferBody()), [401, 403, 200, 403, 403, 403]),
            ("POST /matches", async () => (HttpMethod.Post, "/api/v1/matches", new { requestId = await d.CreateRequestAsync(), offerId = await d.OfferAsync() }), [401, 201, 403, 403, 201, 403]),
            ("confirm match", async () => (HttpMethod.Post, $"/api/v1/matches/{await d.ProposeAsync(await d.CreateRequestAsync())}/confirm", null), [401, 403, 403, 404, 200, 404]),
            ("accept match", async () => (HttpMethod.Post, $"/api/v1/matches/{await d.ConfirmedMatchAsync()}/accept", null), [401, 200, 200, 404, 403, 404]),
            ("decline match", async () => (HttpMethod.Post, $"/api/v1/matches/{await d.ConfirmedMatchAsync()}/decline", null), [401, 200, 200, 404, 200, 404]),
            ("PUT /exchanges/{id}", async () => (HttpMethod.Put, $"/api/v1/exchanges/{(await d.ExchangeAsync()).Exchange}", new { participants = "p", modality = "training" }), [401, 200, 200, 403, 200, 403]),
            ("start exchange", async () => (HttpMethod.Post, $"/api/v1/exchanges/{(await d.ExchangeAsync()).Exchange}/start", null), [401, 200, 200, 403, 200, 403]),
            ("report outcome", async () =>
            {
                var (_, _, ex) = await d.ExchangeAsync();
                await d.PostAsync(d.Broker, $"/api/v1/exchanges/{ex}/start", null, 200);
                return (HttpMethod.Post, $"/api/v1/exchanges/{ex}/outcome", new { outcome = "Adopted.", language = "en", rating = 5 });
            }, [401, 200, 403, 403, 403, 403]),
            ("cancel exchange", async () => (HttpMethod.Post, $"/api/v1/exchanges/{(await d.ExchangeAsync()).Exchange}/cancel", null), [401, 200, 200, 403, 200, 403]),
            ("POST /follows", async () => (HttpMethod.Post, "/api/v1/follows", new { kind = "theme", target = "pension-insurance" }), [401, 201, 201, 201, 201, 201]),
        };
        var failures = new List<string>();
        foreach (var (name, target, expected) in matrix)
            for (var i = 0; i < roles.Length; i++)
            {
                var (method, url, body) = await target();
                var r = await roles[i].Client.SendAsync(new HttpRequestMessage(method, url) { Content = Http.Body(body ?? new { }) });
                if ((int)r.StatusCode != expected[i]) failures.Add($"{name} as {roles[i].Name}: expected {expected[i]}, got {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                if ((int)r.StatusCode >= 400 && (int)r.StatusCode != 401) Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            }
        Assert.Empty(failures);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Bad_input_is_400_problem_json_naming_each_field(string engine)
    {
        var d = await CoopDriver.CreateAsync(apps.Get(engine));
        var r = await d.Requester.PostAsync("/api/v1/requests", Http.Body(new
        {
            title = "", need = new string('x', 9000), language = "xx", themes = new[] { "no-such-theme" }, country = "ZZZ",
            modalities = new[] { "teleportation" }, workingLanguages = Array.Empty<string>(), from = "2027-13-01", to = "soon",
        }));
        await r.Expect(400);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = (await r.JsonAsync())["errors"]!.AsObject().Select(kv => kv.Key).Order().ToList();
        Assert.Equal(["country", "from", "language", "modalities", "need", "themes", "title", "to", "workingLanguages"], errors);

        var o = await d.Provider.PostAsync("/api/v1/offers", Http.Body(new { title = "t", text = "x", language = "en", practices = new[] { 999999 }, modalities = new[] { "training" }, workingLanguages = new[] { "en" }, capacityPerYear = 0 }));
        await o.Expect(400);
        Assert.Equal(["capacityPerYear", "practices"], (await o.JsonAsync())["errors"]!.AsObject().Select(kv => kv.Key).Order().ToList());

        var (_, _, ex) = await d.ExchangeAsync();
        await d.PostAsync(d.Requester, $"/api/v1/exchanges/{ex}/start", null, 200);
        var bad = await d.Requester.PostAsync($"/api/v1/exchanges/{ex}/outcome", Http.Body(new { outcome = "", language = "en", rating = 9 }));
        await bad.Expect(400);
        Assert.Equal(["outcome", "rating"], (await bad.JsonAsync())["errors"]!.AsObject().Select(kv => kv.Key).Order().ToList());
        await d.PostAsync(d.Requester, "/api/v1/follows", new { kind = "planet", target = "x" }, 400);
        await (await d.Anonymous.GetAsync("/api/v1/requests?status=Dreaming")).Expect(400);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Suggestions_follow_new_offers_and_count_capacity(string engine)
    {
        var d = await CoopDriver.CreateAsync(apps.Get(engine));
        var request = await d.CreateRequestAsync();
        async Task<JsonArray> Offers() => (await (await d.Anonymous.GetAsync($"/api/v1/requests/{request}/suggestions")).JsonAsync())["offers"]!.AsArray();
        Assert.DoesNotContain(await Offers(), x => (int)x!["id"]! == 0);
        var r = await d.Provider.PostAsync("/api/v1/offers", Http.Body(d.OfferBody(capacity: 1)));
        var offer = (int)(await r.JsonAsync())["id"]!;
        var before = (await Offers()).First(x => (int)x!["id"]! == offer)!;
        Assert.Contains(before["reasons"]!.AsArray(), x => (string)x!["key"]! == "capacity");

        // One exchange this year uses the capacity of 1: the offer stays listed, marked full, at a lower score.
        var other = await d.CreateRequestAsync();
        var m = (int)(await d.PostAsync(d.Requester, "/api/v1/matches", new { requestId = other, offerId = offer }, 201))["id"]!;
        await d.PostAsync(d.Broker, $"/api/v1/matches/{m}/confirm", null, 200);
        await d.PostAsync(d.Requester, $"/api/v1/matches/{m}/accept", null, 200);
        await d.PostAsync(d.Provider, $"/api/v1/matches/{m}/accept", null, 200);
        var after = (await Offers()).First(x => (int)x!["id"]! == offer)!;
        Assert.Contains(after["reasons"]!.AsArray(), x => (string)x!["key"]! == "full");
        Assert.True((double)after["score"]! < (double)before["score"]!);
    }
}
