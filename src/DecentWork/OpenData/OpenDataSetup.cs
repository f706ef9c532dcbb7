namespace DecentWork.OpenData;

/// <summary>The machine-facing endpoints: OAI-PMH, sitemaps and robots.txt, Atom feeds, bulk export and import.</summary>
public static class OpenDataSetup
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<OpenDataOptions>(config.GetSection(OpenDataOptions.Section));
        services.AddSingleton<PublicSite>();
        services.AddSingleton<ResumptionTokens>();
        services.AddSingleton<ReferenceSetsCache>();
        services.AddScoped<OaiRecords>();
        services.AddScoped<OaiEndpoint>();
        services.AddScoped<FeedSources>();
        services.AddScoped<PracticeExport>();
        services.AddScoped<OrganisationResolver>();
        services.AddScoped<HistoryRestore>();
        return services;
    }

    public static void MapOpenData(this WebApplication app)
    {
        app.MapMethods("/oai", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, OaiEndpoint oai, CancellationToken ct) => oai.HandleAsync(http, ct))
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(DwxFormat.SchemaPath, (IWebHostEnvironment env) =>
            Results.File(env.WebRootFileProvider.GetFileInfo("oai/dwx.xsd").CreateReadStream(), "application/xml; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapSitemaps();
        app.MapAtomFeeds();
    }
}
