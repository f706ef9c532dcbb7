using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Search;

/// <summary>No input makes the search API answer 500 or run a slow query: a mistake is a 400 naming the parameter,
/// and input that can be read sensibly (an unbalanced quote, a page past the end) is read sensibly.</summary>
[Collection("search")]
public class SearchBadInputTests(SearchApps apps)
{
    private static readonly (string Query, string Field)[] Refused =
    [
        ("q=" + new string('a', 10_000), "q"),
        ("q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("pension", 1500))), "q"),
        ("q=" + new string('"', 501), "q"),
        ("q=pension%00coverage", "q"),
        ("q=bell%07", "q"),
        ("q=-", "q"),
        ("q=" + Uri.EscapeDataString("- - -"), "q"),
        ("q=%22%22", "q"),
        ("q=" + Uri.EscapeDataString("\"  \" -"), "q"),
        ("q=" + Uri.EscapeDataString("* -"), "q"),
        ("size=101", "size"),
        ("size=0", "size"),
        ("size=-5", "size"),
        ("size=abc", "size"),
        ("page=0", "page"),
        ("page=1e3", "page"),
        ("page=99999999999999", "page"),
        ("page=1000&size=100", "page"),
        ("country=XYZ", "country"),
        ("country=SEN,NOWHERE", "country"),
        ("region=mars", "region"),
        ("theme=no-such-concept", "theme"),
        ("pillar=happiness", "pillar"),
        ("group=aliens", "group"),
        ("endorsed=ILO", "endorsed"),
        ("language=xx", "language"),
        ("language=zh-Hant", "language"),
        ("year=3000", "year"),
        ("year=twenty", "year"),
        ("sort=random", "sort"),
        ("lang=tlh", "lang"),
        ("country=" + string.Join(",", Enumerable.Repeat("SEN", 51)), "country"),
    ];

    public static TheoryData<string, int> RefusedCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var engine in SearchApps.Engines) for (var i = 0; i < Refused.Length; i++) d.Add(engine, i);
        return d;
    }

    [SkippableTheory, MemberData(nameof(RefusedCases))]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string engine, int index)
    {
        var (query, field) = Refused[index];
        var r = await apps.Get(engine).ClientFor(null).GetAsync("/api/v1/search?" + query);
        await r.Expect(400);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var problem = await r.JsonAsync();
        Assert.NotNull(problem["errors"]![field]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["errors"]![field]![0]));
    }

    private static readonly string[] Accepted =
    [
        "q=" + Uri.EscapeDataString("\"pension coverage"),       // an unbalanced quote: plain words
        "q=" + Uri.EscapeDataString("pension\" coverage \"x"),
        "q=*",
        "q=",
        "q=" + Uri.EscapeDataString("s*"),                        // a one-letter prefix is a word, not a scan
        "q=" + Uri.EscapeDataString("*pension"),                  // no leading wildcards
        "q=" + Uri.EscapeDataString("pen*ion ?ension pension~2 pension^10 (pension) [a TO z] {x} title_en:pension AND OR NOT \\"),
        "q=" + Uri.EscapeDataString("社会保障\"体系"),
        "q=" + Uri.EscapeDataString("pension\tcoverage\r\n"),
        "q=" + Uri.EscapeDataString("\ud83d\ude00 emoji") + "%ED%A0%80%FF",   // invalid UTF-8 in the URL
        "q=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("ab ", 166))),
        "q=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("\"a b\" -c d* ", 50))[..500]),
        "q=the",
        "q=pension&page=500&size=20",                             // beyond the end: no hits, the total
        "q=pension&country=sen&group=workers&language=zh-CN&year=2020&sort=date&lang=zh-Hans",
    ];

    public static TheoryData<string, int> AcceptedCases()
    {
        var d = new TheoryData<string, int>();
        foreach (var engine in SearchApps.Engines) for (var i = 0; i < Accepted.Length; i++) d.Add(engine, i);
        return d;
    }

    [SkippableTheory, MemberData(nameof(AcceptedCases))]
    public async Task Odd_but_readable_input_is_answered(string engine, int index)
    {
        var r = await apps.Get(engine).ClientFor(null).GetAsync("/api/v1/search?" + Accepted[index]);
        await r.Expect(200);
        var body = await r.JsonAsync();
        Assert.NotNull(body["total"]);
        Assert.NotNull(body["hits"]!.AsArray());
        Assert.Equal(8, body["facets"]!.AsObject().Count);
    }
}
