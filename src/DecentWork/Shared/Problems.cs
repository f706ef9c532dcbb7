using DecentWork.Practices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace DecentWork.Shared;

/// <summary>RFC 9457 problem responses worded in the request's language.</summary>
public static class Problems
{
    public static string Message(this IStringLocalizer t, FieldError e) => t["Error." + e.Code, e.Arg ?? ""];

    public static ValidationProblem Validation(IStringLocalizer t, IEnumerable<FieldError> errors)
        => TypedResults.ValidationProblem(ByField(t, errors), title: t["Error.ValidationTitle"]);

    /// <summary>Well-formed input that cannot be acted on as it stands (e.g. a submission missing required sections).</summary>
    public static ProblemHttpResult Unprocessable(IStringLocalizer t, IEnumerable<FieldError> errors)
        => TypedResults.Problem(new HttpValidationProblemDetails(ByField(t, errors))
        {
            Title = t["Error.ValidationTitle"],
            Status = StatusCodes.Status422UnprocessableEntity,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        });

    private static Dictionary<string, string[]> ByField(IStringLocalizer t, IEnumerable<FieldError> errors)
        => errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(t.Message).ToArray());

    public static ProblemHttpResult Status(int status, string title, string? detail = null)
        => TypedResults.Problem(title: title, detail: detail, statusCode: status);
}

/// <summary>Paths allowed a larger body than the site-wide limit (an upload page, an import endpoint), matched exactly
/// because the limit is decided before routing. Each feature adds its own in its AddX().</summary>
public sealed class BodyLimits
{
    public Dictionary<string, long> Paths { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Refuses bodies over the limit with 413 before anything reads them (Kestrel enforces the same limit on
/// streamed bodies; this catches a declared Content-Length early and also applies under the test server).</summary>
public sealed class BodySizeLimit(RequestDelegate next, long limit, Microsoft.Extensions.Options.IOptions<BodyLimits> larger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var max = larger.Value.Paths.TryGetValue(ctx.Request.Path.Value?.TrimEnd('/') ?? "", out var l) ? l : limit;
        if (ctx.Request.ContentLength > max)
        {
            ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            if (ctx.Request.Path.StartsWithSegments("/api"))
                await TypedResults.Problem(title: "Request body too large", detail: $"The limit is {max} bytes.", statusCode: 413).ExecuteAsync(ctx);
            return;
        }
        if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f)
            f.MaxRequestBodySize = max;
        await next(ctx);
    }
}
