using System.Net.Http.Headers;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Organisations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DecentWork.Tests.Infrastructure;

/// <summary>The real application on a real database: a fresh SQLite file, or a fresh PostgreSQL database when
/// DWX_TEST_POSTGRES names a server (CI starts one). Tests share an instance per engine and own their data.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public string Engine { get; }
    private readonly string _dataFolder;
    private readonly string? _pgDatabase;
    private readonly string? _pgServer;
    private readonly bool _sample;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private bool _ownsStorage = true;

    /// <param name="kestrel">Serve on a real port of 127.0.0.1 (for a browser) instead of the in-memory test server.</param>
    public TestApp(string engine, bool sample = false, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        if (kestrel) UseKestrel(0);
        Engine = engine;
        _sample = sample;
        _settings = settings ?? new Dictionary<string, string?>();
        _dataFolder = Path.Combine(Path.GetTempPath(), "dwx-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataFolder);
        if (engine == "postgres")
        {
            _pgServer = PostgresServer ?? throw new InvalidOperationException("PostgreSQL is not configured");
            _pgDatabase = "dwx_test_" + Guid.NewGuid().ToString("N")[..12];
            using var conn = new NpgsqlConnection(_pgServer);
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {_pgDatabase} ENCODING 'UTF8' TEMPLATE template0", conn);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Another host on the same database and data folder (for restarts); it takes over their cleanup.</summary>
    private TestApp(TestApp from, IReadOnlyDictionary<string, string?>? settings)
    {
        Engine = from.Engine;
        _sample = from._sample;
        _settings = settings ?? new Dictionary<string, string?>();
        _dataFolder = from._dataFolder;
        _pgServer = from._pgServer;
        _pgDatabase = from._pgDatabase;
    }

    /// <summary>Stops this host, keeping its database and data folder, and returns a fresh host on them: what a
    /// restart of the server (or a crash and a restart) looks like.</summary>
    public TestApp Restart(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _ownsStorage = false;
        Dispose();
        return new TestApp(this, settings);
    }

    public string DataFolder => _dataFolder;

    /// <summary>A connection string to a PostgreSQL server where tests may create databases; null when there is none.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable("DWX_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public string ConnectionString => Engine == "postgres"
        ? new NpgsqlConnectionStringBuilder(_pgServer) { Database = _pgDatabase }.ToString()
        : $"Data Source={Path.Combine(_dataFolder, "dwx.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DWX_DATA", _dataFolder);
        builder.UseSetting("Database:Provider", Engine);
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:NoSample", _sample ? "false" : "true");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    private int _seq;

    public string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _seq)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<Organisation> CreateOrganisationAsync(ConstituentGroup group = ConstituentGroup.Government, string country = "SEN")
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var org = new Organisation { Name = Unique("Org"), Group = group, CountryCode = country };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        return org;
    }

    public sealed record TestUser(string Email, string Password, string Token, int? OrganisationId, string Role);

    /// <summary>Creates a user with a role (and organisation) and an API token for it.</summary>
    public async Task<TestUser> CreateUserAsync(string role, int? organisationId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var email = Unique(role.ToLowerInvariant()) + "@example.org";
        const string password = "correct-horse-battery-1";
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, OrganisationId = organisationId, DisplayName = email };
        var r = await users.CreateAsync(user, password);
        if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "tests");
        return new TestUser(email, password, token, organisationId, role);
    }

    public HttpClient ClientFor(TestUser? user)
    {
        var c = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return c;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_ownsStorage) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var conn = new NpgsqlConnection(_pgServer);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        }
    }
}

/// <summary>One application per engine for the whole run, created on first use. Test classes whose counts must not
/// see other classes' data get their own instance by deriving (see SearchApps, SampleContentTests).</summary>
public class Apps : IDisposable
{
    private readonly Lazy<TestApp> _sqlite;
    private readonly Lazy<TestApp> _postgres;

    public Apps() : this(sample: false) { }

    // xunit wants one public constructor on a fixture: the sample-content variant is for subclasses only.
    protected Apps(bool sample)
    {
        _sqlite = new(() => Warm(new TestApp("sqlite", sample)));
        _postgres = new(() => Warm(new TestApp("postgres", sample)));
    }

    public static readonly TheoryData<string> Engines = new() { "sqlite", "postgres" };

    /// <summary>The app for an engine; PostgreSQL tests skip, visibly, where no server is configured.</summary>
    public TestApp Get(string engine)
    {
        if (engine == "postgres")
            Skip.If(TestApp.PostgresServer is null, "PostgreSQL not available here: set DWX_TEST_POSTGRES to a server connection string (.ci/run does)");
        return engine == "postgres" ? _postgres.Value : _sqlite.Value;
    }

    private static TestApp Warm(TestApp app)
    {
        _ = app.Server; // starts the host: migrations and reference data run once here
        return app;
    }

    public void Dispose()
    {
        if (_sqlite.IsValueCreated) _sqlite.Value.Dispose();
        if (_postgres.IsValueCreated) _postgres.Value.Dispose();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition("apps")]
public sealed class AppsCollection : ICollectionFixture<Apps>;
