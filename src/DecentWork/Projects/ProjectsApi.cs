using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Projects;

public sealed record ProjectListItem(int Id, string IatiIdentifier, Dictionary<string, string> Titles, string? Status,
    IReadOnlyList<string> Countries, DateTime ImportedAt);

public sealed record ProjectOrganisationItem(string Role, string? Ref, string? Type, Dictionary<string, string> Names);

public sealed record ProjectTextItem(string Language, string Text, int? Type);

public sealed record ProjectCodeItem(string Code, string Vocabulary, decimal? Percentage);

public sealed record ProjectCountryItem(string Code, decimal? Percentage);

public sealed record ProjectDateItem(string Type, DateOnly Date);

public sealed record ProjectBudgetItem(int? Type, int? Status, DateOnly? PeriodStart, DateOnly? PeriodEnd, decimal Value, string Currency, DateOnly? ValueDate);

public sealed record ProjectResponse(int Id, string IatiIdentifier, string? IatiVersion, string? DefaultLanguage, string? DefaultCurrency,
    string? Status, IReadOnlyList<ProjectTextItem> Titles, IReadOnlyList<ProjectTextItem> Descriptions,
    IReadOnlyList<ProjectOrganisationItem> Organisations, IReadOnlyList<ProjectCountryItem> Countries,
    IReadOnlyList<ProjectCodeItem> Regions, IReadOnlyList<ProjectCodeItem> Sectors, IReadOnlyList<ProjectDateItem> Dates,
    IReadOnlyList<ProjectBudgetItem> Budgets, IReadOnlyList<string> Themes, IReadOnlyList<int> Practices, DateTime? LastUpdatedAt, DateTime ImportedAt)
{
    public static ProjectResponse From(Project p) => new(p.Id, p.IatiIdentifier, p.IatiVersion, p.DefaultLanguage, p.DefaultCurrency,
        p.Status?.ToString(),
        p.Texts.Where(t => t.Kind == ProjectTextKind.Title).OrderBy(t => t.Position).Select(t => new ProjectTextItem(t.Language, t.Text, null)).ToList(),
        p.Texts.Where(t => t.Kind == ProjectTextKind.Description).OrderBy(t => t.Position).Select(t => new ProjectTextItem(t.Language, t.Text, t.Type)).ToList(),
        p.Organisations.OrderBy(o => o.Position).Select(o => new ProjectOrganisationItem(o.IsReporting ? "Reporting" : o.Role?.ToString() ?? "Unknown", o.Ref, o.Type,
            o.Names.GroupBy(n => n.Language).ToDictionary(g => g.Key, g => g.First().Name))).ToList(),
        p.Countries.OrderBy(c => c.CountryCode).Select(c => new ProjectCountryItem(c.CountryCode, c.Percentage)).ToList(),
        p.Regions.OrderBy(r => r.Id).Select(r => new ProjectCodeItem(r.Code, r.Vocabulary, r.Percentage)).ToList(),
        p.Sectors.OrderBy(s => s.Id).Select(s => new ProjectCodeItem(s.Code, s.Vocabulary, s.Percentage)).ToList(),
        p.Dates.OrderBy(d => d.Type).ThenBy(d => d.Date).Select(d => new ProjectDateItem(d.Type.ToString(), d.Date)).ToList(),
        p.Budgets.OrderBy(b => b.PeriodStart).ThenBy(b => b.Id).Select(b => new ProjectBudgetItem(b.Type, b.Status, b.PeriodStart, b.PeriodEnd, b.Value, b.Currency, b.ValueDate)).ToList(),
        p.Concepts.Select(c => c.ConceptId).Order(StringComparer.Ordinal).ToList(),
        p.Practices.Select(x => x.PracticeId).Order().ToList(),
        p.LastUpdatedAt, p.ImportedAt);
}

public sealed record IatiReportResponse(bool Complete, int Added, int Updated, int Skipped, int ProblemCount, IReadOnlyList<string> Problems)
{
    public static IatiReportResponse From(IatiReport r) => new(r.Complete, r.Added, r.Updated, r.Skipped, r.ProblemCount, r.Problems.Select(p => p.ToString()).ToList());
}

public static class ProjectsApi
{
    /// <summary>An IATI file of a large donor runs to tens of megabytes; the upload page and the import endpoint take
    /// up to this, streamed to a temporary file, never buffered in memory.</summary>
    public const long MaxUpload = 250L * 1024 * 1024;

    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddScoped<IatiImporter>();
        services.Configure<BodyLimits>(o =>
        {
            o.Paths["/api/v1/projects/import"] = MaxUpload;
            foreach (var lang in Languages.Supported) o.Paths[$"/{lang}/projects/import"] = MaxUpload;
        });
        return services;
    }

    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/projects").WithTags("Projects");
        g.MapGet("/", List);
        g.MapGet("/{id:int}", Get);
        g.MapPost("/import", Import).RequireAuthorization(ApiAuth.Writer).Accepts<string>("application/xml", "text/xml");
        return g;
    }

    private static async Task<Results<Ok<ListResponse<ProjectListItem>>, ValidationProblem>> List(
        AppDb db, IStringLocalizer<SharedResource> t, string? country, int page = 1, int size = 20, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (page < 1) errors.Add(new("page", "OutOfRange", 1));
        if (size is < 1 or > 100) errors.Add(new("size", "OutOfRange", 100));
        if (errors.Count > 0) return Problems.Validation(t, errors);
        var q = db.Projects.AsNoTracking();
        if (!string.IsNullOrEmpty(country))
        {
            var code = country.ToUpperInvariant();
            q = q.Where(p => p.Countries.Any(c => c.CountryCode == code));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(p => p.IatiIdentifier).Skip((page - 1) * size).Take(size)
            .Select(p => new
            {
                p.Id, p.IatiIdentifier, p.Status, p.ImportedAt,
                Titles = p.Texts.Where(x => x.Kind == ProjectTextKind.Title).Select(x => new { x.Language, x.Text }).ToList(),
                Countries = p.Countries.Select(c => c.CountryCode).ToList(),
            }).ToListAsync(ct);
        var items = rows.Select(r => new ProjectListItem(r.Id, r.IatiIdentifier,
            r.Titles.GroupBy(x => x.Language).ToDictionary(x => x.Key, x => x.First().Text), r.Status?.ToString(),
            r.Countries.Order(StringComparer.Ordinal).ToList(), r.ImportedAt)).ToList();
        return TypedResults.Ok(new ListResponse<ProjectListItem>(items, total, page, size));
    }

    private static async Task<Results<Ok<ProjectResponse>, NotFound<ProblemDetails>>> Get(int id, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var p = await Load(db, id, ct);
        return p is null ? PracticesApi.NotFound(t) : TypedResults.Ok(ProjectResponse.From(p));
    }

    public static Task<Project?> Load(AppDb db, int id, CancellationToken ct) => db.Projects.AsNoTracking()
        .Include(p => p.Texts).Include(p => p.Organisations).ThenInclude(o => o.Names)
        .Include(p => p.Countries).Include(p => p.Regions).Include(p => p.Sectors).Include(p => p.Dates)
        .Include(p => p.Budgets).Include(p => p.Concepts).Include(p => p.Practices)
        .FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>POST /api/v1/projects/import: an IATI activity file as the body. 200 with the report when the file was
    /// read (complete or not: see "complete"), 422 when it was refused as a whole.</summary>
    private static async Task<Results<Ok<IatiReportResponse>, ProblemHttpResult>> Import(
        HttpContext http, IatiImporter importer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Actor.From(http.User).CanImportProjects) return PracticesApi.Forbidden(t);
        await using var spool = await SpoolAsync(http.Request.Body, MaxUpload, ct);
        if (spool is null) return Problems.Status(413, t["Error.TooLarge"], $"{MaxUpload} bytes");
        var report = await importer.ImportAsync(spool, ct);
        if (report.Refused is not null) return Problems.Status(422, t["Iati.Refused"], report.Refused);
        return TypedResults.Ok(IatiReportResponse.From(report));
    }

    /// <summary>Copies a request body to a temporary file that deletes itself when closed; null past <paramref name="max"/>
    /// (the test server and proxies do not always enforce the limit, so it is counted here too).</summary>
    public static async Task<FileStream?> SpoolAsync(Stream body, long max, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dwx-iati-{Guid.NewGuid():N}.xml");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > max) { await file.DisposeAsync(); return null; }
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            await file.FlushAsync(ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
