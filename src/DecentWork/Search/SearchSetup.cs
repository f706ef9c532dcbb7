namespace DecentWork.Search;

public static class SearchSetup
{
    /// <summary>The index, the indexer that keeps it in step with the outbox, and the search service.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SearchOptions>(config.GetSection("Search"));
        services.AddSingleton<SearchAnalyzers>();
        services.AddSingleton<SearchVocabulary>();
        services.AddSingleton<SearchIndex>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<PracticeSearch>();
        services.AddSingleton<SimilarPractices>();
        services.AddHostedService<OutboxTailer>();
        return services;
    }
}
