using System.Text.Json.Nodes;
using DecentWork.Organisations;
using DecentWork.Tests.Infrastructure;
using DecentWork.Tests.Search;

namespace DecentWork.Tests.Cooperation;

/// <summary>Two organisations in two countries, a member of each, a broker, and a published practice of the providing
/// side; helpers that walk a request down the pipeline through the API.</summary>
public sealed class CoopDriver
{
    public required TestApp App { get; init; }
    public required int RequesterOrg { get; init; }
    public required int ProviderOrg { get; init; }
    public required HttpClient Requester { get; init; }
    public required HttpClient Provider { get; init; }
    public required HttpClient Broker { get; init; }
    public required HttpClient Outsider { get; init; }
    public required HttpClient Reviewer { get; init; }
    public HttpClient Anonymous => App.ClientFor(null);
    public required TestApp.TestUser RequesterUser { get; init; }
    public required TestApp.TestUser ProviderUser { get; init; }
    public required int PracticeId { get; init; }
    public required string Word { get; init; }

    public static async Task<CoopDriver> CreateAsync(TestApp app)
    {
        var requesterOrg = await app.CreateOrganisationAsync(ConstituentGroup.Government, "KHM");
        var providerOrg = await app.CreateOrganisationAsync(ConstituentGroup.Government, "SEN");
        var outsiderOrg = await app.CreateOrganisationAsync(ConstituentGroup.Workers, "BRA");
        var requesterUser = await app.CreateUserAsync("Contributor", requesterOrg.Id);
        var providerUser = await app.CreateUserAsync("Contributor", providerOrg.Id);
        var editor = new SearchDriver(app, app.ClientFor(await app.CreateUserAsync("Editor", providerOrg.Id)), providerOrg.Id);
        var word = SearchDriver.Word();
        var practice = await editor.PublishAsync(SearchDriver.Body("fr", $"Retraites rurales {word}", $"Étendre l'assurance pension aux travailleurs ruraux {word}.",
            themes: ["pension-insurance"], countries: ["SEN"], organisationId: providerOrg.Id));
        return new CoopDriver
        {
            App = app, RequesterOrg = requesterOrg.Id, ProviderOrg = providerOrg.Id,
            Requester = app.ClientFor(requesterUser), Provider = app.ClientFor(providerUser),
            Broker = app.ClientFor(await app.CreateUserAsync("Broker")),
            Outsider = app.ClientFor(await app.CreateUserAsync("Contributor", outsiderOrg.Id)),
            Reviewer = app.ClientFor(await app.CreateUserAsync("Reviewer")),
            RequesterUser = requesterUser, ProviderUser = providerUser, PracticeId = practice, Word = word,
        };
    }

    public object RequestBody(string? title = null) => new
    {
        title = title ?? $"Pension coverage for rural workers {Word}",
        need = $"We want to extend pension insurance to rural workers {Word}.",
        language = "en",
        themes = new[] { "pension-insurance" },
        country = "KHM",
        modalities = new[] { "study-visit", "training" },
        workingLanguages = new[] { "en", "fr" },
        from = "2027-01-01",
        to = "2027-03-31",
    };

    public object OfferBody(int capacity = 3) => new
    {
        title = $"Study visits on rural pensions {Word}",
        text = "We host delegations and train staff on rural pension schemes.",
        language = "fr",
        practices = new[] { PracticeId },
        modalities = new[] { "study-visit", "expert-mission" },
        workingLanguages = new[] { "fr", "en" },
        capacityPerYear = capacity,
    };

    public async Task<int> CreateRequestAsync(HttpClient? as_ = null)
    {
        var r = await (as_ ?? Requester).PostAsync("/api/v1/requests", Http.Body(RequestBody()));
        await r.Expect(201);
        return (int)(await r.JsonAsync())["id"]!;
    }

    private int? _offer;

    public async Task<int> OfferAsync()
    {
        if (_offer is { } o) return o;
        var r = await Provider.PostAsync("/api/v1/offers", Http.Body(OfferBody()));
        await r.Expect(201);
        return (_offer = (int)(await r.JsonAsync())["id"]!).Value;
    }

    public async Task<JsonNode> PostAsync(HttpClient c, string url, object? body, int status)
    {
        var r = await c.PostAsync(url, Http.Body(body ?? new { }));
        await r.Expect(status);
        return r.Content.Headers.ContentLength == 0 ? new JsonObject() : await r.JsonAsync();
    }

    public async Task<int> ProposeAsync(int request)
        => (int)(await PostAsync(Requester, "/api/v1/matches", new { requestId = request, offerId = await OfferAsync(), practiceId = PracticeId }, 201))["id"]!;

    public async Task<int> ConfirmedMatchAsync(int? request = null)
    {
        var m = await ProposeAsync(request ?? await CreateRequestAsync());
        await PostAsync(Broker, $"/api/v1/matches/{m}/confirm", null, 200);
        return m;
    }

    /// <summary>A fresh request taken to a planned exchange; returns (request, match, exchange).</summary>
    public async Task<(int Request, int Match, int Exchange)> ExchangeAsync()
    {
        var request = await CreateRequestAsync();
        var m = await ConfirmedMatchAsync(request);
        await PostAsync(Requester, $"/api/v1/matches/{m}/accept", null, 200);
        var accepted = await PostAsync(Provider, $"/api/v1/matches/{m}/accept", null, 200);
        return (request, m, (int)accepted["exchangeId"]!);
    }

    public async Task<string> StatusAsync(string url) => (string)(await (await Anonymous.GetAsync(url)).JsonAsync())["status"]!;
}
