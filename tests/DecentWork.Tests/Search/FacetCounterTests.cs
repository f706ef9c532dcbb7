using DecentWork.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace DecentWork.Tests.Search;

/// <summary>Facet counts must be the same whichever way a segment counts them: per match, or by AND-ing the bit sets of
/// its common values with the matches' (chosen by the number of matches), over several segments.</summary>
public class FacetCounterTests
{
    [Fact]
    public void Counts_by_bit_sets_and_per_match_agree_with_a_plain_count()
    {
        var dir = new RAMDirectory();
        var writer = new IndexWriter(dir, new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version))
        {
            MergePolicy = NoMergePolicy.COMPOUND_FILES,
        });
        var rng = new Random(21);
        var values = new List<Dictionary<string, List<string>>>();
        // Two segments large enough for bit sets (values on 1 document in 32 or more), one too small for them.
        foreach (var size in new[] { 9000, 300, 6000 })
        {
            for (var i = 0; i < size; i++)
            {
                var doc = new Document();
                var facets = new Dictionary<string, List<string>>
                {
                    // Common values (languages, years) and rare ones (a long tail of countries).
                    ["language"] = Pick(rng, ["en", "fr", "es", "zh"], 1 + rng.Next(2)),
                    ["year"] = Enumerable.Range(1995 + rng.Next(25), 1 + rng.Next(9)).Select(y => y.ToString()).ToList(),
                    ["country"] = Pick(rng, Enumerable.Range(0, 240).Select(c => "C" + c).ToArray(), rng.Next(3)),
                    ["theme"] = Pick(rng, Enumerable.Range(0, 60).Select(c => "t" + (c * c % 61)).ToArray(), rng.Next(4)),
                };
                foreach (var (key, list) in facets)
                    foreach (var v in list) doc.Add(new SortedSetDocValuesField(SearchFields.Facet(key), new BytesRef(v)));
                doc.Add(new StringField("n", (values.Count % 7).ToString(), Field.Store.NO));
                values.Add(facets);
                writer.AddDocument(doc);
            }
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(dir);
        writer.Dispose();
        // Match sets from nearly empty to everything, so both ways of counting are taken.
        foreach (var keep in new[] { 1, 2, 7, 50, 400, 3000, 15300 })
        {
            var counter = new FacetCounter(SearchFields.FacetKeys);
            var expected = SearchFields.FacetKeys.ToDictionary(k => k, _ => new Dictionary<string, int>());
            var docBase = 0;
            foreach (var leaf in reader.Leaves)
            {
                var docs = Enumerable.Range(0, leaf.AtomicReader.MaxDoc).Where(d => (d * 7919L + keep) % 15300 < keep).ToArray();
                counter.Add(leaf, docs);
                foreach (var d in docs)
                    foreach (var (key, list) in values[docBase + d])
                        foreach (var v in list) expected[key][v] = expected[key].GetValueOrDefault(v) + 1;
                docBase += leaf.AtomicReader.MaxDoc;
            }
            var result = counter.Result();
            foreach (var key in SearchFields.FacetKeys)
                Assert.Equal(expected[key].OrderBy(kv => kv.Key, StringComparer.Ordinal), result[key].Select(f => new KeyValuePair<string, int>(f.Key, f.Count)).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    private static List<string> Pick(Random r, string[] from, int n)
    {
        var set = new List<string>();
        for (var i = 0; i < n * 3 && set.Count < n; i++)
        {
            var x = from[r.Next(from.Length)];
            if (!set.Contains(x)) set.Add(x);
        }
        return set;
    }
}
