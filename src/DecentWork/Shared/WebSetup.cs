using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DecentWork.Accounts;
using DecentWork.Data;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.WebEncoders;

namespace DecentWork.Shared;

public static class WebSetup
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddWebUi(this IServiceCollection services, IConfiguration config)
    {
        // Resources/SharedResource.*.resx are embedded as DecentWork.Resources.SharedResource (the marker class lives
        // in Shared/, so the SDK does not name them after it); the assembly's RootNamespace attribute makes the
        // localizer look there although the assembly is called dwx.
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Supported.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The language comes from the URL, then the reader's choice (cookie), then Accept-Language.
            o.RequestCultureProviders = [new UrlCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // The default encoder escapes every Chinese and accented character (&#x…;), tripling Chinese pages.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton(TimeProvider.System);
        services.AddAntiforgery(o => { o.Cookie.Name = "dwx.af"; o.FormFieldName = "__af"; });
        services.AddRazorPages(o =>
        {
            o.Conventions.Add(new LanguagePrefixConvention());
            o.Conventions.AuthorizeFolder("/Editor");
            o.Conventions.AuthorizeFolder("/Review");
        }).AddViewLocalization();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = MaxBodyBytes);
        // Brotli first, gzip for older clients; the defaults' MIME types cover HTML, CSS, JS, JSON and XML.
        services.AddResponseCompression(o => o.EnableForHttps = true);
        return services;
    }

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddAuthorizationBuilder().AddPolicy(Practices.ApiAuth.Writer, p =>
            p.AddAuthenticationSchemes(AccountsSetup.BearerScheme).RequireAuthenticatedUser());
        return services;
    }

    public static IServiceCollection AddPractices(this IServiceCollection services)
    {
        services.AddScoped<Practices.Endorsements>();
        return services;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseMiddleware<BodySizeLimit>(MaxBodyBytes);
        app.UseResponseCompression();
        // Before the error handlers, so a re-executed /error/{code} keeps the language of the URL that failed.
        app.UseRequestLocalization();
        if (!app.Environment.IsDevelopment())
        {
            // The API answers an unexpected failure with a 500 problem+json; pages with the localized error page.
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseExceptionHandler());
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"),
                a => a.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", AllowStatusCode404Response = true }));
        }
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h.XFrameOptions = "DENY";
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            await next();
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                // Fingerprinted URLs (asp-append-version adds ?v=hash) never change: cache them for a year.
                if (ctx.Context.Request.Query.ContainsKey("v"))
                    ctx.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        // After the static files (they carry their own validators), before the pages it validates.
        app.UseMiddleware<PageValidators>();
        // Routing after the status-code pages: a re-executed /error/{code} request must be routed again to reach its
        // page (with the implicit routing at the start of the pipeline it fell through to an empty 404).
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static void MapHealth(this WebApplication app)
        => app.MapGet("/health", async (AppDb db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct) && await db.Countries.AnyAsync(ct)
                ? Results.Ok(new { status = "ok" })
                : Results.Problem(title: "Database unavailable", statusCode: 503)).WithTags("Health");

    public static void MapWebPages(this WebApplication app)
    {
        app.MapRazorPages();
        // "/" has no language: send the reader to theirs (cookie, then Accept-Language).
        app.MapGet("/", (HttpContext ctx) =>
        {
            var lang = ctx.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName;
            return Results.Redirect($"/{(Languages.IsSupported(lang) ? lang : Languages.Default)}");
        }).ExcludeFromDescription();
    }
}

/// <summary>Takes the UI language from the first path segment (/zh/…).</summary>
public sealed class UrlCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var path = httpContext.Request.Path.Value ?? "";
        var seg = path.Split('/', 3, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return Task.FromResult(Languages.IsSupported(seg) ? new ProviderCultureResult(seg!) : null);
    }
}

/// <summary>Puts every page under /{lang}/, so each URL names its language and can be shared as it is.</summary>
public sealed class LanguagePrefixConvention : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            // Page routes are written as absolute ("/practices/{id:int}"); the prefix makes them "/{lang}/practices/…".
            var template = (selector.AttributeRouteModel?.Template ?? "").TrimStart('/');
            if (template.StartsWith("error", StringComparison.Ordinal)) continue; // re-executed status pages keep their own path
            selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates("{lang:regex(^(en|fr|es|zh)$)}", template);
        }
    }
}
