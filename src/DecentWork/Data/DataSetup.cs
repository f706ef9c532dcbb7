using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DecentWork.Data;

public sealed class DatabaseOptions
{
    /// <summary>sqlite (embedded default) or postgres.</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>Skip loading the sample content into an empty database.</summary>
    public bool NoSample { get; set; }
}

public static class DataSetup
{
    /// <summary>The data folder: DWX_DATA, else ./data under the working directory.</summary>
    public static string DataFolder(IConfiguration config)
        => Path.GetFullPath(config["DWX_DATA"] is { Length: > 0 } d ? d : Path.Combine(Directory.GetCurrentDirectory(), "data"));

    public static string ProviderName(IConfiguration config)
        => (config["Database:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" => "sqlite",
            "postgres" or "postgresql" or "npgsql" => "postgres",
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not supported; use 'sqlite' or 'postgres'."),
        };

    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<DatabaseOptions>(config.GetSection("Database"));
        var provider = ProviderName(config);
        var connection = config.GetConnectionString("Default");
        if (provider == "postgres")
        {
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Default is empty.");
            services.AddDbContext<PostgresAppDb>(o => o.UseNpgsql(connection, n => n.MigrationsHistoryTable("__ef_migrations").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).ConfigureWarnings(Warnings));
            services.AddScoped<AppDb>(sp => sp.GetRequiredService<PostgresAppDb>());
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                var folder = DataFolder(config);
                Directory.CreateDirectory(folder);
                connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "dwx.db") }.ToString();
            }
            var csb = new SqliteConnectionStringBuilder(connection) { DefaultTimeout = 30, Pooling = true };
            services.AddDbContext<SqliteAppDb>(o => o.UseSqlite(csb.ToString(), s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).ConfigureWarnings(Warnings)
                .AddInterceptors(new SqlitePragmas()));
            services.AddScoped<AppDb>(sp => sp.GetRequiredService<SqliteAppDb>());
        }
        services.AddScoped<Practices.PracticeWriter>();
        services.AddScoped<Practices.PracticeValidator>();
        services.AddScoped<Practices.PracticeImporter>();
        services.AddScoped<ReferenceData>();
        services.AddScoped<SampleContent>();
        return services;
    }

    private static void Warnings(WarningsConfigurationBuilder w) => w.Ignore(RelationalEventId.PendingModelChangesWarning);

    /// <summary>Migrates the database, loads reference data, and the sample content into an empty database.</summary>
    public static async Task InitializeAsync(IServiceProvider services, bool loadSample, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("DecentWork.Data");
        if (db.Database.IsSqlite())
        {
            // page_size only takes effect before the first table exists; WAL lets readers go on while one writer writes.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA page_size=8192;", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(ct);
        await scope.ServiceProvider.GetRequiredService<ReferenceData>().EnsureLoadedAsync(ct);
        if (loadSample && !await db.Practices.AnyAsync(ct))
        {
            var n = await scope.ServiceProvider.GetRequiredService<SampleContent>().LoadAsync(ct);
            log.LogInformation("Loaded {Count} sample practices into the empty database", n);
        }
    }
}

/// <summary>Per-connection SQLite settings: WAL is persistent, but synchronous and foreign keys are per connection.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>For `dotnet ef migrations add … --context SqliteAppDb`.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>For `dotnet ef migrations add … --context PostgresAppDb` (no server is contacted).</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__ef_migrations")).Options);
}
