using System.Diagnostics;
using DecentWork.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>Chinese analysis on its own (SmartChineseAnalyzer against ours, one thread), and --zh-check: the zh fields
/// of the index just built, compared with an index of the same practices analysed by SmartChineseAnalyzer.</summary>
public static class ChineseBench
{
    public static void AnalysisFigures(IReadOnlyList<GeneratedPractice> sample)
    {
        var texts = sample.Select(p => p.AllText("zh")).Where(t => t.Length > 0).ToList();
        if (texts.Count == 0) return;
        var chars = texts.Sum(t => (long)t.Length);
        using var smartCn = new SmartChineseAnalyzer(SearchAnalyzers.Version);
        using var ours = new ChineseAnalyzer();
        using var paired = new ChineseAnalyzer(wordPairs: true);
        Line("");
        Line($"[search] Chinese analysis alone, one thread: {texts.Count} Chinese texts of the first practices, {chars / texts.Count} chars each on average, 3 passes after a warm-up pass, {LoadAvg()}");
        foreach (var (name, analyzer) in new[] { ("SmartChineseAnalyzer", (Analyzer)smartCn), ("ChineseAnalyzer (ours)", ours), ("ours + word pairs (as indexed)", paired) })
        {
            Consume(analyzer, texts);
            var alloc = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var pass = 0; pass < 3; pass++) Consume(analyzer, texts);
            var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var n = 3 * texts.Count;
            Add("search", $"zh analysis, {name}", $"{F(1000 * seconds / n, "0.000")} ms CPU per practice, {F(3 * chars / seconds / 1e6, "0.00")} M chars/s, {F((GC.GetAllocatedBytesForCurrentThread() - alloc) / 1024.0 / n, "0.0")} KiB allocated per practice (wall {F(1000 * watch.Elapsed.TotalSeconds / n, "0.000")} ms)");
        }
    }

    private static void Consume(Analyzer a, List<string> texts)
    {
        foreach (var text in texts)
        {
            using var ts = a.GetTokenStream(SearchFields.Text("zh"), text);
            ts.Reset();
            while (ts.IncrementToken()) { }
            ts.End();
        }
    }

    /// <summary>Every term, document, frequency and position of title_zh and text_zh, and their norms, compared with an
    /// index of the same practices whose zh fields SmartChineseAnalyzer analysed. Documents are matched by id.</summary>
    public static void CompareIndex(IndexReader built, Corpus corpus, Vocabulary v, int practices, string scratch)
    {
        var watch = Stopwatch.StartNew();
        var fields = new[] { SearchFields.Title("zh"), SearchFields.Text("zh") };
        using var smartCn = new SmartChineseAnalyzer(SearchAnalyzers.Version);
        using var others = new SearchAnalyzers();
        var analyzer = new PerFieldAnalyzerWrapper(others.Indexing, fields.ToDictionary(f => f, _ => (Analyzer)smartCn));
        if (System.IO.Directory.Exists(scratch)) System.IO.Directory.Delete(scratch, recursive: true);
        using (var dir = FSDirectory.Open(scratch))
        {
            using (var writer = new IndexWriter(dir, new IndexWriterConfig(SearchAnalyzers.Version, analyzer) { RAMBufferSizeMB = 256 }))
            {
                for (var id = 1; id <= practices; id++)
                {
                    var doc = PracticeDocument.Build(corpus.Practice(id).Indexed, v);
                    var kept = new Document();
                    foreach (var f in doc.Fields)
                        if (f.Name == SearchFields.Id || fields.Contains(f.Name)) kept.Add(f);
                    writer.AddDocument(kept);
                }
                writer.ForceMerge(1);
            }
            using var reference = DirectoryReader.Open(dir);
            var (terms, postings, positions) = (0L, 0L, 0L);
            foreach (var field in fields)
            {
                var a = Postings(built, field);
                var b = Postings(reference, field);
                if (a.Count != b.Count) throw new InvalidOperationException($"{field}: {a.Count} terms in the index, {b.Count} with SmartCn");
                foreach (var (term, list) in b)
                {
                    if (!a.TryGetValue(term, out var mine) || !mine.SequenceEqual(list))
                        throw new InvalidOperationException($"{field}: the postings of \"{term}\" differ from SmartCn's");
                    terms++;
                    postings += list.Count;
                }
                positions += b.Values.Sum(l => l.Sum(p => (long)p.Split(',').Length - 2));
                if (!Norms(built, field).SequenceEqual(Norms(reference, field)))
                    throw new InvalidOperationException($"{field}: norms differ from SmartCn's");
            }
            Add("search", "zh fields identical to SmartCn's (--zh-check)", $"yes: {terms:N0} terms, {postings:N0} postings, {positions:N0} positions ({F(watch.Elapsed.TotalSeconds, "0")} s)");
        }
        System.IO.Directory.Delete(scratch, recursive: true);
    }

    /// <summary>Per term, its postings as "id,freq,pos,pos…" in id order.</summary>
    private static Dictionary<string, List<string>> Postings(IndexReader reader, string field)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var ids = Ids(leaf.AtomicReader);
            var terms = leaf.AtomicReader.GetTerms(field);
            if (terms is null) continue;
            var te = terms.GetEnumerator();
            DocsAndPositionsEnum? dp = null;
            while (te.MoveNext())
            {
                var term = te.Term.Utf8ToString();
                if (!result.TryGetValue(term, out var list)) result[term] = list = [];
                dp = te.DocsAndPositions(leaf.AtomicReader.LiveDocs, dp);
                while (dp.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                {
                    var freq = dp.Freq;
                    var s = new System.Text.StringBuilder().Append(ids[dp.DocID]).Append(',').Append(freq);
                    for (var i = 0; i < freq; i++) s.Append(',').Append(dp.NextPosition());
                    list.Add(s.ToString());
                }
            }
        }
        foreach (var list in result.Values) list.Sort((x, y) => int.Parse(x[..x.IndexOf(',')]).CompareTo(int.Parse(y[..y.IndexOf(',')])));
        return result;
    }

    private static IEnumerable<(int Id, long Norm)> Norms(IndexReader reader, string field)
    {
        var all = new List<(int, long)>();
        foreach (var leaf in reader.Leaves)
        {
            var ids = Ids(leaf.AtomicReader);
            var norms = leaf.AtomicReader.GetNormValues(field);
            if (norms is null) continue;
            var hasField = leaf.AtomicReader.GetDocsWithField(field);
            for (var d = 0; d < leaf.AtomicReader.MaxDoc; d++)
                if (hasField?.Get(d) != false) all.Add((ids[d], norms.Get(d)));
        }
        return all.OrderBy(x => x.Item1);
    }

    private static int[] Ids(AtomicReader reader)
    {
        var ids = new int[reader.MaxDoc];
        var te = reader.GetTerms(SearchFields.Id)!.GetEnumerator();
        DocsEnum? de = null;
        while (te.MoveNext())
        {
            var id = int.Parse(te.Term.Utf8ToString());
            de = te.Docs(null, de);
            while (de.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) ids[de.DocID] = id;
        }
        return ids;
    }
}
