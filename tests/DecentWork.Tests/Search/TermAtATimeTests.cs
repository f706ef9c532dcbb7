using System.Globalization;
using System.Text;
using DecentWork.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace DecentWork.Tests.Search;

/// <summary>TermAtATimeQuery must match exactly the documents of the query it wraps, with the same scores: checked on
/// hundreds of random query trees (nested conjunctions, disjunctions, exclusions, dismax, filters, phrases, prefixes,
/// boosts, coord on and off) over three segments with deleted documents.</summary>
public class TermAtATimeTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
    private static readonly string[] Fields = ["title", "text", "other"];
    private static readonly string[] Rare = ["rare", "rarer"];

    private static (IndexSearcher Searcher, DirectoryReader Reader) Build()
    {
        var dir = new RAMDirectory();
        // "paired" holds word pairs as the Chinese fields do (a stop word leaves a gap no pair spans); "plain" the same text without.
        var analyzer = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(new WhitespaceAnalyzer(SearchAnalyzers.Version),
            new Dictionary<string, Lucene.Net.Analysis.Analyzer> { ["paired"] = new PairedAnalyzer(), ["plain"] = new PairedAnalyzer(pairs: false) });
        var config = new IndexWriterConfig(SearchAnalyzers.Version, analyzer)
        {
            MergePolicy = NoMergePolicy.COMPOUND_FILES,
        };
        var writer = new IndexWriter(dir, config);
        var rng = new Random(11);
        // The middle segment is larger, so that kept postings span many blocks (and candidates skip some of them).
        int[] sizes = [700, 3000, 700];
        var id = 0;
        for (var segment = 0; segment < sizes.Length; segment++)
        {
            for (var i = 0; i < sizes[segment]; i++, id++)
            {
                var doc = new Document
                {
                    new StringField("id", id.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
                    new StringField("facet", "v" + rng.Next(5), Field.Store.NO),
                };
                var paired = new StringBuilder();
                for (var n = rng.Next(0, 40); n > 0; n--)
                    paired.Append(rng.Next(9) == 0 ? "stop" : Words[Math.Min(Words.Length - 1, (int)(-Math.Log(1 - rng.NextDouble()) * 2))]).Append(' ');
                doc.Add(new TextField("paired", paired.ToString(), Field.Store.NO));
                doc.Add(new TextField("plain", paired.ToString(), Field.Store.NO));
                foreach (var field in Fields)
                {
                    if (rng.Next(4) == 0) continue;
                    var text = new StringBuilder();
                    // Zipf-like: early words are frequent, late ones rare.
                    for (var n = rng.Next(1, field == "title" ? 5 : 30); n > 0; n--)
                        text.Append(Words[Math.Min(Words.Length - 1, (int)(-Math.Log(1 - rng.NextDouble()) * 3))]).Append(' ');
                    // Rare words (in one document of 10 and of 20): their lists make sparse candidates for the common
                    // ones, so a walk skips whole blocks of the common words' postings.
                    for (var k = 0; k < Rare.Length; k++) if (rng.Next(10 << k) == 0) text.Append(Rare[k]).Append(' ');
                    doc.Add(new TextField(field, text.ToString(), Field.Store.NO));
                }
                writer.AddDocument(doc);
            }
            writer.Commit();
        }
        for (var gone = 0; gone < id; gone += 13) writer.DeleteDocuments(new Term("id", gone.ToString(CultureInfo.InvariantCulture)));
        writer.Commit();
        var reader = DirectoryReader.Open(dir);
        writer.Dispose();
        return (new IndexSearcher(reader), reader);
    }

    private static Query RandomQuery(Random r, int depth)
    {
        var pick = depth == 0 ? r.Next(5) : r.Next(9);
        Query q = pick switch
        {
            0 or 1 => new TermQuery(new Term(Fields[r.Next(3)], r.Next(15) == 0 ? "absent" : r.Next(4) == 0 ? Rare[r.Next(2)] : Words[r.Next(Words.Length)])),
            2 => Phrase(r),
            3 => new PrefixQuery(new Term(Fields[r.Next(3)], Words[r.Next(Words.Length)][..2])),
            4 => r.Next(6) == 0 ? new MatchAllDocsQuery() : new TermQuery(new Term(Fields[r.Next(3)], Words[r.Next(4)])),
            5 or 6 => Boolean(r, depth),
            7 => DisMax(r, depth),
            _ => new FilteredQuery(RandomQuery(r, depth - 1), new QueryWrapperFilter(Facets(r))),
        };
        if (r.Next(3) == 0) q.Boost = (float)Math.Round(0.2 + r.NextDouble() * 3, 2);
        return q;
    }

    private static Query Phrase(Random r)
    {
        if (r.Next(2) == 0)
        {
            // Over the paired field: two to four words, consecutive (read from the pairs) or with a gap (from positions).
            var wp = new WordPairs.PhraseQuery();
            var gap = r.Next(5) == 0;
            for (int i = 0, n = r.Next(2, 5); i < n; i++) wp.Add(new Term("paired", Words[r.Next(4)]), i + (gap && i > 0 ? 1 : 0));
            return wp;
        }
        var p = new PhraseQuery();
        var field = Fields[r.Next(3)];
        p.Add(new Term(field, Words[r.Next(4)]));
        p.Add(new Term(field, Words[r.Next(4)]));
        return p;
    }

    private static Query Facets(Random r)
    {
        var any = new BooleanQuery();
        for (var n = r.Next(1, 3); n > 0; n--) any.Add(new TermQuery(new Term("facet", "v" + r.Next(5))), Occur.SHOULD);
        return any;
    }

    private static Query Boolean(Random r, int depth)
    {
        var b = new BooleanQuery(disableCoord: r.Next(5) == 0);
        for (var n = r.Next(1, 5); n > 0; n--)
        {
            var occur = r.Next(6) switch { 0 or 1 => Occur.MUST, 2 => Occur.MUST_NOT, _ => Occur.SHOULD };
            b.Add(RandomQuery(r, depth - 1), occur);
        }
        return b;
    }

    private static Query DisMax(Random r, int depth)
    {
        var d = new DisjunctionMaxQuery(new[] { 0f, 0.1f, 0.5f }[r.Next(3)]);
        for (var n = r.Next(1, 5); n > 0; n--) d.Add(RandomQuery(r, depth - 1));
        return d;
    }

    private static Dictionary<int, float> All(IndexSearcher searcher, Query q)
        => searcher.Search(q, searcher.IndexReader.MaxDoc).ScoreDocs.ToDictionary(sd => sd.Doc, sd => sd.Score);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_query_trees_match_and_score_as_Lucene_does(bool tinyBudget)
    {
        var (searcher, reader) = Build();
        using var _ = reader;
        // With a budget of a few lists, decoded postings are evicted and decoded again all the time: answers must not change.
        // (The budget is process-wide; other tests running meanwhile only get slower.)
        var budget = TermAtATimeQuery.DecodedPostings.BudgetBytes;
        if (tinyBudget) TermAtATimeQuery.DecodedPostings.BudgetBytes = 4_000;
        try { RandomTrees(searcher); }
        finally { TermAtATimeQuery.DecodedPostings.BudgetBytes = budget; }
    }

    private static void RandomTrees(IndexSearcher searcher)
    {
        var rng = new Random(5);
        var nonEmpty = 0;
        for (var i = 0; i < 600; i++)
        {
            var q = RandomQuery(rng, 3);
            var expected = All(searcher, q);
            var actual = All(searcher, new TermAtATimeQuery(q));
            Assert.True(expected.Count == actual.Count, $"{q}: {expected.Count} documents expected, {actual.Count} found");
            foreach (var (doc, score) in expected)
            {
                Assert.True(actual.TryGetValue(doc, out var got), $"{q}: document {doc} missing");
                Assert.True(Math.Abs(got - score) <= 1e-5f * Math.Max(1f, Math.Abs(score)), $"{q}: document {doc} scored {got}, Lucene {score}");
            }
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > 300, $"only {nonEmpty} queries matched anything: the test would prove little");
    }

    [Fact]
    public void Search_queries_as_the_builder_writes_them_score_the_same()
    {
        var (searcher, reader) = Build();
        using var _ = reader;
        // The builder's shape: required words, each a dismax over fields, one of them either the words or a "concept".
        Query Word(string w) => new DisjunctionMaxQuery(0.1f)
        {
            new TermQuery(new Term("title", w)) { Boost = 3 }, new TermQuery(new Term("text", w)), new TermQuery(new Term("other", w)),
        };
        var either = new BooleanQuery { { new BooleanQuery { { Word("beta"), Occur.MUST }, { Word("gamma"), Occur.MUST } }, Occur.SHOULD },
            { new TermQuery(new Term("other", "kappa")) { Boost = 0.8f }, Occur.SHOULD } };
        var root = new BooleanQuery { { either, Occur.MUST }, { Word("alpha"), Occur.MUST }, { Word("delta"), Occur.MUST_NOT } };
        var expected = All(searcher, root);
        var actual = All(searcher, new TermAtATimeQuery(root));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (doc, score) in expected) Assert.Equal(score, actual[doc], 5);
        // The top ten come out in the same order.
        Assert.Equal(searcher.Search(root, 10).ScoreDocs.Select(s => s.Doc), searcher.Search(new TermAtATimeQuery(root), 10).ScoreDocs.Select(s => s.Doc));
    }

    [Fact]
    public void Lists_handed_out_per_segment_rank_as_Lucene_collects_them()
    {
        var (searcher, reader) = Build();
        using var _ = reader;
        var rng = new Random(9);
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            var q = new TermAtATimeQuery(RandomQuery(rng, 3));
            foreach (var (offset, size) in new[] { (0, 10), (10, 10), (0, 1), (0, 3000) })
            {
                var top = new TopHits(offset + size);
                var counted = 0;
                q.Each(searcher, (segment, docs, scores) =>
                {
                    counted += docs.Length;
                    top.Add(segment.DocBase, docs, scores);
                });
                var lucene = searcher.Search(q, offset + size);
                Assert.Equal(lucene.TotalHits, top.Total);
                Assert.Equal(lucene.TotalHits, counted);
                var expected = lucene.ScoreDocs.Skip(offset).Select(sd => (sd.Doc, sd.Score)).ToList();
                var actual = top.Page(offset, size).Select(sd => (sd.Doc, sd.Score)).ToList();
                Assert.Equal(expected, actual);
                if (expected.Count > 1) compared++;
            }
        }
        Assert.True(compared > 200, $"only {compared} pages with more than one hit: the test would prove little");
    }

    private sealed class PairedAnalyzer(bool pairs = true) : Lucene.Net.Analysis.Analyzer
    {
        protected override Lucene.Net.Analysis.TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new WhitespaceTokenizer(SearchAnalyzers.Version, reader);
            Lucene.Net.Analysis.TokenStream ts = new StopFilter(SearchAnalyzers.Version, source, new Lucene.Net.Analysis.Util.CharArraySet(SearchAnalyzers.Version, ["stop"], false));
            if (pairs) ts = new WordPairs.Filter(ts);
            return new Lucene.Net.Analysis.TokenStreamComponents(source, ts);
        }
    }

    [Fact]
    public void Word_pairs_leave_the_length_norm_and_the_words_alone_and_phrases_score_as_Lucene_scores_them()
    {
        var (searcher, reader) = Build();
        using var _ = reader;
        foreach (var leaf in reader.Leaves)
        {
            var paired = leaf.AtomicReader.GetNormValues("paired");
            var plain = leaf.AtomicReader.GetNormValues("plain");
            for (var d = 0; d < leaf.AtomicReader.MaxDoc; d++) Assert.Equal(plain.Get(d), paired.Get(d));
        }
        // Every word has the same documents in both fields, and phrases the same matches and scores.
        foreach (var w in Words)
            Assert.Equal(searcher.Search(new TermQuery(new Term("plain", w)), 10_000).TotalHits, searcher.Search(new TermQuery(new Term("paired", w)), 10_000).TotalHits);
        var rng = new Random(17);
        var matched = 0;
        for (var i = 0; i < 300; i++)
        {
            var wp = new WordPairs.PhraseQuery();
            var plain = new PhraseQuery();
            for (int k = 0, n = rng.Next(2, 5); k < n; k++)
            {
                var w = Words[rng.Next(5)];
                wp.Add(new Term("paired", w));
                plain.Add(new Term("plain", w));
            }
            var expected = All(searcher, plain);
            var actual = All(searcher, new TermAtATimeQuery(wp));
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (doc, score) in expected) Assert.True(Math.Abs(actual[doc] - score) <= 1e-5f * Math.Max(1f, score), $"{wp}: {actual[doc]} vs {score}");
            if (expected.Count > 0) matched++;
        }
        Assert.True(matched > 100, $"only {matched} phrases matched: the test would prove little");
    }

    [Fact]
    public void Packed_postings_unpack_to_what_was_packed()
    {
        var rng = new Random(3);
        foreach (var count in new[] { 1, 127, 128, 129, 1000, 5000 })
        {
            // Gaps from consecutive documents (0 bits) to a million apart, frequencies up to 255, positions with repeats.
            var docs = new int[count];
            var freqs = new int[count];
            var gaps = new List<int>();
            var expectedPositions = new List<int[]>();
            var d = -1;
            for (var i = 0; i < count; i++)
            {
                var scale = (i / 128 % 4) switch { 0 => 1, 1 => 3, 2 => 1000, _ => 1 << 20 };
                d += scale == 1 ? 1 : 1 + rng.Next(scale);
                docs[i] = d;
                freqs[i] = i % 200 == 7 ? 255 : 1 + rng.Next(i % 3 == 0 ? 1 : 9);
                var positions = new int[freqs[i]];
                var p = rng.Next(3) == 0 ? 0 : rng.Next(100_000);
                for (var j = 0; j < positions.Length; j++)
                {
                    if (j > 0) p += rng.Next(4) == 0 ? 0 : rng.Next(1, 5000);
                    positions[j] = p;
                    gaps.Add(j == 0 ? p : p - positions[j - 1]);
                }
                expectedPositions.Add(positions);
            }
            var packed = TermAtATimeQuery.DecodedPostings.Pack(count, docs, freqs, count, gaps);
            Assert.True(packed.IsKept && packed.HasPositions);
            Assert.Equal((count + 127) / 128, packed.BlockCount);
            var blockDocs = new int[128];
            var blockFreqs = new int[128];
            var starts = new int[129];
            var all = new int[16];
            for (var k = 0; k < packed.BlockCount; k++)
            {
                var n = packed.Block(k, blockDocs, blockFreqs);
                Assert.Equal(Math.Min(128, count - k * 128), n);
                Assert.Equal(docs[k * 128 + n - 1], packed.LastDoc(k));
                packed.Positions(k, n, blockFreqs, ref all, starts);
                for (var i = 0; i < n; i++)
                {
                    Assert.Equal(docs[k * 128 + i], blockDocs[i]);
                    Assert.Equal(freqs[k * 128 + i], blockFreqs[i]);
                    Assert.Equal(expectedPositions[k * 128 + i], all[starts[i]..starts[i + 1]]);
                }
            }
        }
    }

    [Fact]
    public void Any_bit_in_a_range_is_found_at_word_boundaries_too()
    {
        var rng = new Random(9);
        var set = new ulong[6];
        for (var round = 0; round < 2000; round++)
        {
            Array.Clear(set);
            var bits = new HashSet<int>();
            for (var n = rng.Next(0, 4); n > 0; n--)
            {
                // Bits on and next to word boundaries as often as anywhere else.
                var b = rng.Next(2) == 0 ? rng.Next(6) * 64 + new[] { 0, 1, 62, 63 }[rng.Next(4)] : rng.Next(6 * 64);
                bits.Add(b);
                set[b >> 6] |= 1UL << b;
            }
            int from = rng.Next(6 * 64), to = rng.Next(from, 6 * 64);
            if (rng.Next(3) == 0 && bits.Count > 0)
            {
                // A range that ends or starts exactly on a set bit.
                var b = bits.First();
                (from, to) = rng.Next(2) == 0 ? (Math.Min(from, b), b) : (b, Math.Max(to, b));
            }
            Assert.True(bits.Any(b => b >= from && b <= to) == TermAtATimeQuery.AnyIn(set, from, to), $"bits {string.Join(",", bits)}, range [{from}, {to}]");
        }
    }

    [Fact]
    public void Candidates_a_power_of_two_in_number_all_kept_among_more_postings_fit_their_list()
    {
        // "a" on exactly 1,024 documents (the even ones below 2,048), "b" on every one: +a +b looks for b among a's
        // documents, keeps every one, and meets b's posting 2,047 in the same block after the list is full (pooled
        // arrays come in powers of two, so a list sized for exactly the candidates has no room to write a posting it
        // then drops).
        var dir = new RAMDirectory();
        using (var writer = new IndexWriter(dir, new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version))))
        {
            for (var i = 0; i < 3000; i++)
                writer.AddDocument(new Document { new TextField("text", i < 2048 && i % 2 == 0 ? "a b" : "b", Field.Store.NO) });
        }
        using var reader = DirectoryReader.Open(dir);
        var searcher = new IndexSearcher(reader);
        var q = new BooleanQuery { { new TermQuery(new Term("text", "a")), Occur.MUST }, { new TermQuery(new Term("text", "b")), Occur.MUST } };
        var expected = All(searcher, q);
        var actual = All(searcher, new TermAtATimeQuery(q));
        Assert.Equal(1024, expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (doc, score) in expected) Assert.Equal(score, actual[doc], 5);
    }
}
