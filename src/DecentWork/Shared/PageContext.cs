using DecentWork.Accounts;
using Microsoft.AspNetCore.Localization;

namespace DecentWork.Shared;

/// <summary>What every page needs to know about the request: the UI language and who is reading.</summary>
public static class PageContextExtensions
{
    public static string Lang(this HttpContext ctx)
    {
        var fromRoute = ctx.GetRouteValue("lang") as string;
        if (Languages.IsSupported(fromRoute)) return fromRoute!;
        var ui = ctx.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName;
        return Languages.IsSupported(ui) ? ui! : Languages.Default;
    }

    public static Actor Actor(this HttpContext ctx) => Accounts.Actor.From(ctx.User);

    /// <summary>The same page in another UI language: swap the first path segment, keep the query, so a reader
    /// switching language keeps their place.</summary>
    public static string InLanguage(this HttpContext ctx, string lang)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && Languages.IsSupported(parts[0])) parts[0] = lang; else parts.Insert(0, lang);
        return "/" + string.Join('/', parts) + ctx.Request.QueryString;
    }
}
