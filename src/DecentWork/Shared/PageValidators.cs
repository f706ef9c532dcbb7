using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace DecentWork.Shared;

/// <summary>Gives every read page (a GET answered 200 with HTML) an ETag made from its bytes and answers a matching
/// If-None-Match with 304, so a reader on a slow line who comes back to a page gets ~200 bytes instead of the page.
/// Hashing what was rendered, rather than guessing from revision ids, cannot go stale when a page shows something
/// new (an endorsement, a similar practice); a page is at most ~100 KB, so buffering and hashing it costs microseconds.</summary>
public sealed class PageValidators(RequestDelegate next)
{
    private const int MaxBuffered = 512 * 1024;

    public async Task InvokeAsync(HttpContext ctx)
    {
        // Only the pages (/{lang}/…): feeds, OAI-PMH, sitemaps and the API stream their answers and keep doing so.
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) || !IsPage(ctx.Request.Path))
        {
            await next(ctx);
            return;
        }
        var original = ctx.Response.Body;
        using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try { await next(ctx); }
        finally { ctx.Response.Body = original; }

        var r = ctx.Response;
        if (r.StatusCode == StatusCodes.Status200OK && !r.HasStarted && buffer.Length <= MaxBuffered
            && r.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && !r.Headers.ContainsKey(HeaderNames.SetCookie) && !r.Headers.ContainsKey(HeaderNames.ETag)
            && !r.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            buffer.Position = 0;
            var hash = SHA256.HashData(buffer);
            // Weak: the same page is sent as Brotli, gzip or plain bytes.
            var etag = $"W/\"{Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
            r.Headers.ETag = etag;
            // Stored by the browser but checked with the server every time: readers always see the current page.
            r.Headers.CacheControl = ctx.User.Identity?.IsAuthenticated == true ? "private, no-cache" : "no-cache";
            if (Matches(ctx.Request.Headers.IfNoneMatch, etag))
            {
                r.StatusCode = StatusCodes.Status304NotModified;
                r.ContentLength = null;
                r.Headers.ContentType = default;
                return;
            }
        }
        buffer.Position = 0;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await buffer.CopyToAsync(original, ctx.RequestAborted);
    }

    private static bool IsPage(PathString path)
    {
        var value = path.Value ?? "";
        if (value.Length < 3) return false;
        var end = value.IndexOf('/', 1);
        return Languages.IsSupported(end < 0 ? value[1..] : value[1..end]);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
            foreach (var candidate in (header ?? "").Split(','))
            {
                var c = candidate.Trim();
                // Weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter.
                if (c == "*" || Opaque(c) == Opaque(etag)) return true;
            }
        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
