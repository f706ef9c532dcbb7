using System.Net;
using DecentWork.Data;
using DecentWork.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DecentWork.Tests.Browser;

/// <summary>The site with its sample content on a real port of 127.0.0.1, one chromium for every browser test, and the
/// data the page-type table needs (a practice under review with two revisions, an editor who sees every page).
/// Created once for the "browser" collection.</summary>
public sealed class ReaderSite : IAsyncLifetime
{
    public TestApp App { get; } = new("sqlite", sample: true, kestrel: true);
    public Uri BaseUrl { get; private set; } = null!;
    public TestApp.TestUser Editor { get; private set; } = null!;
    public TestApp.TestUser Contributor { get; private set; } = null!;
    public TestApp.TestUser Reviewer { get; private set; } = null!;
    public int OrganisationId { get; private set; }
    /// <summary>A practice by <see cref="Contributor"/> with two revisions, submitted: it has a review page and a diff.</summary>
    public int UnderReview { get; private set; }
    public int SampleOrganisation { get; private set; }

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly Dictionary<string, string> _signedIn = [];

    public static string? Chromium => Environment.GetEnvironmentVariable("DWX_CHROMIUM") is { Length: > 0 } c ? c
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    /// <summary>Where screenshots and reports go: .ci/out/… when CI says so (DWX_BROWSER_OUT), else a temp folder.</summary>
    public static string OutputFolder { get; } = Environment.GetEnvironmentVariable("DWX_BROWSER_OUT") is { Length: > 0 } o ? o
        : Path.Combine(Path.GetTempPath(), "dwx-browser");

    public async Task InitializeAsync()
    {
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        Directory.CreateDirectory(OutputFolder);

        var org = await App.CreateOrganisationAsync(DecentWork.Organisations.ConstituentGroup.Government, "SEN");
        OrganisationId = org.Id;
        Editor = await App.CreateUserAsync("Editor");
        Reviewer = await App.CreateUserAsync("Reviewer");
        Contributor = await App.CreateUserAsync("Contributor", org.Id);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            SampleOrganisation = await db.Organisations.Where(o => o.IsSample).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }

        using var author = Api(Contributor);
        var body = Http.Practice("en", "Extending pension coverage to rural workers", organisationId: org.Id);
        var created = await author.PostAsync("/api/v1/practices", Http.Body(body));
        await created.Expect(201);
        UnderReview = (int)(await created.JsonAsync())["id"]!;
        body["summary"] = "Subsidised contributions brought rural workers into the pension scheme.";
        await (await author.PutWithETag($"/api/v1/practices/{UnderReview}", body, created.Headers.ETag?.ToString())).Expect(200);
        await (await author.PostAsync($"/api/v1/practices/{UnderReview}/transitions", Http.Body(new { action = "submit" }))).Expect(200);

        // Pages hold what the index holds ("similar practices"): until the indexer has applied every write above, a page
        // and its next visit could differ, and a 304 check would fail for a reason that is not the page's.
        var index = App.Services.GetRequiredService<DecentWork.Search.SearchIndex>();
        long last;
        await using (var scope = App.Services.CreateAsyncScope())
            last = await scope.ServiceProvider.GetRequiredService<AppDb>().Outbox.MaxAsync(x => (long?)x.Id) ?? 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (index.MaxApplied < last && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.True(index.MaxApplied >= last, $"the indexer applied outbox row {index.MaxApplied} of {last} in 30 s");
    }

    /// <summary>A plain HTTP client on the real port: no cookies, no decompression, so byte counts are what travels.</summary>
    public HttpClient Http1(bool followRedirects = true)
        => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false, AllowAutoRedirect = followRedirects }) { BaseAddress = BaseUrl };

    public HttpClient Api(TestApp.TestUser user)
    {
        var c = Http1();
        c.DefaultRequestHeaders.Authorization = new("Bearer", user.Token);
        return c;
    }

    /// <summary>An HTTP client with cookies, signed in through the sign-in form when a user is given.</summary>
    public async Task<HttpClient> CookieClientAsync(TestApp.TestUser? user)
    {
        var c = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseUrl };
        if (user is null) return c;
        var page = await c.PageAsync("/en/account/signin");
        var r = await c.SubmitAsync(page, "main form", new Dictionary<string, string?> { ["email"] = user.Email, ["password"] = user.Password }, pageUrl: "/en/account/signin");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return c;
    }

    /// <summary>The shared chromium; the test is skipped, with the reason shown, where there is none.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        Tools.Need(Chromium is not null, "chromium not found at /usr/bin/chromium (or DWX_CHROMIUM): install it with `apt-get install -y chromium fonts-noto-cjk` (.ci/run does)");
        await _launch.WaitAsync();
        try
        {
            if (_browser is not null) return _browser;
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally { _launch.Release(); }
    }

    /// <summary>A fresh browser context (its own cookies), signed in as <paramref name="user"/> when given.</summary>
    public async Task<IBrowserContext> ContextAsync(TestApp.TestUser? user = null, int width = 1280, bool javaScript = true, bool bypassCsp = false)
    {
        var browser = await BrowserAsync();
        var options = new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString().TrimEnd('/'),
            ViewportSize = new() { Width = width, Height = 900 },
            JavaScriptEnabled = javaScript,
            // Only for injecting axe-core: the site's own CSP forbids inline scripts, as it should.
            BypassCSP = bypassCsp,
        };
        if (user is not null)
        {
            string? state;
            lock (_signedIn) _signedIn.TryGetValue(user.Email, out state);
            if (state is null)
            {
                await using var signIn = await browser.NewContextAsync(options);
                var page = await signIn.NewPageAsync();
                await SignInAsync(page, user);
                state = await signIn.StorageStateAsync();
                lock (_signedIn) _signedIn[user.Email] = state;
            }
            options.StorageState = state;
        }
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public static async Task SignInAsync(IPage page, TestApp.TestUser user, string lang = "en")
    {
        await page.GotoAsync($"/{lang}/account/signin");
        await page.FillAsync("#f-email", user.Email);
        await page.FillAsync("#f-password", user.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/signin"));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        App.Dispose();
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<ReaderSite>;
