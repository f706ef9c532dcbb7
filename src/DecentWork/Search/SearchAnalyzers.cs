using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>One analyzer per content language, used alike for indexing and for queries. Analyzers are thread-safe
/// (they reuse token streams per thread), so one set serves the whole process.</summary>
public sealed class SearchAnalyzers : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly Dictionary<string, Analyzer> _byLanguage;

    public SearchAnalyzers()
    {
        _byLanguage = new Dictionary<string, Analyzer>
        {
            ["en"] = new LatinAnalyzer("en"),
            ["fr"] = new LatinAnalyzer("fr"),
            ["es"] = new LatinAnalyzer("es"),
            // SmartCn segments words with its own dictionary and HMM (社会保障体系 → 社会 | 保障 | 体系); a bigram or
            // single-character analyzer would find a two-character word anywhere its characters happen to meet.
            // ChineseAnalyzer gives SmartChineseAnalyzer's tokens exactly, several times cheaper.
            ["zh"] = new ChineseAnalyzer(),
        };
        var lines = new LineAnalyzer();
        var perField = new Dictionary<string, Analyzer>
        {
            [SearchFields.Spelling] = lines, // SpellingWords, one per line
            [SearchFields.Concept] = lines,
            [SearchFields.Id] = new KeywordAnalyzer(), // the whole id as one term, like a StringField
        };
        foreach (var key in SearchFields.FacetKeys) perField[SearchFields.Facet(key)] = lines;
        foreach (var (lang, a) in _byLanguage)
        {
            perField[SearchFields.Title(lang)] = a;
            perField[SearchFields.Text(lang)] = a;
        }
        // Chinese fields also hold each pair of adjacent words, so phrases of Chinese words are read from one list.
        _pairs = new ChineseAnalyzer(wordPairs: true);
        perField[SearchFields.Title("zh")] = _pairs;
        perField[SearchFields.Text("zh")] = _pairs;
        // Keyword fields are not analysed at all; this default only catches a field someone forgot to map.
        Indexing = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), perField);
    }

    public static readonly string[] Languages = ["en", "fr", "es", "zh"];

    private readonly Analyzer _pairs;

    /// <summary>Whether a field is indexed with word pairs (see <see cref="WordPairs"/>).</summary>
    public static bool HasWordPairs(string field) => field == SearchFields.Title("zh") || field == SearchFields.Text("zh");

    public Analyzer For(string lang) => _byLanguage[lang];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TermCache> _termCaches = new(StringComparer.Ordinal);

    /// <summary>A language's analysis of single words, remembered (for marking words in snippets).</summary>
    public TermCache TermsOf(string lang) => _termCaches.GetOrAdd(lang, l => new TermCache(For(l), SearchFields.Text(l)));

    /// <summary>What an analyzer makes of one word (null for a stop word), cached: snippets keep meeting the same words.
    /// Bounded by starting afresh when full, which costs a few re-analysed words, never a wrong answer.</summary>
    public sealed class TermCache(Analyzer analyzer, string field)
    {
        private const int MaxWords = 100_000;
        private readonly BoundedCache<string, string?> _words = new(MaxWords, StringComparer.Ordinal);

        public string? Term(ReadOnlySpan<char> word)
        {
            if (_words.Entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var known)) return known;
            var w = word.ToString();
            var tokens = Tokens(analyzer, field, w);
            var term = tokens.Count > 0 ? tokens[0].Term : null;
            return _words.Set(w, term);
        }
    }

    public Analyzer Indexing { get; }

    private readonly BoundedCache<(string Lang, string Text), IReadOnlyList<(string Term, int Position)>> _queryWords = new(100_000);

    /// <summary>A query word's (or phrase's) tokens in a language's text field, remembered: each search analyses
    /// every word in four languages, and readers keep typing the same words. Bounded like <see cref="TermCache"/>.</summary>
    public IReadOnlyList<(string Term, int Position)> QueryTokens(string lang, string text)
    {
        if (_queryWords.TryGetValue((lang, text), out var known)) return known;
        var tokens = Tokens(For(lang), SearchFields.Text(lang), text);
        if (text.Length > 200) return tokens; // a long phrase is rarely typed twice: not worth keeping
        return _queryWords.Set((lang, text), tokens);
    }

    /// <summary>The tokens an analyzer makes of a text, with their positions (stop words leave gaps).</summary>
    public static List<(string Term, int Position)> Tokens(Analyzer analyzer, string field, string text)
    {
        var list = new List<(string, int)>();
        using var ts = analyzer.GetTokenStream(field, text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var inc = ts.AddAttribute<IPositionIncrementAttribute>();
        ts.Reset();
        var pos = -1;
        while (ts.IncrementToken())
        {
            pos += Math.Max(inc.PositionIncrement, 0);
            list.Add((term.ToString(), Math.Max(pos, 0)));
        }
        ts.End();
        return list;
    }

    public void Dispose()
    {
        foreach (var a in _byLanguage.Values) a.Dispose();
        _pairs.Dispose();
        Indexing.Dispose();
    }

    /// <summary>English, French and Spanish: the standard tokenizer, lower case, the language's stop words, accent
    /// folding (so "negociacion" finds "negociación" and a reader without a French keyboard finds "sécurité"), and a
    /// light stemmer: plurals and common inflections meet ("pensiones" → "pension") without the over-reach of an
    /// aggressive stemmer that would also merge unrelated words. Stop words are removed before folding because the
    /// stop lists are written with accents ("où", "él").</summary>
    private sealed class LatinAnalyzer(string lang) : Analyzer
    {
        private readonly CharArraySet _stop = lang switch
        {
            "en" => EnglishAnalyzer.DefaultStopSet,
            "fr" => FrenchAnalyzer.DefaultStopSet,
            _ => SpanishAnalyzer.DefaultStopSet,
        };

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream ts = source;
            if (lang == "en") ts = new EnglishPossessiveFilter(Version, ts);
            if (lang == "fr") ts = new ElisionFilter(ts, FrenchAnalyzer.DEFAULT_ARTICLES); // l'emploi → emploi
            ts = new FastLowerCaseFilter(ts);
            ts = new StopFilter(Version, ts, _stop);
            ts = new ASCIIFoldingFilter(ts);
            ts = lang switch
            {
                "en" => new KStemFilter(ts),
                "fr" => new FrenchLightStemFilter(ts),
                _ => new SpanishLightStemFilter(ts),
            };
            return new TokenStreamComponents(source, ts);
        }
    }

    /// <summary>One term per line, as written: keyword values (concept ids, facet values) given to one field as one
    /// text. A keyword field per value made Lucene build a fresh token stream for each (a locked attribute-factory
    /// lookup every time: about a tenth of indexing, contended with two threads); an analyzed field reuses its stream.</summary>
    private sealed class LineAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new LineTokenizer(reader));
    }

    private sealed class LineTokenizer(TextReader reader) : Lucene.Net.Analysis.Util.CharTokenizer(Version, reader)
    {
        protected override bool IsTokenChar(int c) => c != '\n';
    }

    /// <summary>Lucene's LowerCaseFilter, with the same output: its ToLower copies every token into a string and
    /// lower-cases it by culture rules (a tenth of indexing time in a profile), where a word of Latin letters — nearly
    /// every word of en/fr/es text — needs one table look-up per character. The table is filled by Lucene's own ToLower,
    /// one character at a time (invariant lower-casing maps each character alone); any other token still goes
    /// through Lucene's code.</summary>
    /// <summary>Lower-cases a word in place as the Latin analyzers do (<see cref="FastLowerCaseFilter"/>).</summary>
    public static void LowerCase(char[] buffer, int length) => FastLowerCaseFilter.ToLower(buffer, length);

    private sealed class FastLowerCaseFilter(TokenStream input) : TokenFilter(input)
    {
        private static readonly CharacterUtils Chars = CharacterUtils.GetInstance(Version);
        private const int TableSize = 0x250;
        private static readonly char[] Lower = LowerTable();
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        private static char[] LowerTable()
        {
            var table = new char[TableSize];
            var one = new char[1];
            for (var c = 0; c < TableSize; c++)
            {
                one[0] = (char)c;
                Chars.ToLower(one, 0, 1);
                table[c] = one[0];
            }
            return table;
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            ToLower(_term.Buffer, _term.Length);
            return true;
        }

        public static void ToLower(char[] buffer, int length)
        {
            var span = buffer.AsSpan(0, length);
            if (span.ContainsAnyInRange((char)TableSize, char.MaxValue))
            {
                Chars.ToLower(buffer, 0, length);
                return;
            }
            var table = Lower;
            for (var i = 0; i < span.Length; i++) span[i] = table[span[i]];
        }
    }
}
