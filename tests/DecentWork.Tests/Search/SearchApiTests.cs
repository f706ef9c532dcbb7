using DecentWork.Organisations;
using DecentWork.Tests.Infrastructure;
using static DecentWork.Tests.Search.SearchDriver;

namespace DecentWork.Tests.Search;

/// <summary>What a reader gets from GET /api/v1/search: every language, the query syntax, facets, snippets.</summary>
[Collection("search")]
public class SearchApiTests(SearchApps apps)
{
    public static TheoryData<string> Engines => SearchApps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_Chinese_query_finds_a_Spanish_pension_practice_and_same_language_ranks_first(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var es = await s.PublishAsync(Body("es", $"Pensiones no contributivas para personas mayores {tag}",
            "Una pensión básica financiada con impuestos para quienes no cotizaron lo suficiente.",
            "El sistema de pensiones dejaba sin jubilación a la mitad de las personas mayores.", themes: ["pension-insurance"], countries: ["BOL"]));
        var zh = await s.PublishAsync(Body("zh", $"农村养老保险试点 {tag}", "为农村居民建立养老保险制度。", "农村老年人缺少养老保险。",
            themes: ["pension-insurance"], countries: ["CHN"]));

        var r = await s.SearchAsync(Q("养老保险") + "&size=100&lang=zh");
        var ids = Ids(r);
        Assert.Contains(es, ids);
        Assert.Contains(zh, ids);
        Assert.True(ids.IndexOf(zh) < ids.IndexOf(es), "the practice written in the query's language ranks first");
        // The Spanish practice has no Chinese text: its title comes in its own language.
        var hit = r["hits"]!.AsArray().First(h => (int)h!["id"]! == es)!;
        Assert.Equal("es", (string)hit["language"]!);
        Assert.StartsWith("Pensiones", (string)hit["title"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_French_query_finds_a_Chinese_collective_bargaining_practice(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var zh = await s.PublishAsync(Body("zh", $"行业工资集体协商 {Word()}", "工会与企业代表就工资进行集体协商，签订集体合同。",
            "集体协商机制覆盖了全行业的企业。", countries: ["CHN"], pillars: ["social-dialogue"]));
        var ids = Ids(await s.SearchAsync(Q("négociation collective") + "&size=100&lang=fr"));
        Assert.Contains(zh, ids);
        // Without accents too: readers type on keyboards without them.
        Assert.Contains(zh, Ids(await s.SearchAsync(Q("negociation collective") + "&size=100&lang=fr")));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Chinese_is_segmented_so_every_practice_containing_the_longer_word_is_found(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var ids = new List<int>
        {
            await s.PublishAsync(Body("zh", $"完善社会保障体系 {tag}", "建立覆盖全民的社会保障体系。")),
            await s.PublishAsync(Body("zh", $"基层经办能力 {tag}", "农村地区的社会保障体系建设取得进展。")),
            await s.PublishAsync(Body("zh", $"职业技能培训 {tag}", "培训内容包括劳动法和社会保障体系的基本知识。")),
        };
        var result = await s.SearchAsync(Q("社会保障 " + tag) + "&size=100&lang=zh");
        Assert.Equal(ids.Order(), Ids(result).Order());
        var snippet = (string)result["hits"]!.AsArray().First(h => (int)h!["id"]! == ids[1])!["snippet"]!;
        Assert.Equal("农村地区的<mark>社会</mark><mark>保障</mark>体系建设取得进展。", snippet);
        var phrase = Ids(await s.SearchAsync(Q("\"社会保障\" " + tag) + "&size=100"));
        Assert.Equal(ids.Order(), phrase.Order());
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Phrases_exclusions_prefixes_and_all_words_required(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var stem = Word()[..8];
        var a = await s.PublishAsync(Body("en", $"Cash transfers for rural households {tag}", "A conditional cash transfer reached poor families."));
        var b = await s.PublishAsync(Body("en", $"Public works {tag}", "The transfer of skills, paid in cash."));
        var c = await s.PublishAsync(Body("en", $"Apprenticeships {tag}", $"Training in {stem}ation and {stem}ing."));

        Assert.Equal([a], Ids(await s.SearchAsync(Q($"\"cash transfer\" {tag}"))));
        Assert.Equal([a, b], Ids(await s.SearchAsync(Q($"cash transfer {tag}"))).Order());
        Assert.Equal([b], Ids(await s.SearchAsync(Q($"cash {tag} -conditional"))));
        Assert.Equal([a], Ids(await s.SearchAsync(Q($"cash {tag} -\"public works\""))));
        Assert.Equal([c], Ids(await s.SearchAsync(Q($"{stem}*"))));
        Assert.Equal([a, b, c], Ids(await s.SearchAsync(Q($"{tag[..6]}*") + "&size=100")).Intersect([a, b, c]).Order());
        Assert.Empty(Ids(await s.SearchAsync(Q($"cash {tag} nonexistentword"))));
        // A stemmer may rewrite the start of a word (French "apprentissage" is indexed as "aprentisag"): prefixes still match.
        var fr = await s.PublishAsync(Body("fr", $"Alternance {tag}", "L'apprentissage en entreprise."));
        var prefixed = await s.SearchAsync(Q($"apprenti* {tag}") + "&lang=fr");
        Assert.Equal([c, fr], Ids(prefixed).Order()); // "Apprenticeships" too
        Assert.Contains("<mark>L&#39;apprentissage</mark>", (string)prefixed["hits"]!.AsArray().First(h => (int)h!["id"]! == fr)!["snippet"]!);
        // Stop words of any language require nothing ("de", "the"): the other words still find the practice.
        Assert.Equal([a], Ids(await s.SearchAsync(Q($"the cash transfers of {tag} de"))).Intersect([a]));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_misspelt_word_finds_nothing_exactly_then_offers_did_you_mean(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var id = await s.PublishAsync(Body("en", $"Mentorship for young entrepreneurs {tag}", "Seasoned entrepreneurs mentor newcomers."));
        var exact = await s.SearchAsync(Q($"entrepreneurs {tag}"));
        Assert.Equal([id], Ids(exact));
        Assert.Null((string?)exact["didYouMean"]);
        Assert.True(exact.AsObject().ContainsKey("didYouMean")); // present, as null

        var typo = await s.SearchAsync(Q($"entrepeneurs {tag}"));
        Assert.Equal([id], Ids(typo));
        Assert.Equal($"entrepreneurs {tag}", (string?)typo["didYouMean"]);
        // A word met only after an elision ("l'…", in French) is offered too.
        var elided = Word();
        var fr = await s.PublishAsync(Body("fr", $"L'{elided} des travailleurs", "Une démarche d'appui."));
        var misspelt = elided[..5] + "x" + elided[6..];
        var corrected = await s.SearchAsync(Q(misspelt));
        Assert.Equal([fr], Ids(corrected));
        Assert.Equal(elided, (string?)corrected["didYouMean"]);
        // Short words and non-Latin words are not corrected: too many near neighbours.
        var shortWord = await s.SearchAsync(Q($"entr {tag}"));
        Assert.Empty(Ids(shortWord));
        Assert.Null((string?)shortWord["didYouMean"]);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Facets_count_every_match_and_filters_narrow_by_the_same_keys(string engine)
    {
        var app = apps.Get(engine);
        var s = await CreateAsync(app, ConstituentGroup.Workers);
        var employers = await app.CreateOrganisationAsync(ConstituentGroup.Employers, "SEN");
        var endorser = app.ClientFor(await app.CreateUserAsync("Contributor", employers.Id));
        var tag = Word();
        var a = await s.PublishAsync(Body("en", $"Minimum wage {tag}", "A wage floor.", themes: ["minimum-wage"], countries: ["SEN"],
            pillars: ["rights-at-work"], period: (2018, 2020), organisationId: s.OrganisationId));
        var b = await s.PublishAsync(Body("fr", $"Salaire minimum {tag}", "Un plancher salarial.", themes: ["minimum-wage", "collective-bargaining"],
            countries: ["SEN", "CHN"], pillars: ["rights-at-work", "social-dialogue"], period: (2020, 2021)));
        var c = await s.PublishAsync(Body("es", $"Salario mínimo {tag}", "Un piso salarial.", themes: ["pension-insurance"], countries: ["BRA"], period: (2021, 2021)));
        await s.TranslateAsync(c, "en", $"Minimum wage in Brazil {tag}", "A wage floor in Brazil.");
        await s.ActAsync(c, "submit");
        await s.ActAsync(c, "publish");
        await (await endorser.PostAsync($"/api/v1/practices/{a}/endorsements", Http.Body(new { statement = "We support it." }))).Expect(201);
        await s.CaughtUpAsync();

        var r = await s.SearchAsync(Q(tag));
        Assert.Equal(3, (int)r["total"]!);
        Assert.Equal(new Dictionary<string, int> { ["SEN"] = 2, ["CHN"] = 1, ["BRA"] = 1 }, Facet(r, "country"));
        Assert.Equal(new Dictionary<string, int> { ["africa"] = 2, ["asia-pacific"] = 1, ["americas"] = 1 }, Facet(r, "region"));
        Assert.Equal(2, Facet(r, "theme")["minimum-wage"]);
        Assert.Equal(1, Facet(r, "theme")["collective-bargaining"]);
        Assert.Equal(2, Facet(r, "theme")["wages"]); // the broader concept of minimum wage counts too
        Assert.Equal(1, Facet(r, "theme")["social-protection"]);
        Assert.Equal(new Dictionary<string, int> { ["rights-at-work"] = 2, ["social-dialogue"] = 1, ["employment"] = 1 }, Facet(r, "pillar"));
        Assert.Equal(new Dictionary<string, int> { ["Workers"] = 1 }, Facet(r, "group"));
        Assert.Equal(new Dictionary<string, int> { ["en"] = 2, ["fr"] = 1, ["es"] = 1 }, Facet(r, "language"));
        Assert.Equal(new Dictionary<string, int> { ["2018"] = 1, ["2019"] = 1, ["2020"] = 2, ["2021"] = 2 }, Facet(r, "year"));
        Assert.Equal(new Dictionary<string, int> { ["Employers"] = 1 }, Facet(r, "endorsed"));

        var sen = await s.SearchAsync(Q(tag) + "&country=SEN");
        Assert.Equal([a, b], Ids(sen).Order());
        // A filtered facet still counts its other values, so a reader can add one (Senegal or Brazil).
        Assert.Equal(1, Facet(sen, "country")["BRA"]);
        Assert.Equal(new Dictionary<string, int> { ["en"] = 1, ["fr"] = 1 }, Facet(sen, "language"));
        Assert.Equal([a, b, c], Ids(await s.SearchAsync(Q(tag) + "&country=SEN&country=BRA")).Order());
        Assert.Equal([a, b, c], Ids(await s.SearchAsync(Q(tag) + "&country=sen,bra")).Order());
        Assert.Equal([b], Ids(await s.SearchAsync(Q(tag) + "&country=SEN&pillar=social-dialogue")));
        Assert.Equal([c], Ids(await s.SearchAsync(Q(tag) + "&region=americas")));
        Assert.Equal([a, b], Ids(await s.SearchAsync(Q(tag) + "&theme=wages")).Order());
        Assert.Equal([a], Ids(await s.SearchAsync(Q(tag) + "&group=workers")));
        Assert.Equal([a], Ids(await s.SearchAsync(Q(tag) + "&endorsed=Employers")));
        Assert.Equal([a, c], Ids(await s.SearchAsync(Q(tag) + "&language=en")).Order());
        Assert.Equal([b, c], Ids(await s.SearchAsync(Q(tag) + "&year=2021")).Order());
        Assert.Empty(Ids(await s.SearchAsync(Q(tag) + "&year=2017")));
        // Everything, filtered: q=* and an empty q list every public practice.
        Assert.Equal([c], Ids(await s.SearchAsync("q=*&region=americas&year=2021")).Intersect([a, b, c]));
        Assert.Contains(c, Ids(await s.SearchAsync("q=&country=BRA&size=100")));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Hits_come_in_the_readers_language_with_highlighted_snippets_sorted_and_paged(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var tag = Word();
        var first = await s.PublishAsync(Body("en", $"Labour inspection reform {tag}", "Inspectors visit <small> workplaces & farms."));
        await s.TranslateAsync(first, "fr", $"Réforme de l'inspection du travail {tag}", "Les inspecteurs visitent les petites entreprises.");
        await s.ActAsync(first, "submit");
        await s.ActAsync(first, "publish");
        var second = await s.PublishAsync(Body("en", $"Inspection {tag}", "More inspectors."));

        var fr = await s.SearchAsync(Q($"inspection {tag}") + "&lang=fr&sort=date");
        Assert.Equal([second, first], Ids(fr)); // newest first
        var hit = fr["hits"]![1]!;
        Assert.Equal("fr", (string)hit["language"]!);
        Assert.StartsWith("Réforme", (string)hit["title"]!);
        Assert.StartsWith("reforme-de-l", (string)hit["slug"]!);
        Assert.Equal("en", (string)fr["hits"]![0]!["language"]!); // no French text: the original

        var en = await s.SearchAsync(Q($"inspectors {tag}") + "&lang=en");
        var snippet = (string)en["hits"]!.AsArray().First(h => (int)h!["id"]! == first)!["snippet"]!;
        Assert.Equal("<mark>Inspectors</mark> visit &lt;small&gt; workplaces &amp; farms.", snippet);

        var page2 = await s.SearchAsync(Q(tag) + "&size=1&page=2&sort=date");
        Assert.Equal(2, (int)page2["total"]!);
        Assert.Equal([first], Ids(page2));
        var beyond = await s.SearchAsync(Q(tag) + "&size=10&page=5");
        Assert.Equal(2, (int)beyond["total"]!);
        Assert.Empty(Ids(beyond));
    }
}
