using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DecentWork.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DecentWork.Accounts;

public static class AccountsSetup
{
    public const string BearerScheme = "Bearer";
    private const string SmartScheme = "dwx";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentity<User, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AppDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<OrganisationClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "dwx.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized, "signin");
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden, "denied");
        });

        // Keys in the database, so a sign-in made on one node is valid on every node.
        services.AddDataProtection().SetApplicationName("DecentWorkExchange").PersistKeysToDbContext<AppDb>();

        // One default scheme that picks per request: a bearer token when the request carries one, else the cookie.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null);
        services.AddAuthorization();
        services.AddScoped<ApiTokens>();
        return services;
    }

    /// <summary>The API answers 401/403 as problem+json; pages get sent to the sign-in page in their language.</summary>
    private static Task RedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status, string page)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        var lang = ctx.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (!Shared.Languages.IsSupported(lang)) lang = Shared.Languages.Default;
        var returnUrl = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
        ctx.Response.Redirect(page == "signin"
            ? $"/{lang}/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}"
            : $"/{lang}/account/denied");
        return Task.CompletedTask;
    }
}

/// <summary>Adds the user's organisation to the cookie's claims, so permission checks need no database read.</summary>
public sealed class OrganisationClaimsFactory(UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(Actor.OrganisationClaim, org.ToString()));
        if (user.DisplayName is { Length: > 0 } dn) identity.AddClaim(new Claim("dwx:display", dn));
        return identity;
    }
}

public sealed class ApiTokens(AppDb db, TimeProvider clock)
{
    private const string Prefix = "dwx_";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token and returns it; only its hash is kept.</summary>
    public async Task<string> CreateAsync(string userId, string? name, CancellationToken ct = default)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        db.ApiTokens.Add(new ApiToken { UserId = userId, Hash = Hash(token), Prefix = token[..10], Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates <c>Authorization: Bearer dwx_…</c> against the stored token hashes.</summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AppDb db, IUserClaimsPrincipalFactory<User> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("malformed token");
        var hash = ApiTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash);
        if (row is null || row.RevokedAt is not null || (row.ExpiresAt is { } exp && exp < now)) return AuthenticateResult.Fail("invalid token");
        var user = await db.Users.FindAsync(row.UserId);
        if (user is null || (user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow)) return AuthenticateResult.Fail("invalid token");
        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, AccountsSetup.BearerScheme, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AccountsSetup.BearerScheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
