using DecentWork.Shared;

namespace DecentWork.Search;

/// <summary><c>dwx reindex</c>: rebuilds the search index from the database (the index is only a cache of it).</summary>
public static class ReindexCommand
{
    public static async Task<int> RunAsync(CommandLine c, IServiceProvider services)
    {
        SearchIndexer indexer;
        try
        {
            indexer = services.GetRequiredService<SearchIndexer>();
            _ = services.GetRequiredService<SearchIndex>(); // opens the writer: fails here if the server holds it
        }
        catch (IndexLockedException e)
        {
            throw new CommandException(e.Message + " Stop it first, or restart it: a server rebuilds a missing or outdated index when it starts.");
        }
        var r = await indexer.RebuildAsync(CancellationToken.None);
        Console.WriteLine($"Indexed {r.Documents} public practices in {r.Took.TotalSeconds:0.0} s (outbox position {r.Outbox}) at {services.GetRequiredService<SearchIndex>().Path}.");
        return 0;
    }
}
