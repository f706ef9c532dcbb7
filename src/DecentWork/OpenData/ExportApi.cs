using DecentWork.Accounts;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.Extensions.Localization;

namespace DecentWork.OpenData;

public static class ExportApi
{
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/export.jsonl", (HttpContext http, PracticeExport export, IStringLocalizer<SharedResource> t) => Export(http, export, t, "jsonl"))
            .WithTags("Open data").Produces(200, contentType: "application/x-ndjson");
        api.MapGet("/export.csv", (HttpContext http, PracticeExport export, IStringLocalizer<SharedResource> t) => Export(http, export, t, "csv"))
            .WithTags("Open data").Produces(200, contentType: "text/csv");
        return api;
    }

    private static IResult Export(HttpContext http, PracticeExport export, IStringLocalizer<SharedResource> t, string format)
    {
        var errors = new List<FieldError>();
        var filter = ExportFilter.Parse(http.Request.Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())), errors);
        if (errors.Count > 0) return Problems.Validation(t, errors);
        // Anything beyond the public set (drafts, withdrawn, the unreviewed working copy) is for editors only.
        if (!filter.PublicOnly)
        {
            var actor = Actor.From(http.User);
            if (!actor.IsAuthenticated) return Problems.Status(401, t["Bulk.SignInForStatus"]);
            if (!actor.IsEditor) return Problems.Status(403, t["Bulk.EditorsOnlyStatus"]);
        }
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"practices.{format}\"";
        if (!filter.PublicOnly) http.Response.Headers.CacheControl = "private, no-store";
        return Results.Stream(body => ExportWriter.WriteAsync(body, format, export, filter, http.RequestAborted),
            ExportWriter.ContentType(format));
    }
}
