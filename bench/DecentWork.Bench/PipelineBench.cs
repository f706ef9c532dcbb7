using System.Diagnostics;
using DecentWork.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>What indexing costs per practice before anything is written: PracticeDocument.Build, analysis and
/// Lucene's in-memory inversion of the first practices, on one thread, into a writer that is never flushed; as the
/// index is built, as it was built before session 8 (the spelling field as the whole Latin text through
/// StandardTokenizer, every long word at every occurrence), and with the analysis taken out (the same documents' tokens
/// worked out beforehand and replayed, which leaves Lucene's own inversion, stored fields and doc values); then the
/// other parts alone: PracticeDocument.Build, Build with every field analysed but nothing inverted, and generating
/// the practice (this program's cost, where a rebuild reads the database).</summary>
/// <remarks>The whole build's CPU per practice moves by a quarter between runs of the same code on this shared machine
/// (other tenants, the final merge, flushes). Here every way runs in one process, their passes taking turns, and each
/// figure is the median of its passes, so the ratio between them holds even when the machine's speed moves.</remarks>
public static class PipelineBench
{
    private const int Passes = 11;

    public static void Figures(IReadOnlyList<GeneratedPractice> sample, SearchAnalyzers analyzers, DecentWork.Search.Vocabulary v, Corpus corpus)
    {
        Line("");
        Line($"[search] index pipeline alone, one thread: Build + analysis + inversion of the first {sample.Count} practices in memory, median of {Passes} passes each after a warm-up pass, the ways taking turns, {LoadAvg()}");
        using var spellingBefore = new SpellingBefore();
        using var beforeAnalyzer = new PerFieldAnalyzerWrapper(analyzers.Indexing, new Dictionary<string, Analyzer> { [SearchFields.Spelling] = spellingBefore });
        // Lucene's own share: the same documents with every analysed field's tokens worked out beforehand and replayed.
        var replayed = sample.Select(p => Replayed(PracticeDocument.Build(p.Indexed, v), analyzers.Indexing)).ToList();
        var next = 0;
        var ways = new (string Name, Analyzer Analyzer, Func<GeneratedPractice, Document> Build)[]
        {
            ("as indexed", analyzers.Indexing, p => PracticeDocument.Build(p.Indexed, v)),
            ("as before session 8", beforeAnalyzer, p => BuildBefore(p, v)),
            ("Lucene's inversion alone (tokens replayed)", analyzers.Indexing, _ => replayed[next++ % replayed.Count].Reset()),
        };
        var dirs = ways.Select(_ => new RAMDirectory()).ToArray();
        var writers = ways.Select((w, i) => new IndexWriter(dirs[i], new IndexWriterConfig(SearchAnalyzers.Version, w.Analyzer)
        {
            RAMBufferSizeMB = 1024, // the passes must not flush: flushing is the build's other cost, measured there
            MaxBufferedDocs = IndexWriterConfig.DISABLE_AUTO_FLUSH,
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
        })).ToArray();
        // And the two parts that are not Lucene's inversion, alone: building the document, and analysing its fields.
        var steps = ways.Select((w, i) => new Step(w.Name, p => writers[i].AddDocument(w.Build(p)), writers[i])).ToList();
        steps.Add(new Step("PracticeDocument.Build alone", p => PracticeDocument.Build(p.Indexed, v), null));
        steps.Add(new Step("Build + analysis, tokens not inverted", p => Analyse(PracticeDocument.Build(p.Indexed, v), analyzers.Indexing), null));
        // Not the index's cost but the bench's: the generator stands where a rebuild reads the database.
        steps.Add(new Step("generating the practice (this program's data)", p => corpus.Practice(p.Id), null));
        var cpu = steps.Select(_ => new List<double>()).ToArray();
        for (var pass = 0; pass <= Passes; pass++)
            for (var w = 0; w < steps.Count; w++)
            {
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var p in sample) steps[w].Run(p);
                if (pass > 0) cpu[w].Add((Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / sample.Count);
                steps[w].Writer?.DeleteAll(); // a fresh buffer each pass: every pass inverts into term tables of the same sizes
            }
        var medians = cpu.Select(c => c.Order().ElementAt(c.Count / 2)).ToArray();
        for (var w = 0; w < steps.Count; w++)
            Add("search", $"index pipeline, {steps[w].Name}", $"{F(medians[w], "0.000")} ms CPU per practice (fastest {F(cpu[w].Min(), "0.000")}; passes {string.Join(", ", cpu[w].Select(x => F(x, "0.000")))})");
        Add("search", "index pipeline, as indexed ÷ as before", $"{F(100 * medians[0] / medians[1], "0")} %");
        Add("search", "index pipeline, Lucene's inversion ÷ as indexed", $"{F(100 * medians[2] / medians[0], "0")} %");
        foreach (var writer in writers) writer.Rollback();
        foreach (var dir in dirs) dir.Dispose();
    }

    /// <summary>The document as PracticeDocument.Build made it before session 8: the spelling field was each Latin
    /// text whole, once per language, for <see cref="SpellingBefore"/> to cut into words.</summary>
    private static Document BuildBefore(GeneratedPractice p, DecentWork.Search.Vocabulary v)
    {
        var doc = PracticeDocument.Build(p.Indexed, v);
        doc.RemoveFields(SearchFields.Spelling);
        foreach (var lang in p.Indexed.Content.Texts.Keys.Where(l => l is "en" or "fr" or "es"))
            doc.Add(new Field(SearchFields.Spelling, p.AllText(lang), PracticeDocument.SpellingType));
        return doc;
    }

    private sealed record Step(string Name, Action<GeneratedPractice> Run, IndexWriter? Writer);

    /// <summary>Runs every analysed field of the document through its analyzer, the tokens read and dropped.</summary>
    private static void Analyse(Document doc, Analyzer analyzer)
    {
        foreach (var f in doc.Fields)
        {
            if (f is not Field field || !field.IndexableFieldType.IsIndexed || !field.IndexableFieldType.IsTokenized || field.GetStringValue() is not { } text) continue;
            using var ts = analyzer.GetTokenStream(field.Name, text);
            ts.Reset();
            while (ts.IncrementToken()) { }
            ts.End();
        }
    }

    /// <summary>A document whose analysed fields replay the tokens the analyzer gave them (stored fields and doc values
    /// as they are), to be added again and again.</summary>
    private sealed class ReplayedDocument(Document doc, List<Replay> streams)
    {
        public Document Reset()
        {
            foreach (var s in streams) s.Rewind();
            return doc;
        }
    }

    private static ReplayedDocument Replayed(Document built, Analyzer analyzer)
    {
        var doc = new Document();
        var streams = new List<Replay>();
        foreach (var f in built.Fields)
        {
            if (f is not Field field || !field.IndexableFieldType.IsIndexed || !field.IndexableFieldType.IsTokenized || field.GetStringValue() is not { } text)
            {
                doc.Add(f);
                continue;
            }
            var replay = new Replay(analyzer, field.Name, text);
            streams.Add(replay);
            doc.Add(new Field(field.Name, replay, (FieldType)field.IndexableFieldType) { Boost = field.Boost });
        }
        return new ReplayedDocument(doc, streams);
    }

    /// <summary>The terms, position increments and offsets an analyzer gave a text, given again.</summary>
    private sealed class Replay : TokenStream
    {
        private readonly List<(char[] Term, int Increment, int Start, int End)> _tokens = [];
        private readonly int _finalOffset;
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _inc;
        private readonly IOffsetAttribute _offset;
        private int _at;

        public Replay(Analyzer analyzer, string field, string text)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _inc = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
            using var ts = analyzer.GetTokenStream(field, text);
            var term = ts.AddAttribute<ICharTermAttribute>();
            var inc = ts.AddAttribute<IPositionIncrementAttribute>();
            var offset = ts.AddAttribute<IOffsetAttribute>();
            ts.Reset();
            while (ts.IncrementToken()) _tokens.Add((term.Buffer.AsSpan(0, term.Length).ToArray(), inc.PositionIncrement, offset.StartOffset, offset.EndOffset));
            ts.End();
            _finalOffset = offset.EndOffset;
        }

        public void Rewind() => _at = 0;

        public override bool IncrementToken()
        {
            if (_at == _tokens.Count) return false;
            ClearAttributes();
            var (t, i, s, e) = _tokens[_at++];
            _term.CopyBuffer(t, 0, t.Length);
            _inc.PositionIncrement = i;
            _offset.SetOffset(s, e);
            return true;
        }

        public override void End()
        {
            base.End();
            _offset.SetOffset(_finalOffset, _finalOffset);
        }
    }

    /// <summary>The spelling field's analyzer before session 8: every long Latin word, every time it occurs.</summary>
    private sealed class SpellingBefore : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(SearchAnalyzers.Version, reader);
            return new TokenStreamComponents(source, new LongLatinWords(new LowerCaseFilter(SearchAnalyzers.Version, source)));
        }
    }

    private sealed class LongLatinWords(TokenStream input) : FilteringTokenFilter(SearchAnalyzers.Version, input)
    {
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        protected override bool Accept()
        {
            if (_term.Length < SpellingSuggester.MinLength) return false;
            for (var i = 0; i < _term.Length; i++)
                if (!SpellingSuggester.IsLatinLetter(_term.Buffer[i])) return false;
            return true;
        }
    }
}
