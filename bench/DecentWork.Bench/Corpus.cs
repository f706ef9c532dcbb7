using System.Globalization;
using System.Text;
using DecentWork.Practices;
using DecentWork.Search;

namespace DecentWork.Bench;

/// <summary>One generated practice, with the facet values the baselines need (the same ones the Lucene document gets).</summary>
public sealed record GeneratedPractice(IndexedPractice Indexed, string Language, Dictionary<string, List<string>> Facets)
{
    public int Id => Indexed.Id;
    public TextContent Original => Indexed.Content.Texts[Language];

    /// <summary>Every text of the practice as one string (title, summary, sections, in each language it has).</summary>
    public string AllText(string lang)
        => Indexed.Content.Texts.TryGetValue(lang, out var t) ? t.Title + "\n" + t.Summary + "\n" + PracticeDocument.Body(t) : "";
}

/// <summary>Deterministic practices and queries from decent-work word lists in en, fr, es and zh plus the thesaurus
/// labels of the database (so the concept matcher has real work to do). Practice <c>id</c> is always generated from
/// the seed and the id alone, so the Lucene index and the baselines can regenerate the same texts without holding a
/// million practices in memory.</summary>
public sealed class Corpus
{
    public static readonly string[] Languages = ["en", "fr", "es", "zh"];

    private static readonly Dictionary<string, string[]> Words = new()
    {
        ["en"] = """
            employment workers employers government ministry labour decent work policy programme training skills youth women
            informal economy enterprise small business cooperative wage minimum wages contribution benefit coverage pension
            insurance health safety occupational inspection dialogue tripartite union bargaining agreement rights standards
            convention ratification reform rural urban migrant domestic platform digital green transition just jobs poverty
            reduction household income cash transfer public works apprenticeship vocational school certification employability
            unemployment registration service office local provincial national evaluation indicator baseline results evidence
            lessons transferability partners funding budget implementation pilot scale expansion capacity building institution
            agency committee council coordination monitoring data survey gender equality disability inclusion child labour
            forced compliance productivity growth investment infrastructure climate agriculture construction manufacturing tourism
            """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ["fr"] = """
            emploi travailleurs employeurs gouvernement ministère travail décent politique programme formation compétences jeunes
            femmes économie informelle entreprise petite coopérative salaire minimum cotisation prestation couverture retraite
            assurance santé sécurité inspection dialogue tripartite syndicat négociation accord droits normes convention
            ratification réforme rural urbain migrants domestique plateforme numérique transition verte juste pauvreté réduction
            revenu ménages transferts monétaires travaux publics apprentissage professionnel école certification chômage
            inscription service bureau local provincial national évaluation indicateur résultats preuves leçons partenaires
            financement budget mise œuvre pilote extension renforcement capacités institution agence comité conseil coordination
            suivi données enquête égalité genre handicap inclusion enfants forcé conformité productivité croissance investissement
            infrastructures climat agriculture construction industrie tourisme l'emploi d'œuvre qualité accès protection
            """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ["es"] = """
            empleo trabajadores empleadores gobierno ministerio trabajo decente política programa formación competencias jóvenes
            mujeres economía informal empresa pequeña cooperativa salario mínimo cotización prestación cobertura pensión seguro
            salud seguridad inspección diálogo tripartito sindicato negociación acuerdo derechos normas convenio ratificación
            reforma rural urbano migrantes doméstico plataforma digital transición verde justa pobreza reducción ingreso hogares
            transferencias monetarias obras públicas aprendizaje profesional escuela certificación desempleo inscripción servicio
            oficina local provincial nacional evaluación indicador resultados evidencia lecciones socios financiamiento presupuesto
            implementación piloto ampliación fortalecimiento capacidades institución agencia comité consejo coordinación
            seguimiento datos encuesta igualdad género discapacidad inclusión infantil forzoso cumplimiento productividad
            crecimiento inversión infraestructura clima agricultura construcción manufactura turismo calidad acceso protección
            """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ["zh"] = """
            就业 技能 培训 劳动 工人 雇主 工会 政府 政策 改革 农村 城市 扶贫 减贫 贫困 养老 医疗 失业 工伤 最低工资 集体协商
            社会对话 劳动标准 职业安全 卫生 青年 妇女 残疾人 农民工 非正规经济 合作 南南合作 国际劳工组织 项目 试点 推广 经验
            成果 评估 指标 覆盖 覆盖率 参保 基金 财政 补贴 地方 中央 企业 中小企业 创业 职业培训 技工 学徒 数字 绿色 转型
            平台 劳动者 权益 保护 监察 法律 法规 制度 建设 发展 实施 机制 服务 公共就业服务 信息 数据 能力 提高 加强 完善
            促进 支持 收入 家庭 儿童 童工 强迫劳动 平等 性别 包容 生产率 增长 投资 基础设施 气候 农业 建筑 制造业 旅游
            """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
    };

    private readonly int _seed;
    private readonly Vocabulary _v;
    private readonly Dictionary<string, string[]> _labels;
    private readonly string[] _countries;
    private readonly string[] _concepts;
    private readonly string[] _pillars;

    private readonly bool _topical;
    // Topical corpus: per language, the head words in a fixed order of frequency, the labels likewise, and a tail of
    // made-up words (names of places, programmes, organisations: what real texts are full of and queries rarely ask).
    private readonly Dictionary<string, Zipf> _head = new(), _labelFreq = new(), _tail = new();
    private readonly Dictionary<string, string[]> _tailWords = new();
    private readonly Dictionary<(string Theme, string Lang), Word[]> _focus = new();
    // Every word the generator can write, with its written forms made once (see Word); read-only after construction.
    private readonly Dictionary<string, Word> _forms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Word[]> _wordForms = new(), _labelForms = new();

    /// <summary>A word with the forms a sentence writes it in: as drawn (Chinese), lower-cased, and with its first
    /// letter in capitals (a sentence's first word). Made once per word: lower-casing each word as it was written cost
    /// about a tenth of generating a practice.</summary>
    private sealed class Word(string text)
    {
        public readonly string Text = text;
        public readonly string Lower = text.ToLowerInvariant();
        public readonly string Capital = char.ToUpperInvariant(text[0]) + text[1..];
    }

    private Word Form(string w)
    {
        if (!_forms.TryGetValue(w, out var f)) _forms[w] = f = new Word(w);
        return f;
    }

    private Word[] Forms(IEnumerable<string> words) => words.Select(Form).ToArray();

    public Corpus(int seed, Vocabulary v, IEnumerable<(string Language, string Text)> labels, bool topical = true)
    {
        _seed = seed;
        _topical = topical;
        _v = v;
        _labels = Languages.ToDictionary(l => l, l => labels.Where(x => x.Language == l).Select(x => x.Text).Distinct().Order(StringComparer.Ordinal).ToArray());
        foreach (var l in Languages) if (_labels[l].Length == 0) _labels[l] = Words[l];
        foreach (var l in Languages)
        {
            _wordForms[l] = Forms(Words[l]);
            _labelForms[l] = Forms(_labels[l]);
        }
        _countries = v.CountryRegion.Keys.Order(StringComparer.Ordinal).ToArray();
        _concepts = v.Ancestors.Keys.Order(StringComparer.Ordinal).ToArray();
        _pillars = v.Pillars.Order(StringComparer.Ordinal).ToArray();
        if (!topical) return;
        foreach (var l in Languages)
        {
            var r = new Random(seed * 31 + l[0] * 7 + l[1]);
            _head[l] = new Zipf(Forms(Shuffled(Words[l], r)), 1.0);
            _labelFreq[l] = new Zipf(Forms(Shuffled(_labels[l], r)), 1.0);
            _tailWords[l] = Enumerable.Range(0, TailSize).Select(i => MadeUpWord(l, i)).ToArray();
            _tail[l] = new Zipf(Forms(_tailWords[l]), 1.0);
            _head[l].Check();
            _labelFreq[l].Check();
            _tail[l].Check();
        }
        // Each theme's own words, made ahead (each from its own seed, so the order they are made in changes nothing):
        // the workers then share them without a lock.
        foreach (var theme in _concepts)
            foreach (var l in Languages)
            {
                var r = new Random(_seed ^ StableHash(theme + "/" + l));
                _focus[(theme, l)] = Forms(Shuffled(Words[l], r).Take(12).Concat(Shuffled(_labels[l], r).Take(2)));
            }
    }

    /// <summary>Made-up words per language in the tail of a topical corpus.</summary>
    public const int TailSize = 20_000;

    private static string[] Shuffled(string[] words, Random r)
    {
        var a = words.ToArray();
        r.Shuffle(a);
        return a;
    }

    private static readonly string[] Syllables = ["ba", "ko", "le", "ta", "ri", "mu", "sen", "do", "va", "ni", "pe", "lo", "gar", "tu", "mi", "ra", "bel", "sa", "no", "ki"];
    private const string Hanzi = "安北昌东丰广海和华江金康乐林明南宁平青庆荣山盛顺泰天通文西祥新兴阳永玉元远云长正中州";

    /// <summary>The i-th made-up word: two to four syllables (Latin) or two characters (Chinese; SmartCn splits an
    /// unknown pair into single characters, as it does real names).</summary>
    private static string MadeUpWord(string lang, int i)
    {
        if (lang == "zh") return $"{Hanzi[i % Hanzi.Length]}{Hanzi[i / Hanzi.Length % Hanzi.Length]}";
        var sb = new StringBuilder();
        var n = 2 + i % 3;
        for (int k = 0, x = i; k < n; k++, x /= Syllables.Length) sb.Append(Syllables[(x + k * 7) % Syllables.Length]);
        return sb.ToString();
    }

    /// <summary>A theme's own words in a language: twelve of the head words and two labels, the same for every practice
    /// on that theme (practices on pensions keep saying "pension").</summary>
    private Word[] Focus(string theme, string lang) => _focus[(theme, lang)];

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = unchecked(h * 31 + c);
        return h;
    }

    /// <summary>Words drawn by Zipf's law (the r-th most frequent word is drawn in proportion to 1/r^s).</summary>
    private sealed class Zipf
    {
        private readonly Word[] _words;
        private readonly double[] _cumulative;

        // Where the search for a draw in [b / Buckets, (b + 1) / Buckets) starts and ends: the first sum at or above
        // each bucket's lower edge. A search over all 20,000 sums of the tail read ~15 of them, most out of the cache.
        private const int Buckets = 4096;
        private readonly int[] _from = new int[Buckets + 1];

        public Zipf(Word[] words, double s)
        {
            _words = words;
            _cumulative = new double[words.Length];
            var sum = 0.0;
            for (var i = 0; i < words.Length; i++) _cumulative[i] = sum += 1 / Math.Pow(i + 1, s);
            for (var i = 0; i < words.Length; i++) _cumulative[i] /= sum;
            for (int b = 0, i = 0; b <= Buckets; b++)
            {
                while (i < words.Length && _cumulative[i] < (double)b / Buckets) i++;
                _from[b] = i;
            }
        }

        public Word Next(Random r)
        {
            // The first sum at or above the draw, as a search over all the sums found it (they strictly increase):
            // x * Buckets is exact (a power of two), so the draw lies at or above its bucket's edge and below the next
            // one's, and its place lies between the two buckets' first places.
            var x = r.NextDouble();
            var b = (int)(x * Buckets);
            int from = _from[b], to = Math.Min(_from[b + 1] + 1, _cumulative.Length);
            var i = _cumulative.AsSpan(from, to - from).BinarySearch(x);
            i = from + (i < 0 ? ~i : i);
            return _words[Math.Min(i, _words.Length - 1)];
        }

        /// <summary>Throws unless the bucketed search picks the word a search over all the sums picks, for draws
        /// at random and at every bucket's edge (the data must stay what earlier runs generated).</summary>
        public void Check()
        {
            var r = new Random(1);
            var draws = Enumerable.Range(0, 100_000).Select(_ => r.NextDouble())
                .Concat(Enumerable.Range(0, Buckets).SelectMany(b => new[] { (double)b / Buckets, Math.BitDecrement((double)(b + 1) / Buckets) }));
            foreach (var x in draws)
            {
                var all = _cumulative.AsSpan().BinarySearch(x);
                var expected = _words[Math.Min(all < 0 ? ~all : all, _words.Length - 1)];
                if (!ReferenceEquals(Next(new Fixed(x)), expected)) throw new InvalidOperationException($"Zipf: the bucketed search disagrees at {x:R}");
            }
        }

        private sealed class Fixed(double x) : Random
        {
            public override double NextDouble() => x;
        }
    }

    /// <summary>One word of running text. Uniform corpus: any head word or label, all equally likely (every word ends
    /// up in nearly every practice of its language). Topical corpus: 30 % the practice's themes' own words, 20 % head
    /// words by Zipf's law, 5 % labels by Zipf's law, 45 % the made-up tail by Zipf's law.</summary>
    private Word Draw(Random r, string lang, Word[]? focus)
    {
        if (!_topical || focus is null)
            return r.Next(6) == 0 ? _labelForms[lang][r.Next(_labelForms[lang].Length)] : _wordForms[lang][r.Next(_wordForms[lang].Length)];
        var x = r.Next(100);
        return x switch
        {
            < 30 => focus[r.Next(focus.Length)],
            < 50 => _head[lang].Next(r),
            < 55 => _labelFreq[lang].Next(r),
            _ => _tail[lang].Next(r),
        };
    }

    public int LabelCount => _labels.Values.Sum(l => l.Length);

    /// <summary>en 35 %, zh 25 %, fr 20 %, es 20 %.</summary>
    private static string PickLanguage(Random r) => r.Next(100) switch { < 35 => "en", < 60 => "zh", < 80 => "fr", _ => "es" };

    public GeneratedPractice Practice(int id)
    {
        var r = new Random(unchecked(_seed * 1_000_003 + id));
        // A topical practice is written about its themes, so they are drawn first (from their own generator: the
        // uniform corpus stays what it was).
        var topicThemes = _topical ? Pick(new Random(unchecked(_seed * 7_000_003 + id)), _concepts, 1 + id % 3) : null;
        var lang = PickLanguage(r);
        var texts = new SortedDictionary<string, TextContent>(StringComparer.Ordinal) { [lang] = Text(r, lang, full: true, mustHaveShebao: lang == "zh" && r.Next(10) == 0, topicThemes) };
        // One in ten has a short English translation (title and summary), as translated practices do at first.
        if (lang != "en" && r.Next(10) == 0) texts["en"] = Text(r, "en", full: false, mustHaveShebao: false, topicThemes);
        var countries = Pick(r, _countries, 1 + (r.Next(5) == 0 ? 1 : 0));
        var themes = Pick(r, _concepts, r.Next(1, 4));
        if (topicThemes is not null) themes = topicThemes;
        var pillars = Pick(r, _pillars, r.Next(1, 3));
        var start = 1995 + r.Next(30);
        var period = new PeriodDto(start, r.Next(3) == 0 ? null : Math.Min(2026, start + r.Next(1, 8)));
        var published = new DateTime(2012, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(r.Next(0, 14 * 365 * 24 * 60));
        var groups = Pick(r, Vocabulary.Groups, r.Next(1, 3)).Order(StringComparer.Ordinal).ToList();
        var endorsed = r.Next(3) == 0 ? Pick(r, Vocabulary.EndorsingGroups, r.Next(1, 3)).Order(StringComparer.Ordinal).ToList() : [];
        var content = new PracticeContent
        {
            Language = lang, Texts = texts, Countries = countries, Themes = themes, Pillars = pillars, Period = period,
        };
        var indexed = new IndexedPractice(id, content, published, groups, endorsed);
        // The facet values exactly as PracticeDocument.Build derives them, for the baselines' side tables.
        var facets = new Dictionary<string, List<string>>
        {
            ["country"] = countries,
            ["region"] = countries.Select(c => _v.CountryRegion.GetValueOrDefault(c)).OfType<string>().Distinct().ToList(),
            ["theme"] = themes.SelectMany(_v.WithAncestors).Distinct().ToList(),
            ["pillar"] = pillars,
            ["group"] = groups,
            ["language"] = texts.Keys.ToList(),
            ["year"] = PracticeDocument.Years(period, published).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList(),
            ["endorsed"] = endorsed,
        };
        return new GeneratedPractice(indexed, lang, facets);
    }

    private static List<string> Pick(Random r, string[] from, int n)
    {
        var set = new List<string>(n);
        for (var i = 0; i < n * 3 && set.Count < n; i++)
        {
            var x = from[r.Next(from.Length)];
            if (!set.Contains(x)) set.Add(x);
        }
        return set;
    }

    private TextContent Text(Random r, string lang, bool full, bool mustHaveShebao, List<string>? themes)
    {
        var zh = lang == "zh";
        var focus = themes?.SelectMany(t => Focus(t, lang)).ToArray();
        var title = Sentence(r, lang, zh ? r.Next(3, 6) : r.Next(5, 11), end: false, focus);
        var summary = Paragraph(r, lang, zh ? r.Next(90, 160) : r.Next(250, 450), focus);
        if (!full) return new TextContent { Title = title, Summary = summary };
        // 2–4 KB in all: Latin text ~1 byte a character, Chinese 3.
        var total = zh ? r.Next(550, 1100) : r.Next(1700, 3400);
        var sections = new string[6];
        for (var i = 0; i < 6; i++) sections[i] = Paragraph(r, lang, total / 6, focus);
        if (mustHaveShebao)
        {
            var i = r.Next(6);
            var at = r.Next(sections[i].Length / 2);
            sections[i] = sections[i][..at] + "完善社会保障体系。" + sections[i][at..];
        }
        return new TextContent
        {
            Title = title, Summary = summary,
            Sections = new SectionsDto
            {
                Context = sections[0], Approach = sections[1], Implementation = sections[2],
                Results = sections[3], Lessons = sections[4], Transferability = sections[5],
            },
        };
    }

    [ThreadStatic] private static StringBuilder? _paragraph;

    private string Paragraph(Random r, string lang, int length, Word[]? focus)
    {
        // One builder per thread, the sentences written straight into it: a builder and a string per sentence were
        // most of what generating allocated.
        var sb = _paragraph ??= new StringBuilder(4096);
        sb.Clear();
        while (sb.Length < length)
        {
            if (sb.Length > 0 && lang != "zh") sb.Append(' ');
            AppendSentence(sb, r, lang, lang == "zh" ? r.Next(5, 11) : r.Next(8, 18), end: true, focus);
        }
        return sb.ToString();
    }

    private string Sentence(Random r, string lang, int words, bool end, Word[]? focus)
    {
        var sb = new StringBuilder();
        AppendSentence(sb, r, lang, words, end, focus);
        return sb.ToString();
    }

    private void AppendSentence(StringBuilder sb, Random r, string lang, int words, bool end, Word[]? focus)
    {
        var zh = lang == "zh";
        for (var i = 0; i < words; i++)
        {
            var w = Draw(r, lang, focus);
            if (zh)
            {
                if (i > 0 && r.Next(7) == 0) sb.Append('，');
                sb.Append(w.Text);
            }
            else
            {
                if (i > 0) sb.Append(' ');
                sb.Append(i == 0 ? w.Capital : w.Lower);
            }
        }
        if (end) sb.Append(zh ? "。" : ".");
    }

    /// <summary>1–3 word queries, a quarter in each language, from the same word lists (a third are thesaurus labels).</summary>
    public List<(string Q, string Lang)> Queries(int count, int seed)
    {
        var r = new Random(seed);
        var list = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var lang = Languages[i % 4];
            var n = r.Next(1, 4);
            var parts = new List<string>();
            var words = 0;
            while (words < n)
            {
                string w;
                if (lang == "zh" && r.Next(8) == 0) w = "社会保障";
                else if (r.Next(3) == 0)
                {
                    w = _labels[lang][r.Next(_labels[lang].Length)];
                    var k = lang == "zh" ? 1 : w.Split(' ').Length;
                    if (words + k > 3) continue;
                }
                else w = Words[lang][r.Next(Words[lang].Length)];
                parts.Add(lang == "zh" ? w : w.ToLowerInvariant());
                words += lang == "zh" ? 1 : w.Split(' ').Length;
            }
            list.Add((string.Join(' ', parts), lang));
        }
        return list;
    }
}
