namespace DecentWork.OpenData;

public static class OpenDataSetup
{
    public static IServiceCollection AddOpenData(this IServiceCollection services)
    {
        services.AddScoped<PracticeExport>();
        services.AddScoped<OrganisationResolver>();
        services.AddScoped<HistoryRestore>();
        return services;
    }
}
