using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DecentWork.Tests.Search;

/// <summary>A rebuild indexes on several threads, yet the documents must enter the index in practice order, every
/// time: which of two equally scored practices comes first follows that order. The hosted indexer is off in these
/// apps: at start-up it finds no index and rebuilds too, right after a test's own rebuild, putting back the scratch
/// folder a test checks is gone.</summary>
public class SearchRebuildTests
{
    [Fact]
    public async Task A_parallel_rebuild_adds_the_practices_in_id_order()
    {
        using var app = new TestApp("sqlite", sample: true, settings: new Dictionary<string, string?>
        {
            ["Search:IndexThreads"] = "3",
            ["Search:IndexerEnabled"] = "false",
        });
        _ = app.Server;
        var indexer = app.Services.GetRequiredService<SearchIndexer>();
        var index = app.Services.GetRequiredService<SearchIndex>();
        for (var round = 0; round < 2; round++)
        {
            var r = await indexer.RebuildAsync(CancellationToken.None);
            var ids = DocumentOrder(index);
            Assert.True(r.Documents >= 20, $"{r.Documents} documents");
            Assert.Equal(r.Documents, ids.Count);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Distinct().Count(), ids.Count);
        }
    }

    /// <summary>Many chunks on several workers: each chunk is a segment of its own until the final merge, which must
    /// put them back in chunk order — and the same order, rebuild after rebuild.</summary>
    /// <summary>Ending with several segments, each merged on its own thread, keeps that order too.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rebuilds_in_many_chunks_give_the_same_order_the_practice_order(int segments)
    {
        using var app = new TestApp("sqlite", sample: true, settings: new Dictionary<string, string?>
        {
            ["Search:IndexThreads"] = "3",
            ["Search:RebuildChunkSize"] = "3",
            ["Search:RebuildSegments"] = segments.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Search:IndexerEnabled"] = "false",
        });
        _ = app.Server;
        var indexer = app.Services.GetRequiredService<SearchIndexer>();
        var index = app.Services.GetRequiredService<SearchIndex>();
        List<int> expected;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            expected = await db.Practices.Where(p => p.PublishedRevisionId != null && p.Status != DecentWork.Practices.PracticeStatus.Withdrawn)
                .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        }
        Assert.True(expected.Count >= 4 * 3, $"{expected.Count} public practices: too few for several chunks per worker");
        var orders = new List<List<int>>();
        for (var round = 0; round < 3; round++)
        {
            var r = await indexer.RebuildAsync(CancellationToken.None);
            Assert.Equal(expected.Count, r.Documents);
            orders.Add(DocumentOrder(index));
            Assert.Equal(segments, index.Search(s => s.IndexReader.Leaves.Count)); // the chunks merged into that many segments
            Assert.False(Directory.Exists(index.Path + ".rebuild"), "the chunks' scratch folder is left behind");
        }
        Assert.Equal(expected, orders[0]);
        Assert.Equal(orders[0], orders[1]);
        Assert.Equal(orders[0], orders[2]);
    }

    private static List<int> DocumentOrder(SearchIndex index) => index.Search(s =>
    {
        var cards = new HitCards.Reader(s);
        return Enumerable.Range(0, s.IndexReader.MaxDoc).Select(cards.ReadId).ToList();
    });
}
