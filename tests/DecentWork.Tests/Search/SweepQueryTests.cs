using System.Globalization;
using System.Text;
using DecentWork.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace DecentWork.Tests.Search;

/// <summary>SweepQuery must find and score exactly what the BooleanQuerys of TermQuerys it replaces would.</summary>
public class SweepQueryTests
{
    private static readonly string[] Concepts = ["common", "frequent", "some", "rare", "rarer", "absent-here"];

    private static readonly FieldType ConceptType = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_AND_FREQS,
    });

    private static FieldType Freeze(FieldType t) { t.Freeze(); return t; }

    /// <summary>Three segments of 400 documents: "common" on nearly all, "frequent" on a third, "some" on a tenth (under
    /// the dense share: swept from its postings), "rare" and "rarer" on a handful; term frequencies 1–5; an English text
    /// field for a second group.</summary>
    private static (Lucene.Net.Store.Directory, IndexWriter) Build(SearchAnalyzers analyzers)
    {
        var dir = new RAMDirectory();
        var writer = new IndexWriter(dir, new IndexWriterConfig(SearchAnalyzers.Version, analyzers.Indexing) { MergePolicy = NoMergePolicy.COMPOUND_FILES });
        var rng = new Random(7);
        for (var segment = 0; segment < 3; segment++)
        {
            for (var i = 0; i < 400; i++)
            {
                var id = segment * 400 + i;
                var lines = new StringBuilder();
                void Add(string concept, bool present) { if (present) for (var n = rng.Next(1, 6); n > 0; n--) lines.Append(concept).Append('\n'); }
                Add("common", rng.Next(10) > 0);
                Add("frequent", rng.Next(3) == 0);
                Add("some", rng.Next(10) == 0);
                Add("rare", rng.Next(80) == 0);
                Add("rarer", rng.Next(200) == 0);
                var doc = new Document { new StringField(SearchFields.Id, id.ToString(CultureInfo.InvariantCulture), Field.Store.YES) };
                if (lines.Length > 0) doc.Add(new Field(SearchFields.Concept, lines.ToString(), ConceptType));
                doc.Add(new TextField(SearchFields.Text("en"), rng.Next(4) == 0 ? "pension insurance for workers" : "workers", Field.Store.NO));
                writer.AddDocument(doc);
            }
            writer.Commit();
        }
        return (dir, writer);
    }

    private static List<SweepQuery.Clause> Clauses(IEnumerable<(string Concept, float Boost)> concepts)
        => concepts.Select(c => new SweepQuery.Clause(new Term(SearchFields.Concept, c.Concept), c.Boost)).ToList();

    // Analysed as the English text field is: "pension", "insur", "worker".
    private static readonly List<SweepQuery.Clause> Words =
        [new(new Term(SearchFields.Text("en"), "pension")), new(new Term(SearchFields.Text("en"), "worker"), 0.5f), new(new Term(SearchFields.Text("en"), "nowhere"))];

    private static BooleanQuery Boolean(IEnumerable<SweepQuery.Clause> clauses)
    {
        var q = new BooleanQuery(disableCoord: false);
        foreach (var c in clauses) q.Add(new TermQuery(c.Term) { Boost = c.Boost }, Occur.SHOULD);
        return q;
    }

    private static BooleanQuery Boolean(params IEnumerable<SweepQuery.Clause>[] groups)
    {
        var top = new BooleanQuery(disableCoord: false);
        foreach (var g in groups) top.Add(Boolean(g), Occur.SHOULD);
        return top;
    }

    private static void AssertSame(IndexSearcher searcher, Query expected, Query actual)
    {
        var e = searcher.Search(expected, 2000).ScoreDocs;
        var a = searcher.Search(actual, 2000).ScoreDocs;
        Assert.NotEmpty(e);
        Assert.Equal(e.Length, a.Length);
        var byDoc = a.ToDictionary(x => x.Doc, x => x.Score);
        foreach (var x in e)
        {
            Assert.True(byDoc.TryGetValue(x.Doc, out var score), $"document {x.Doc} missing");
            Assert.Equal(x.Score, score, x.Score * 1e-5f);
        }
    }

    public static TheoryData<string> Sets => new()
    {
        "common:3 frequent:1 some:2 rare:0.5",
        "common:0.5",
        "some:1 rarer:3",
        "rare:1 absent-here:2 frequent:1.5",
        "absent-here:1",
    };

    [Theory, MemberData(nameof(Sets))]
    public void Same_matches_and_scores_as_the_BooleanQuery(string set)
    {
        var concepts = set.Split(' ').Select(x => x.Split(':')).Select(x => (x[0], float.Parse(x[1], CultureInfo.InvariantCulture))).ToList();
        using var analyzers = new SearchAnalyzers();
        var (dir, writer) = Build(analyzers);
        using var _ = dir;
        using var __ = writer;
        foreach (var id in new[] { "3", "401", "402", "1199" }) writer.DeleteDocuments(new Term(SearchFields.Id, id));
        writer.Commit();
        using var reader = DirectoryReader.Open(dir);
        Assert.Equal(3, reader.Leaves.Count);
        var searcher = new IndexSearcher(reader);
        var clauses = Clauses(concepts);
        if (concepts.All(c => c.Item1 == "absent-here"))
            Assert.Empty(searcher.Search(new SweepQuery([clauses]), 10).ScoreDocs);
        else
            AssertSame(searcher, Boolean(clauses), new SweepQuery([clauses]));
        // The suggestions' shape, concepts and words (a field with norms, swept from its postings): normalisation and
        // coord at both levels must come out the same too.
        AssertSame(searcher, Boolean(clauses, Words), new SweepQuery([clauses, Words]));
        var boosted = Boolean(clauses, Words);
        boosted.Boost = 2;
        AssertSame(searcher, boosted, new SweepQuery([clauses, Words]) { Boost = 2 });
    }

    [Fact]
    public void A_document_deleted_after_its_segment_was_read_is_not_found()
    {
        using var analyzers = new SearchAnalyzers();
        var (dir, writer) = Build(analyzers);
        using var _ = dir;
        using var __ = writer;
        var concepts = Clauses([("common", 1f), ("frequent", 2f)]);
        int firstHit;
        using (var before = DirectoryReader.Open(dir))
        {
            var hits = new IndexSearcher(before).Search(new SweepQuery([concepts]), 1).ScoreDocs;
            firstHit = hits[0].Doc;
            var id = before.Document(firstHit).Get(SearchFields.Id);
            writer.DeleteDocuments(new Term(SearchFields.Id, id));
            writer.Commit();
        }
        // Same segments (the per-segment arrays are reused), new deletions.
        using var after = DirectoryReader.Open(dir);
        var searcher = new IndexSearcher(after);
        var found = searcher.Search(new SweepQuery([concepts]), 2000).ScoreDocs.Select(x => x.Doc).ToList();
        Assert.DoesNotContain(firstHit, found);
        AssertSame(searcher, Boolean(concepts), new SweepQuery([concepts]));
    }
}
