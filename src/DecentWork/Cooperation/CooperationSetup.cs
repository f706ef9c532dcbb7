namespace DecentWork.Cooperation;

public static class CooperationSetup
{
    public static IServiceCollection AddCooperation(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SmtpOptions>(config.GetSection("Smtp"));
        services.AddScoped<CooperationValidator>();
        services.AddScoped<CooperationWorkflow>();
        services.AddScoped<Suggestions>();
        services.AddSingleton<CooperationNotifier>();
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }

    public static WebApplication MapCooperation(this WebApplication app)
    {
        app.MapGroup("/api/v1").MapCooperationApi();
        app.MapCooperationFeeds();
        return app;
    }
}
