using System.Net;
using DecentWork.Tests.Infrastructure;
using DecentWork.Tests.Pages;

namespace DecentWork.Tests.Cooperation;

/// <summary>The pipeline through the HTML forms, as a browser without JavaScript drives it.</summary>
[Collection("apps")]
public class CooperationPagesTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Request_form_shows_messages_next_to_fields_then_the_whole_pipeline_runs_through_forms(string engine)
    {
        var app = apps.Get(engine);
        var d = await CoopDriver.CreateAsync(app);
        var offer = await d.OfferAsync();
        var requester = await WritingPagesTests.SignedInAsync(app, d.RequesterUser, "fr");

        // Bad input: 400, the message next to each field and a summary linking to it.
        var form = await requester.PageAsync("/fr/cooperation/requests/new");
        var bad = await requester.SubmitAsync(form, "form.coop-form", new Dictionary<string, string?> { ["Title"] = "", ["Need"] = "x", ["Country"] = "" }, pageUrl: "/fr/cooperation/requests/new");
        await bad.Expect(400);
        var shown = await Html.ParseAsync(bad);
        Assert.Equal("true", shown.QuerySelector("#f-title")!.GetAttribute("aria-invalid"));
        Assert.NotNull(shown.QuerySelector("#f-title-error"));
        Assert.NotNull(shown.QuerySelector("#f-modalities-error"));
        Assert.NotNull(shown.QuerySelector("[role=alert] a[href='#f-country']"));

        // Without the antiforgery token the post is refused.
        var forged = await requester.PostAsync("/fr/cooperation/requests/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var ok = await requester.SubmitAsync(shown, "form.coop-form", new Dictionary<string, string?>
        {
            ["Title"] = $"Retraites rurales {d.Word}", ["Need"] = $"Nous voulons étendre l'assurance pension aux travailleurs ruraux {d.Word}.", ["Language"] = "fr",
            ["Country"] = "KHM", ["Themes"] = "pension-insurance", ["ModalityNames"] = "study-visit|training", ["WorkingLanguages"] = "fr|en",
        }, pageUrl: "/fr/cooperation/requests/new");
        await ok.Expect(302);
        var requestUrl = ok.Headers.Location!.OriginalString;
        var id = int.Parse(requestUrl.Split('/').Last());

        // The request page lists the offer among the suggestions, with its reasons, and a button to propose it.
        var page = await requester.PageAsync(requestUrl);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.NotEmpty(page.QuerySelectorAll(".reasons li"));
        var proposeForm = page.QuerySelectorAll("form").First(f => f.QuerySelector($"input[name=offerId][value='{offer}']") is not null);
        proposeForm.Id = "propose";
        await (await requester.SubmitAsync(page, "#propose", new Dictionary<string, string?>(), pageUrl: requestUrl)).Expect(302);

        // The broker confirms from the pipeline.
        var broker = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Broker"), "zh");
        var pipeline = await broker.PageAsync("/zh/cooperation/pipeline");
        var confirm = pipeline.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=confirm"));
        confirm.Id = "confirm";
        await (await broker.SubmitAsync(pipeline, "#confirm", new Dictionary<string, string?>(), pageUrl: "/zh/cooperation/pipeline")).Expect(302);

        // Each side accepts on the request page.
        var provider = await WritingPagesTests.SignedInAsync(app, d.ProviderUser, "es");
        foreach (var (client, lang) in new[] { (requester, "fr"), (provider, "es") })
        {
            var url = $"/{lang}/cooperation/requests/{id}";
            var p = await client.PageAsync(url);
            var accept = p.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=accept"));
            accept.Id = "accept";
            await (await client.SubmitAsync(p, "#accept", new Dictionary<string, string?>(), pageUrl: url)).Expect(302);
        }
        var after = await requester.PageAsync(requestUrl);
        var exchangeUrl = after.QuerySelector("a[href*='/cooperation/exchanges/']")!.GetAttribute("href")!;

        // Start, then the outcome form: a missing rating is named next to its field; then it completes.
        var ex = await requester.PageAsync(exchangeUrl);
        var start = ex.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=start"));
        start.Id = "start";
        await (await requester.SubmitAsync(ex, "#start", new Dictionary<string, string?>(), pageUrl: exchangeUrl)).Expect(302);
        ex = await requester.PageAsync(exchangeUrl);
        var outcomeForm = ex.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=outcome"));
        outcomeForm.Id = "outcome";
        var missing = await requester.SubmitAsync(ex, "#outcome", new Dictionary<string, string?> { ["Outcome"] = "Nous avons adopté les cotisations subventionnées." }, pageUrl: exchangeUrl);
        await missing.Expect(400);
        var missingPage = await Html.ParseAsync(missing);
        Assert.NotNull(missingPage.QuerySelector("#f-rating-error"));
        missingPage.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=outcome")).Id = "outcome";
        await (await requester.SubmitAsync(missingPage, "#outcome", new Dictionary<string, string?> { ["Rating"] = "5" }, pageUrl: exchangeUrl)).Expect(302);
        Assert.Equal("Completed", await d.StatusAsync($"/api/v1/requests/{id}"));

        // Shared with … on the practice page and on both country pages, and the drawing of each country.
        var anonymous = app.ClientFor(null);
        var practice = await anonymous.GetAsync($"/zh/practices/{d.PracticeId}");
        if (practice.StatusCode == HttpStatusCode.Redirect || practice.StatusCode == HttpStatusCode.MovedPermanently)
            practice = await anonymous.GetAsync(practice.Headers.Location!.OriginalString);
        var practicePage = await Html.ParseAsync(practice);
        Assert.NotNull(practicePage.QuerySelector("#shared-with"));
        foreach (var code in new[] { "KHM", "SEN" })
        {
            var country = await anonymous.PageAsync($"/fr/countries/{code}");
            Assert.NotNull(country.QuerySelector("#shared-with"));
            var view = await anonymous.PageAsync($"/zh/cooperation/countries/{code}");
            Assert.NotNull(view.QuerySelector("svg title"));
            Assert.NotEmpty(view.QuerySelectorAll("svg text"));
            Assert.NotNull(view.QuerySelector("figcaption"));
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Pages_render_in_Chinese_and_French(string engine)
    {
        var app = apps.Get(engine);
        var d = await CoopDriver.CreateAsync(app);
        var request = await d.CreateRequestAsync();
        var (_, _, exchange) = await d.ExchangeAsync();
        var anonymous = app.ClientFor(null);
        var broker = await WritingPagesTests.SignedInAsync(app, await app.CreateUserAsync("Broker"));
        var member = await WritingPagesTests.SignedInAsync(app, d.RequesterUser);
        foreach (var lang in new[] { "zh", "fr" })
        {
            foreach (var url in new[] { "cooperation", $"cooperation/requests/{request}", $"cooperation/exchanges/{exchange}", "cooperation/countries/KHM",
                         "cooperation?modality=study-visit&status=Open&country=KHM&theme=pension-insurance" })
            {
                var p = await anonymous.PageAsync($"/{lang}/{url}");
                Assert.Equal(lang == "zh" ? "zh-Hans" : "fr", p.DocumentElement.GetAttribute("lang"));
                Assert.NotNull(p.QuerySelector("h1"));
            }
            Assert.NotNull((await broker.PageAsync($"/{lang}/cooperation/pipeline")).QuerySelector("h1"));
            Assert.NotNull((await member.PageAsync($"/{lang}/cooperation/notifications")).QuerySelector("h1"));
            Assert.NotNull((await member.PageAsync($"/{lang}/cooperation/requests/new")).QuerySelector("form.coop-form input[name=__af]"));
            Assert.NotNull((await member.PageAsync($"/{lang}/cooperation/offers/new")).QuerySelector("form.coop-form input[name=__af]"));
        }
        var board = await anonymous.PageAsync("/zh/cooperation");
        Assert.Contains("合作请求", board.QuerySelector("h1")!.TextContent);
        // A member who is not a broker does not get the pipeline; the anonymous reader is sent to sign in.
        var denied = await member.GetAsync("/en/cooperation/pipeline");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/en/cooperation/notifications")).StatusCode);
        await anonymous.PageAsync("/en/cooperation?status=Dreaming", 400);

        // Follow buttons are forms: following the request adds it to the notifications page, with its feed.
        var requestPage = await member.PageAsync($"/fr/cooperation/requests/{request}");
        requestPage.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.EndsWith("/cooperation/follow")).Id = "follow";
        await (await member.SubmitAsync(requestPage, "#follow", new Dictionary<string, string?>())).Expect(302);
        var notifications = await member.PageAsync("/fr/cooperation/notifications");
        var feed = notifications.QuerySelector($"a[href^='/feeds/cooperation/request/{request}.atom']")!.GetAttribute("href")!;
        var atom = await anonymous.GetAsync(feed);
        await atom.Expect(200);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<entry", await atom.Content.ReadAsStringAsync());
    }
}
