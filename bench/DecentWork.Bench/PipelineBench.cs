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
/// index is built, and as it was built before session 8 (the spelling field as the whole Latin text through
/// StandardTokenizer, every long word at every occurrence).</summary>
/// <remarks>The whole build's CPU per practice moves by a quarter between runs of the same code on this shared machine
/// (other tenants, the final merge, flushes). Here both ways run in one process, their passes taking turns, and each
/// figure is the median of its passes, so the ratio between them holds even when the machine's speed moves.</remarks>
public static class PipelineBench
{
    private const int Passes = 11;

    public static void Figures(IReadOnlyList<GeneratedPractice> sample, SearchAnalyzers analyzers, DecentWork.Search.Vocabulary v)
    {
        Line("");
        Line($"[search] index pipeline alone, one thread: Build + analysis + inversion of the first {sample.Count} practices in memory, median of {Passes} passes each after a warm-up pass, the two ways taking turns, {LoadAvg()}");
        using var spellingBefore = new SpellingBefore();
        using var beforeAnalyzer = new PerFieldAnalyzerWrapper(analyzers.Indexing, new Dictionary<string, Analyzer> { [SearchFields.Spelling] = spellingBefore });
        var ways = new (string Name, Analyzer Analyzer, Func<GeneratedPractice, Document> Build)[]
        {
            ("as indexed", analyzers.Indexing, p => PracticeDocument.Build(p.Indexed, v)),
            ("as before session 8", beforeAnalyzer, p => BuildBefore(p, v)),
        };
        var dirs = ways.Select(_ => new RAMDirectory()).ToArray();
        var writers = ways.Select((w, i) => new IndexWriter(dirs[i], new IndexWriterConfig(SearchAnalyzers.Version, w.Analyzer)
        {
            RAMBufferSizeMB = 1024, // the passes must not flush: flushing is the build's other cost, measured there
            MaxBufferedDocs = IndexWriterConfig.DISABLE_AUTO_FLUSH,
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
        })).ToArray();
        var cpu = ways.Select(_ => new List<double>()).ToArray();
        for (var pass = 0; pass <= Passes; pass++)
            for (var w = 0; w < ways.Length; w++)
            {
                var writer = writers[w];
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var p in sample) writer.AddDocument(ways[w].Build(p));
                if (pass > 0) cpu[w].Add((Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / sample.Count);
                writer.DeleteAll(); // a fresh buffer each pass: every pass inverts into term tables of the same sizes
            }
        var medians = cpu.Select(c => c.Order().ElementAt(c.Count / 2)).ToArray();
        for (var w = 0; w < ways.Length; w++)
            Add("search", $"index pipeline, {ways[w].Name}", $"{F(medians[w], "0.000")} ms CPU per practice (fastest {F(cpu[w].Min(), "0.000")}; passes {string.Join(", ", cpu[w].Select(x => F(x, "0.000")))})");
        Add("search", "index pipeline, as indexed ÷ as before", $"{F(100 * medians[0] / medians[1], "0")} %");
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
