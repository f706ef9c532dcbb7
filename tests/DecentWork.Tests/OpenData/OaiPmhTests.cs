using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.Schema;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Tests.Infrastructure;
using DecentWork.Tests.Pages;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.OpenData;

[Collection("apps")]
public class OaiPmhTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;
    private static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Dwx = "urn:decent-work-exchange:dwx:1.0";
    private static readonly XNamespace XmlNs = XNamespace.Xml;

    private static async Task<XmlSchemaSet> SchemasAsync(HttpClient c)
    {
        var xsd = await c.GetAsync("/oai/dwx.xsd");
        await xsd.Expect(200);
        return OaiSchemas.Load(await xsd.Content.ReadAsStringAsync());
    }

    private static async Task<XDocument> OaiAsync(HttpClient c, XmlSchemaSet schemas, string query, bool post = false)
    {
        var r = post
            ? await c.PostAsync("/oai", new StringContent(query, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"))
            : await c.GetAsync("/oai?" + query);
        await r.Expect(200);
        Assert.StartsWith("text/xml", r.Content.Headers.ContentType!.ToString());
        return OaiSchemas.Validate(await r.Content.ReadAsStringAsync(), schemas);
    }

    private static string? ErrorCode(XDocument d) => d.Root!.Element(Oai + "error")?.Attribute("code")?.Value;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Every_verb_and_every_error_validates_against_the_official_schemas(string engine)
    {
        var app = apps.Get(engine);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice("fr", "Mutuelles de santé <b>&</b> économie informelle"),
            new { title = "Health mutuals for the informal economy", summary = "Summary in English." });
        var c = app.ClientFor(null);
        var schemas = await SchemasAsync(c);
        var oaiId = Uri.EscapeDataString($"oai:localhost:practice/{id}");

        var ok = new (string Query, string Element)[]
        {
            ("verb=Identify", "Identify"),
            ("verb=ListMetadataFormats", "ListMetadataFormats"),
            ($"verb=ListMetadataFormats&identifier={oaiId}", "ListMetadataFormats"),
            ("verb=ListSets", "ListSets"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc", "ListIdentifiers"),
            ("verb=ListRecords&metadataPrefix=oai_dc", "ListRecords"),
            ("verb=ListRecords&metadataPrefix=dwx&set=country:CHN", "ListRecords"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=theme:social-protection", "ListRecords"),
            ("verb=ListIdentifiers&metadataPrefix=dwx&from=2000-01-01&until=2999-12-31", "ListIdentifiers"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2000-01-01T00:00:00Z", "ListIdentifiers"),
            ($"verb=GetRecord&identifier={oaiId}&metadataPrefix=oai_dc", "GetRecord"),
            ($"verb=GetRecord&identifier={oaiId}&metadataPrefix=dwx", "GetRecord"),
        };
        foreach (var post in new[] { false, true })
            foreach (var (query, element) in ok)
            {
                var d = await OaiAsync(c, schemas, query, post);
                Assert.True(d.Root!.Element(Oai + element) is not null, $"{query}: {d}");
            }

        var errors = new (string Query, string Code)[]
        {
            ("", "badVerb"),
            ("verb=Bogus", "badVerb"),
            ("verb=Identify&verb=Identify", "badVerb"),
            ("verb=identify", "badVerb"),
            ("verb=Identify&extra=1", "badArgument"),
            ("verb=ListRecords", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-45", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.5Z", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
            ("verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc", "badArgument"),
            ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
            ("verb=ListSets&set=x", "badArgument"),
            ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
            ("verb=ListIdentifiers&resumptionToken=", "badResumptionToken"),
            ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
            ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
            ("verb=ListRecords&metadataPrefix=bad%20prefix", "cannotDisseminateFormat"),
            ($"verb=GetRecord&identifier={oaiId}&metadataPrefix=mods", "cannotDisseminateFormat"),
            ("verb=GetRecord&identifier=oai:localhost:practice/999999999&metadataPrefix=oai_dc", "idDoesNotExist"),
            ("verb=GetRecord&identifier=nonsense&metadataPrefix=oai_dc", "idDoesNotExist"),
            ("verb=ListMetadataFormats&identifier=oai:localhost:practice/999999999", "idDoesNotExist"),
            ("verb=ListRecords&metadataPrefix=oai_dc&from=1800-01-01&until=1800-01-02", "noRecordsMatch"),
            ("verb=ListRecords&metadataPrefix=oai_dc&set=theme:no-such-concept", "noRecordsMatch"),
            ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=nosuchkind:x", "noRecordsMatch"),
        };
        foreach (var post in new[] { false, true })
            foreach (var (query, code) in errors)
            {
                var d = await OaiAsync(c, schemas, query, post);
                Assert.True(code == ErrorCode(d), $"{query}: expected {code}, got {d}");
                var request = d.Root!.Element(Oai + "request")!;
                Assert.Equal("http://localhost/oai", request.Value);
                if (code is "badVerb" or "badArgument") Assert.Empty(request.Attributes());
            }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Oai_dc_carries_every_language_and_field(string engine)
    {
        var app = apps.Get(engine);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice("fr", "Mutuelles de santé"),
            new { title = "Health mutuals", summary = "Summary in English." });
        var c = app.ClientFor(null);
        var schemas = await SchemasAsync(c);
        var d = await OaiAsync(c, schemas, $"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:practice/{id}");
        var dc = d.Descendants(XNamespace.Get("http://www.openarchives.org/OAI/2.0/oai_dc/") + "dc").Single();
        string[] Values(string name, string? lang = null) => dc.Elements(Dc + name).Where(e => lang is null || (string?)e.Attribute(XmlNs + "lang") == lang).Select(e => e.Value).ToArray();
        Assert.Equal(["Mutuelles de santé"], Values("title", "fr"));
        Assert.Equal(["Health mutuals"], Values("title", "en"));
        Assert.Contains("Summary in English.", Values("description", "en"));
        Assert.Contains("Pension insurance", Values("subject", "en"));
        Assert.Contains(Values("subject", "zh-Hans"), s => s.Length > 0);
        Assert.Contains("China", Values("coverage", "en"));
        Assert.Contains("Chine", Values("coverage", "fr"));
        Assert.Contains("2009/2020", Values("coverage"));
        Assert.Contains("https://creativecommons.org/licenses/by/4.0/", Values("rights"));
        Assert.Contains("Text", Values("type"));
        Assert.Equal(["fr", "en"], Values("language"));
        Assert.Single(Values("creator"));
        Assert.Single(Values("publisher"));
        Assert.Single(Values("date"));
        Assert.Matches($"^http://localhost/en/practices/{id}/health-mutuals$", Values("identifier").Single());
        var page = await c.GetAsync(new Uri(Values("identifier").Single()).PathAndQuery);
        await page.Expect(200); // the identifier is the canonical URL: no redirect

        var header = d.Descendants(Oai + "header").Single();
        var specs = header.Elements(Oai + "setSpec").Select(e => e.Value).ToList();
        Assert.Contains("theme:pension-insurance", specs);
        Assert.Contains("theme:social-protection", specs); // a broader theme includes its narrower concepts
        Assert.Contains("country:CHN", specs);
        Assert.Contains("region:asia-pacific", specs);
        Assert.Contains("pillar:social-protection", specs);

        var dwx = await OaiAsync(c, schemas, $"verb=GetRecord&metadataPrefix=dwx&identifier=oai:localhost:practice/{id}");
        var practice = dwx.Descendants(Dwx + "practice").Single();
        Assert.Equal(2, practice.Elements(Dwx + "text").Count());
        Assert.Equal(6, practice.Elements(Dwx + "text").First(t => (string?)t.Attribute(XmlNs + "lang") == "fr").Elements(Dwx + "section").Count());
        Assert.Single(practice.Elements(Dwx + "indicator"));
        Assert.Single(practice.Elements(Dwx + "source"));
        Assert.Equal("C102", practice.Element(Dwx + "standard")!.Attribute("code")!.Value);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_withdrawn_practice_answers_with_a_deleted_header(string engine)
    {
        var app = apps.Get(engine);
        var id = await ReaderPagesTests.PublishedAsync(app, Http.Practice());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var p = await db.Practices.Include(x => x.Revisions).SingleAsync(x => x.Id == id);
            p.Apply(WorkflowAction.Withdraw, DateTime.UtcNow);
            p.UpdatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        var c = app.ClientFor(null);
        var schemas = await SchemasAsync(c);
        var d = await OaiAsync(c, schemas, $"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:practice/{id}");
        var header = d.Descendants(Oai + "header").Single();
        Assert.Equal("deleted", header.Attribute("status")?.Value);
        Assert.Null(d.Descendants(Oai + "metadata").FirstOrDefault());
        var identify = await OaiAsync(c, schemas, "verb=Identify");
        Assert.Equal("persistent", identify.Descendants(Oai + "deletedRecord").Single().Value);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_tampered_stale_or_foreign_token_is_a_bad_resumption_token(string engine)
    {
        var app = apps.Get(engine);
        var seeded = await OaiSeed.InsertAsync(app, 150, new DateTime(1991, 3, 1, 0, 0, 0, DateTimeKind.Utc), _ => "SEN");
        var c = app.ClientFor(null);
        var schemas = await SchemasAsync(c);
        var first = await OaiAsync(c, schemas, $"verb=ListIdentifiers&metadataPrefix=oai_dc&set=theme:{seeded.Theme}");
        var token = first.Descendants(Oai + "resumptionToken").Single();
        Assert.Equal("150", token.Attribute("completeListSize")!.Value);
        Assert.Equal("0", token.Attribute("cursor")!.Value);
        Assert.NotNull(token.Attribute("expirationDate"));
        var tampered = token.Value[..^3] + (token.Value[^3] == 'A' ? "B" : "A") + token.Value[^2..];
        Assert.Equal("badResumptionToken", ErrorCode(await OaiAsync(c, schemas, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(tampered))));
        // A token is bound to its verb.
        Assert.Equal("badResumptionToken", ErrorCode(await OaiAsync(c, schemas, "verb=ListRecords&resumptionToken=" + Uri.EscapeDataString(token.Value))));
        // An expired one, sealed with the application's own key.
        var protector = app.Service<IDataProtectionProvider>().CreateProtector("DecentWork.OpenData.Oai.v1").ToTimeLimitedDataProtector();
        var plain = JsonSerializer.Serialize(new DecentWork.OpenData.OaiPosition(DecentWork.OpenData.OaiVerb.ListIdentifiers,
            new DecentWork.OpenData.OaiSelection("oai_dc", null, null, "theme:" + seeded.Theme, null, null), seeded.Start.Ticks, seeded.Ids[0], 1, 150));
        var stale = protector.Protect(plain, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal("badResumptionToken", ErrorCode(await OaiAsync(c, schemas, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(stale))));
        var fresh = protector.Protect(plain, DateTimeOffset.UtcNow.AddMinutes(5));
        var resumed = await OaiAsync(c, schemas, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(fresh));
        Assert.Equal(100, resumed.Descendants(Oai + "header").Count());
        Assert.Equal("oai:localhost:practice/" + seeded.Ids[1], resumed.Descendants(Oai + "identifier").First().Value);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Harvesting_2500_records_by_resumption_returns_each_exactly_once_and_filters_are_exact(string engine)
    {
        var app = apps.Get(engine);
        var start = new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seeded = await OaiSeed.InsertAsync(app, 2500, start, i => i % 10 == 0 ? "ISL" : "NOR");
        var c = app.ClientFor(null);
        var schemas = await SchemasAsync(c);

        async Task<List<string>> HarvestAsync(string verb, string args, int expectedTotal)
        {
            var ids = new List<string>();
            var d = await OaiAsync(c, schemas, $"verb={verb}&{args}");
            var pages = 0;
            while (true)
            {
                pages++;
                Assert.Null(ErrorCode(d));
                var headers = d.Descendants(Oai + "header").ToList();
                Assert.True(headers.Count <= 100);
                ids.AddRange(headers.Select(h => h.Element(Oai + "identifier")!.Value));
                var token = d.Descendants(Oai + "resumptionToken").SingleOrDefault();
                if (token is null) { Assert.True(expectedTotal <= 100); break; }
                Assert.Equal(expectedTotal.ToString(), token.Attribute("completeListSize")!.Value);
                Assert.Equal((ids.Count - headers.Count).ToString(), token.Attribute("cursor")!.Value);
                if (token.Value.Length == 0) break;
                d = await OaiAsync(c, schemas, $"verb={verb}&resumptionToken={Uri.EscapeDataString(token.Value)}", post: pages % 2 == 0);
            }
            return ids;
        }

        string OaiId(int i) => "oai:localhost:practice/" + seeded.Ids[i];
        var all = await HarvestAsync("ListRecords", $"metadataPrefix=oai_dc&set=theme:{seeded.Theme}", 2500);
        Assert.Equal(2500, all.Count);
        Assert.Equal(seeded.Ids.Select((_, i) => OaiId(i)), all); // every record once, in datestamp order

        var ids = await HarvestAsync("ListIdentifiers", $"metadataPrefix=dwx&set=theme:{seeded.Theme}", 2500);
        Assert.Equal(all, ids);

        var narrow = await HarvestAsync("ListIdentifiers", $"metadataPrefix=oai_dc&set=theme:{seeded.NarrowerTheme}", 1250);
        Assert.Equal(Enumerable.Range(0, 2500).Where(i => i % 2 == 1).Select(OaiId), narrow);

        // Seconds granularity, both bounds inclusive: 00:05:00 to 00:09:59.4 is records 900 to 1799.
        var window = await HarvestAsync("ListIdentifiers", $"metadataPrefix=oai_dc&set=theme:{seeded.Theme}&from=1990-01-01T00:05:00Z&until=1990-01-01T00:09:59Z", 900);
        Assert.Equal(Enumerable.Range(900, 900).Select(OaiId), window);

        var country = await HarvestAsync("ListIdentifiers", "metadataPrefix=oai_dc&set=country:ISL&from=1990-01-01&until=1990-01-01", 250);
        Assert.Equal(Enumerable.Range(0, 2500).Where(i => i % 10 == 0).Select(OaiId), country);

        var until = await HarvestAsync("ListIdentifiers", $"metadataPrefix=oai_dc&set=theme:{seeded.Theme}&until=1990-01-01T00:00:41Z", 126);
        Assert.Equal(Enumerable.Range(0, 126).Select(OaiId), until);

        var day = await OaiAsync(c, schemas, $"verb=ListIdentifiers&metadataPrefix=oai_dc&set=theme:{seeded.Theme}&from=1990-01-02");
        Assert.Equal("noRecordsMatch", ErrorCode(day));
    }
}
