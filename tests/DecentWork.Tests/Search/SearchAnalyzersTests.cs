using DecentWork.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace DecentWork.Tests.Search;

/// <summary>The analyzers take shortcuts for speed (lower-casing by table, the spelling filter lower-casing only long
/// words); the terms and positions they produce must stay those of Lucene's own filters, chained as before.</summary>
public class SearchAnalyzersTests
{
    private const string Tricky = "L'Emploi DÉCENT des Travailleurs' ÀÉÎÕÜ ÇÑ Œuvre ÆTHER Straße İSTANBUL ǅemal ǈ Ǳ ΣΟΦΊΑ ΣΑΣ Ωmega "
        + "Ⅻ ＡＢＣ 社会保障 Worker's négociations COLLECTIVES pensiones Jubilación O'Brien e-mail U.S.A. 2026 x1 "
        + "ﬁnance ŉ ǰ Ÿ ȺȾ Ɐ ᾈ MÜNCHEN Ärzte ĲSSEL Ĳ ſtraße ΐ";

    public static TheoryData<string> Languages => new() { "en", "fr", "es" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Latin_analyzers_give_the_terms_of_lucenes_own_chain(string lang)
    {
        using var analyzers = new SearchAnalyzers();
        using var reference = new ReferenceLatin(lang);
        var field = SearchFields.Text(lang);
        Assert.Equal(Terms(reference, field, Tricky), Terms(analyzers.For(lang), field, Tricky));
        Assert.Equal(Terms(reference, field, Tricky.ToLowerInvariant()), Terms(analyzers.For(lang), field, Tricky.ToLowerInvariant()));
    }

    /// <summary>The spelling field's words (SpellingWords) are the long Latin words Lucene's tokenizer and lower-casing
    /// gave, once each, plus the words an apostrophe joined to another (the tokenizer kept "l'emploi" whole, and a
    /// token with an apostrophe is not a word to correct).</summary>
    [Fact]
    public void Spelling_words_are_the_long_latin_words_of_lucenes_chain_once_each()
    {
        using var reference = new ReferenceSpelling();
        var expected = Terms(reference, SearchFields.Spelling, Tricky).Select(t => t.Term).Distinct().ToList();
        Assert.Contains("travailleurs", expected); // the reference is not trivially empty
        Assert.Contains("négociations", expected);
        var words = SpellingWords.Of(Tricky + " " + Tricky.ToUpperInvariant());
        Assert.Equal(expected.Concat(["emploi", "worker", "brien"]).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        Assert.Equal(words.Count, words.Distinct().Count());
        // Digits or another script in a run make it no word; a short one is dropped; a repeat is kept once.
        Assert.Equal(["negociacion", "jubilación", "sécurité", "trabajo"],
            SpellingWords.Of("Negociacion jubilación, l’été: la sécurité x2026y covid19 ab1cd 社会保障体系 trabajo Trabajo ΣΟΦΊΑΣ"));
    }

    private static List<(string Term, int Position)> Terms(Analyzer a, string field, string text) => SearchAnalyzers.Tokens(a, field, text);

    /// <summary>The Latin chain as it was written with Lucene's LowerCaseFilter.</summary>
    private sealed class ReferenceLatin(string lang) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var v = SearchAnalyzers.Version;
            var source = new StandardTokenizer(v, reader);
            TokenStream ts = source;
            if (lang == "en") ts = new EnglishPossessiveFilter(v, ts);
            if (lang == "fr") ts = new ElisionFilter(ts, FrenchAnalyzer.DEFAULT_ARTICLES);
            ts = new LowerCaseFilter(v, ts);
            ts = new StopFilter(v, ts, lang switch { "en" => EnglishAnalyzer.DefaultStopSet, "fr" => FrenchAnalyzer.DefaultStopSet, _ => SpanishAnalyzer.DefaultStopSet });
            ts = new ASCIIFoldingFilter(ts);
            ts = lang switch { "en" => new KStemFilter(ts), "fr" => new FrenchLightStemFilter(ts), _ => new SpanishLightStemFilter(ts) };
            return new TokenStreamComponents(source, ts);
        }
    }

    private sealed class ReferenceSpelling : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
            return new TokenStreamComponents(source, new LatinWords(new LowerCaseFilter(SearchAnalyzers.Version, source)));
        }
    }

    private sealed class LatinWords(TokenStream input) : FilteringTokenFilter(SearchAnalyzers.Version, input)
    {
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        protected override bool Accept()
            => _term.Length >= SpellingSuggester.MinLength && _term.ToString().All(SpellingSuggester.IsLatinLetter);
    }
}
