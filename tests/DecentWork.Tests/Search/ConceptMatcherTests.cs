using DecentWork.Search;

namespace DecentWork.Tests.Search;

public class ConceptMatcherTests
{
    private static readonly ConceptMatcher Matcher = new(
    [
        ("social-protection", "Social protection"),
        ("social-protection", "Sécurité sociale"),
        ("social-protection", "社会保障"),
        ("social-security-administration", "Social security administration"),
        ("pension-insurance", "Pension insurance"),
        ("pension-insurance", "Pensiones de vejez"),
        ("pension-insurance", "养老保险"),
        ("pension-insurance", "Old-age pensions"),
        ("collective-bargaining", "Négociation collective"),
        ("collective-bargaining", "集体协商"),
        ("wages", "Wages"),
        ("wages", "工"),      // one CJK character: too short to mean anything, ignored
        ("ilo", "OI"),        // a two-letter word alone: ignored
    ]);

    [Theory]
    [InlineData("Extending SOCIAL PROTECTION to all", "social-protection")]
    [InlineData("la sécurité sociale des travailleurs", "social-protection")]
    [InlineData("la securite sociale", "social-protection")]                    // no accents typed
    [InlineData("城乡居民养老保险制度", "pension-insurance")]                    // Chinese labels match inside words
    [InlineData("las pensión de vejez y las pensiones de vejez", "pension-insurance")]
    [InlineData("old age pension", "pension-insurance")]                        // hyphen, plural
    [InlineData("négociations collectives", "collective-bargaining")]
    [InlineData("工资集体协商", "collective-bargaining")]
    [InlineData("suspension insurance", "")]                                    // whole words only in Latin script
    [InlineData("工作 OI", "")]
    public void Finds_labels_in_any_language(string text, string expected)
        => Assert.Equal(expected, string.Join(",", Matcher.Count(text).Keys.Order()));

    [Fact]
    public void The_longest_label_wins_and_counts_are_per_mention()
    {
        var counts = Matcher.Count("Social security administration and social protection; social protection again. 社会保障");
        Assert.Equal(1, counts["social-security-administration"]);
        Assert.Equal(3, counts["social-protection"]);
    }

    [Fact]
    public void Plurals_fold_alike()
    {
        Assert.Equal(ConceptMatcher.FoldPlural("pensiones"), ConceptMatcher.FoldPlural("pension"));
        Assert.Equal(ConceptMatcher.FoldPlural("retraites"), ConceptMatcher.FoldPlural("retraite"));
        Assert.Equal(ConceptMatcher.FoldPlural("sociaux"), ConceptMatcher.FoldPlural("social"));
        Assert.Equal(ConceptMatcher.FoldPlural("policies"), ConceptMatcher.FoldPlural("policy"));
    }

    /// <summary>Count takes a faster path than Scan(Tokenize(text)) (no string per token); both must find the same.</summary>
    [Theory]
    [InlineData("Extending SOCIAL PROTECTION to all; social protections, Social-Protection")]
    [InlineData("la Sécurité sociale des travailleurs, SÉCURITÉ SOCIALES, securite\u0301 sociale")]
    [InlineData("Pensiones de vejez; pensión de vejez; Old-age pensions; OLD AGE PENSION insurances")]
    [InlineData("城乡居民养老保险制度 社会保障体系 工资集体协商 𠀀社会保障")]
    [InlineData("policies studies sociaux Œuvre Æther Straße négociations collectives")]
    [InlineData("ties aux taux tax a ies e s ses wages WAGES wage's \ud800 lone surrogate social \udc00 protection")]
    [InlineData("")]
    public void Count_agrees_with_scanning_the_tokens(string text)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        var expected = new Dictionary<string, int>();
        foreach (var m in Matcher.Scan(ConceptMatcher.Tokenize(text)))
            foreach (var c in m.Concepts) expected[c] = expected.GetValueOrDefault(c) + 1;
        Assert.Equal(expected.OrderBy(kv => kv.Key), Matcher.Count(text).OrderBy(kv => kv.Key));
        Assert.Equal(expected.OrderBy(kv => kv.Key), Matcher.Count(text + " " + text).Select(kv => KeyValuePair.Create(kv.Key, kv.Value / 2)).OrderBy(kv => kv.Key));
    }
}
