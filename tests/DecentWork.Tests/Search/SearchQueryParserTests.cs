using DecentWork.Search;

namespace DecentWork.Tests.Search;

public class SearchQueryParserTests
{
    private static string Show(string input) => SearchQueryParser.Parse(input).ToString();

    [Theory]
    [InlineData("pension coverage", "pension coverage")]
    [InlineData("  pension   coverage  ", "pension coverage")]
    [InlineData("\"pension coverage\" rural", "\"pension coverage\" rural")]
    [InlineData("\"pension\"", "pension")]                         // a one-word phrase is a word
    [InlineData("pension -urban", "pension -urban")]
    [InlineData("pension -\"urban areas\"", "pension -\"urban areas\"")]
    [InlineData("skill*", "skill*")]
    [InlineData("s*", "s")]                                        // prefixes need two characters
    [InlineData("*pension", "pension")]                            // no leading wildcard
    [InlineData("pen*ion", "\"pen ion\"")]                         // an inner * is not a wildcard
    [InlineData("\"pension coverage", "pension coverage")]         // an unpaired quote is a space
    [InlineData("pension\" coverage", "pension coverage")]
    [InlineData("\"a b\" \"c", "\"a b\" c")]
    [InlineData("a - b", "a b")]                                   // a dash standing alone is not an operator
    [InlineData("--pension", "-pension")]
    [InlineData("+pension", "pension")]
    [InlineData("old-age pensions", "old-age pensions")]           // an inner dash belongs to the word
    [InlineData("“négociation collective”", "\"négociation collective\"")]
    [InlineData("ｐｅｎｓｉｏｎ", "pension")]                       // full-width letters from a Chinese keyboard
    [InlineData("社会保障 体系", "社会保障 体系")]
    [InlineData("pension\u0000coverage\u200b", "pension coverage")]
    public void Reads_what_readers_type(string input, string expected) => Assert.Equal(expected, Show(input));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData(" * ")]
    [InlineData(null)]
    public void Empty_and_star_mean_everything(string? input)
    {
        var q = SearchQueryParser.Parse(input);
        Assert.True(q.MatchAll);
        Assert.False(q.Nothing);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("- * -")]
    [InlineData("\"\"")]
    [InlineData("\"")]
    [InlineData("***")]
    [InlineData("-\"\"")]
    [InlineData("?!.,;")]
    public void Operators_alone_are_nothing_to_search(string input)
    {
        var q = SearchQueryParser.Parse(input);
        Assert.True(q.Nothing);
        Assert.False(q.MatchAll);
    }

    [Fact]
    public void Kinds_and_exclusions_are_kept_apart()
    {
        var q = SearchQueryParser.Parse("\"cash transfer\" -rural skill* pension");
        Assert.Equal(
        [
            new QueryClause(ClauseKind.Phrase, "cash transfer"),
            new QueryClause(ClauseKind.Word, "rural", Excluded: true),
            new QueryClause(ClauseKind.Prefix, "skill"),
            new QueryClause(ClauseKind.Word, "pension"),
        ], q.Clauses);
    }

    [Fact]
    public void Huge_input_is_cut_and_the_clauses_bounded()
    {
        var q = SearchQueryParser.Parse(string.Concat(Enumerable.Repeat("word ", 5000)));
        Assert.Equal(SearchQueryParser.MaxClauses, q.Clauses.Count);
        Assert.True(SearchQueryParser.Clean(new string('x', 100_000)).Length <= SearchQueryParser.MaxLength);
    }

    [Theory]
    [InlineData("pension\u0001", true)]
    [InlineData("pension\u007f", true)]
    [InlineData("pension\tcoverage\r\n", false)]
    [InlineData("社会保障", false)]
    public void Control_characters_are_detected(string input, bool expected)
        => Assert.Equal(expected, SearchQueryParser.HasControlCharacters(input));

    [Fact]
    public void A_lone_surrogate_does_not_throw()
        => Assert.Equal("pension", Show("pension \ud800"));
}
