using DecentWork.Search;
using DecentWork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DecentWork.Tests.Search;

/// <summary>A rebuild analyses on several threads, yet the documents must enter the index in practice order, every
/// time: which of two equally scored practices comes first follows that order.</summary>
public class SearchRebuildTests
{
    [Fact]
    public async Task A_parallel_rebuild_adds_the_practices_in_id_order()
    {
        using var app = new TestApp("sqlite", sample: true, settings: new Dictionary<string, string?> { ["Search:IndexThreads"] = "3" });
        _ = app.Server;
        var indexer = app.Services.GetRequiredService<SearchIndexer>();
        var index = app.Services.GetRequiredService<SearchIndex>();
        for (var round = 0; round < 2; round++)
        {
            var r = await indexer.RebuildAsync(CancellationToken.None);
            var ids = index.Search(s =>
            {
                var cards = new HitCards.Reader(s);
                return Enumerable.Range(0, s.IndexReader.MaxDoc).Select(cards.ReadId).ToList();
            });
            Assert.True(r.Documents >= 20, $"{r.Documents} documents");
            Assert.Equal(r.Documents, ids.Count);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Distinct().Count(), ids.Count);
        }
    }
}
