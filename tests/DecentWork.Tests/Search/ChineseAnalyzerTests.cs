using System.Reflection;
using System.Text;
using System.Text.Json;
using DecentWork.Data;
using DecentWork.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace DecentWork.Tests.Search;

/// <summary>Our Chinese analyzer must give SmartCn's token stream exactly (the index and the queries depend on it,
/// and the schema version was not bumped): every attribute of every token, and the state after End().</summary>
public class ChineseAnalyzerTests
{
    private static readonly Analyzer Reference = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48);
    private static readonly Analyzer Ours = new ChineseAnalyzer();

    [Fact]
    public void The_sample_practices_give_smartcns_tokens()
    {
        var texts = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(SampleContent.SampleFolder, "practices-zh.jsonl")))
            if (line.Trim().Length > 0) Strings(JsonDocument.Parse(line).RootElement, texts);
        Assert.True(texts.Count > 50);
        var tokens = AssertSame(texts);
        Assert.True(tokens > 5_000, $"only {tokens} tokens");
        // Whole practices as one text too: longer than the tokenizer's buffer of 1,024 characters.
        var whole = string.Join("\n\n", texts);
        Assert.True(whole.Length > 5_000);
        AssertSame([whole, whole.Replace("\n", ""), whole.Replace("\n", " ")]);
    }

    [Fact]
    public void Generated_practice_text_gives_smartcns_tokens()
    {
        var r = new Random(7);
        var texts = Enumerable.Range(0, 400).Select(_ => GeneratedParagraph(r, r.Next(50, 1500))).ToList();
        Assert.True(AssertSame(texts) > 50_000);
    }

    [Fact]
    public void Random_mixes_of_scripts_digits_punctuation_and_spaces_give_smartcns_tokens()
    {
        var r = new Random(11);
        var texts = new List<string> { "", " ", "\n", "。", "社会保障", "社 会 保 障", "ＡＢＣ１２３", "running policies", "\uD840\uDC00" };
        for (var i = 0; i < 3_000; i++) texts.Add(RandomMix(r, r.Next(i % 10 == 0 ? 300 : 40)));
        Assert.True(AssertSame(texts) > 20_000);
    }

    [Fact]
    public void Long_texts_across_the_tokenizers_buffer_give_smartcns_tokens()
    {
        var r = new Random(13);
        var texts = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            // No line break (the buffer is cut wherever it is full), a break near the boundary, one sentence only.
            var zh = GeneratedParagraph(r, r.Next(1_000, 5_000));
            texts.Add(zh);
            texts.Add(zh.Replace("。", ""));
            texts.Add(zh.Insert(Math.Min(zh.Length, 1_020 + r.Next(8)), "\n"));
            texts.Add(RandomMix(r, r.Next(1_000, 4_000)));
        }
        texts.Add(new string('社', 3_000));
        texts.Add(string.Concat(Enumerable.Repeat("abc ", 700)));
        texts.Add(string.Concat(Enumerable.Repeat("\uD83D\uDE00", 800)));
        AssertSame(texts);
    }

    [Fact]
    public void Bigram_lookups_answer_as_smartcns_bigram_dictionary()
    {
        var t = typeof(SmartChineseAnalyzer).Assembly.GetType("Lucene.Net.Analysis.Cn.Smart.Hhmm.BigramDictionary")!;
        var dict = t.GetMethod("GetInstance", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        var frequency = t.GetMethod("GetFrequency", [typeof(char[])])!;
        var ours = ChineseDictionary.Instance;
        var r = new Random(17);
        var words = GeneratedWords.Concat(["始##始", "末##末", "未##串", "未##数", ",", "。", "!", "a"]).ToArray();
        var found = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var pair = i % 4 == 0 ? RandomMix(r, r.Next(1, 8)) : words[r.Next(words.Length)] + "@" + words[r.Next(words.Length)];
            long h1 = ChineseDictionary.Hash1Seed;
            var h2 = ChineseDictionary.Hash2Seed;
            foreach (var c in pair) ChineseDictionary.Hash(ref h1, ref h2, c);
            var expected = (int)frequency.Invoke(dict, [pair.ToCharArray()])!;
            Assert.Equal(expected, ours.BigramFrequency(h1, h2));
            if (expected > 0) found++;
        }
        Assert.True(found > 500, $"only {found} pairs known"); // the comparison is not trivially of zeros
    }

    [Fact]
    public void Streams_are_reused_per_thread_and_agree_on_every_thread()
    {
        var r = new Random(19);
        var texts = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? GeneratedParagraph(r, 300) : RandomMix(r, 200)).ToList();
        var expected = texts.Select(x => Tokens(Reference, x)).ToList();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < texts.Count; i++) Assert.Equal(expected[i], Tokens(Ours, texts[i]));
        });
    }

    [Fact]
    public void Word_pairs_are_the_words_with_each_adjacent_pair_stacked_on_its_first_word()
    {
        // The reference is the plain filter written the obvious way (every token's whole state captured and restored);
        // WordPairs.Filter keeps only what changes, so every attribute of every token must come out the same.
        var ours = new ChineseAnalyzer(wordPairs: true);
        var r = new Random(23);
        var texts = new List<string> { "", "社会", "社会保障体系", "的社会", "社会的保障", "社会 保障", "社会保障，体系。的的保障" };
        for (var i = 0; i < 300; i++) texts.Add(i % 3 == 0 ? RandomMix(r, r.Next(60)) : GeneratedParagraph(r, r.Next(20, 2_500)));
        var count = 0;
        foreach (var text in texts)
        {
            var expected = Tokens(PairsByState.Of(text));
            Assert.Equal(expected, Tokens(ours, text));
            count += expected.Count;
        }
        Assert.True(count > 50_000, $"only {count} tokens");
        // The pairs are there, on the earlier word's position: 社会 | 社会 保障 (increment 0) | 保障 | 保障 体系 | 体系.
        Assert.Equal(["社会|1|0-2", "社会 保障|0|0-4", "保障|1|2-4", "保障 体系|0|2-6", "体系|1|4-6"],
            Tokens(ours, "社会保障体系").SkipLast(1).Select(t => string.Join('|', t.Split('|').Take(3))));
    }

    /// <summary>A fresh reference filter over our analyzer's (reused) stream of the text.</summary>
    private static class PairsByState
    {
        public static TokenStream Of(string text) => new Reference(Plain.GetTokenStream(SearchFields.Text("zh"), text));

        private static readonly Analyzer Plain = new ChineseAnalyzer();

        private sealed class Reference(TokenStream input) : TokenFilter(input)
        {
            private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();
            private readonly IPositionIncrementAttribute _inc = input.AddAttribute<IPositionIncrementAttribute>();
            private readonly IOffsetAttribute _offset = input.AddAttribute<IOffsetAttribute>();
            private State? _held;
            private string? _last;
            private int _lastStart;

            public override bool IncrementToken()
            {
                if (_held is not null) { RestoreState(_held); _held = null; Remember(); return true; }
                if (!m_input.IncrementToken()) return false;
                if (_last is null || _inc.PositionIncrement != 1) { Remember(); return true; }
                _held = CaptureState();
                var pair = WordPairs.Pair(_last, _term.ToString());
                _term.SetEmpty().Append(pair);
                _inc.PositionIncrement = 0;
                _offset.SetOffset(_lastStart, _offset.EndOffset);
                return true;
            }

            private void Remember() { _last = _term.ToString(); _lastStart = _offset.StartOffset; }

            public override void Reset() { base.Reset(); _held = null; _last = null; }
        }
    }

    /// <summary>Compares the two analyzers on every text (through the same reused streams) and counts the tokens.</summary>
    private static int AssertSame(IEnumerable<string> texts)
    {
        var count = 0;
        foreach (var text in texts)
        {
            var expected = Tokens(Reference, text);
            var actual = Tokens(Ours, text);
            if (!expected.SequenceEqual(actual))
            {
                var at = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
                Assert.Fail($"token {at} differs in a text of {text.Length} chars: expected {Show(expected, at)}, got {Show(actual, at)}; text: {Escape(text[..Math.Min(text.Length, 300)])}");
            }
            count += expected.Count;
        }
        return count;
    }

    private static string Show(List<string> tokens, int at) => at < tokens.Count ? Escape(tokens[at]) : "(end)";

    private static string Escape(string s)
        => string.Concat(s.Select(c => c < ' ' || char.IsSurrogate(c) || c >= '\uFFF0' ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>Every attribute a token carries, and what End() leaves (final offset and increment), one string each.</summary>
    private static List<string> Tokens(Analyzer a, string text) => Tokens(a.GetTokenStream(SearchFields.Text("zh"), text));

    private static List<string> Tokens(TokenStream stream)
    {
        var list = new List<string>();
        using var ts = stream;
        var term = ts.AddAttribute<ICharTermAttribute>();
        var inc = ts.AddAttribute<IPositionIncrementAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        var type = ts.AddAttribute<ITypeAttribute>();
        var keyword = ts.AddAttribute<IKeywordAttribute>();
        var length = ts.AddAttribute<IPositionLengthAttribute>();
        var payload = ts.AddAttribute<IPayloadAttribute>();
        var flags = ts.AddAttribute<IFlagsAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
            list.Add($"{term}|{inc.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}|{type.Type}|{keyword.IsKeyword}|{length.PositionLength}|{payload.Payload}|{flags.Flags}");
        ts.End();
        list.Add($"end|{inc.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}");
        return list;
    }

    private static void Strings(JsonElement e, List<string> into)
    {
        if (e.ValueKind == JsonValueKind.String) into.Add(e.GetString()!);
        else if (e.ValueKind == JsonValueKind.Object) foreach (var p in e.EnumerateObject()) Strings(p.Value, into);
        else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Strings(x, into);
    }

    // The bench corpus's Chinese words (bench/DecentWork.Bench/Corpus.cs) and its made-up names.
    private static readonly string[] GeneratedWords = """
        就业 技能 培训 劳动 工人 雇主 工会 政府 政策 改革 农村 城市 扶贫 减贫 贫困 养老 医疗 失业 工伤 最低工资 集体协商
        社会对话 劳动标准 职业安全 卫生 青年 妇女 残疾人 农民工 非正规经济 合作 南南合作 国际劳工组织 项目 试点 推广 经验
        成果 评估 指标 覆盖 覆盖率 参保 基金 财政 补贴 地方 中央 企业 中小企业 创业 职业培训 技工 学徒 数字 绿色 转型
        平台 劳动者 权益 保护 监察 法律 法规 制度 建设 发展 实施 机制 服务 公共就业服务 信息 数据 能力 提高 加强 完善
        促进 支持 收入 家庭 儿童 童工 强迫劳动 平等 性别 包容 生产率 增长 投资 基础设施 气候 农业 建筑 制造业 旅游 社会保障
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private const string NameHanzi = "安北昌东丰广海和华江金康乐林明南宁平青庆荣山盛顺泰天通文西祥新兴阳永玉元远云长正中州";

    private static string GeneratedParagraph(Random r, int length)
    {
        var sb = new StringBuilder(length + 40);
        while (sb.Length < length)
        {
            var words = r.Next(5, 11);
            for (var i = 0; i < words; i++)
            {
                if (i > 0 && r.Next(7) == 0) sb.Append('，');
                if (r.Next(2) == 0) sb.Append(GeneratedWords[r.Next(GeneratedWords.Length)]);
                else sb.Append(NameHanzi[r.Next(NameHanzi.Length)]).Append(NameHanzi[r.Next(NameHanzi.Length)]);
                if (r.Next(40) == 0) sb.Append(r.Next(1990, 2030)).Append('年');
            }
            sb.Append(r.Next(12) switch { 0 => "！", 1 => "？", 2 => "；", 3 => "\n", _ => "。" });
        }
        return sb.ToString();
    }

    // Pieces text is made of: words and characters of every class SmartCn tells apart, and the sentence marks and
    // line breaks that ICU and the tokenizer's buffer split on.
    private static readonly string[] Pieces =
    [
        .. GeneratedWords, "的", "了", "是", "在", "中华人民共和国", "劳动和社会保障部", "龘", "㐀", "鿿", "〇",
        "Running", "policies", "UNIONS", "bargaining", "e-mail", "ILO", "C102", "happiness", "agreed", "é", "Straße", "Σοφία", "ｅｍｐｌｏｙｍｅｎｔ", "ＡＢＣ", "Ａb",
        "2026", "3.5", "１２３", "１2", "%", "\uD840\uDC00", "\uD83D\uDE00", "\uD800", "\uDC00", "ｶﾀｶﾅ", "かな", "한국",
        "。", "，", "、", "；", "：", "？", "！", "“", "”", "《", "》", "（", "）", "—", "…", "·", ".", ",", "!", "?", ";", ":", "\"", "'", "(", ")",
        "-", "/", "@", "#", "～", "．", "｡", "\uFF61", "\uFE30", "\uFF63", "\uFF64",
        " ", " ", "\t", "\n", "\r\n", "\r", "\u3000", "\u0085", "\u2028", "\u2029", "\u00A0", "\uFEFF", "\uFFFF", "\u0000",
    ];

    private static string RandomMix(Random r, int pieces)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            if (r.Next(4) == 0) sb.Append((char)r.Next(0x4E00, 0x9FA6)); // any Hanzi SmartCn knows as one
            else if (r.Next(30) == 0) sb.Append((char)r.Next(0, 0x10000));
            else sb.Append(Pieces[r.Next(Pieces.Length)]);
        }
        return sb.ToString();
    }
}
