using DecentWork.Thesaurus.Rdf;

namespace DecentWork.Thesaurus;

public static class ThesaurusApi
{
    public static IServiceCollection AddThesaurus(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ThesaurusOptions>(config.GetSection("Thesaurus"));
        services.AddScoped<SkosExport>();
        services.AddScoped<SkosImport>();
        return services;
    }

    /// <summary>GET /api/v1/thesaurus.{ttl,nt,rdf,jsonld}: the whole thesaurus as SKOS, URIs under this site.</summary>
    public static RouteGroupBuilder MapThesaurusApi(this RouteGroupBuilder api)
    {
        foreach (var syntax in Enum.GetValues<RdfSyntax>())
            api.MapGet("/thesaurus." + RdfSyntaxes.Extension(syntax), async (HttpContext http, SkosExport export, CancellationToken ct) =>
            {
                http.Response.Headers.ContentDisposition = $"inline; filename=\"thesaurus.{RdfSyntaxes.Extension(syntax)}\"";
                return Results.Text(await export.WriteAsync(syntax, SiteBase(http.Request), ct), RdfSyntaxes.ContentType(syntax));
            }).WithTags("Open data");
        return api;
    }

    public static string SiteBase(HttpRequest req) => $"{req.Scheme}://{req.Host}";
}
