using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Practices;

public static class PracticesApi
{
    public static RouteGroupBuilder MapPracticesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/practices").WithTags("Practices");
        g.MapGet("/", List);
        g.MapGet("/{id:int}", Get);
        g.MapPost("/", Create).RequireAuthorization(ApiAuth.Writer);
        g.MapPut("/{id:int}", Update).RequireAuthorization(ApiAuth.Writer);
        g.MapPost("/{id:int}/transitions", Transition).RequireAuthorization(ApiAuth.Writer);
        g.MapPracticeDetailsApi();
        return g;
    }

    public static string ETag(Practice p) => $"\"{p.Id}-{p.Version}\"";

    private static async Task<Results<Ok<ListResponse<PracticeListItem>>, ValidationProblem>> List(
        HttpContext http, AppDb db, IStringLocalizer<SharedResource> t,
        string? country, string? theme, string? language, string? status, int page = 1, int size = 20, CancellationToken ct = default)
    {
        var actor = Actor.From(http.User);
        var errors = new List<FieldError>();
        if (page < 1) errors.Add(new("page", "OutOfRange", 1));
        if (size is < 1 or > 100) errors.Add(new("size", "OutOfRange", 100));
        PracticeStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<PracticeStatus>(status, true, out var s)) wanted = s;
            else errors.Add(new("status", "InvalidChoice", status));
        }
        if (language is not null && Languages.Normalize(language) is null) errors.Add(new("language", "UnknownLanguage", language));
        if (errors.Count > 0) return Problems.Validation(t, errors);

        // The same visibility as Actor.CanSee: public practices, plus everything for reviewers and a contributor's own.
        var q = db.Practices.AsNoTracking();
        if (!actor.IsReviewer)
        {
            var own = actor.IsContributor ? actor.OrganisationId : null;
            q = q.Where(p => (p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn) || (own != null && p.OwnerOrganisationId == own));
        }
        if (wanted is not null) q = q.Where(p => p.Status == wanted);
        if (country is not null) q = q.Where(p => p.Countries.Any(c => c.CountryCode == country.ToUpper()));
        if (theme is not null) q = q.Where(p => p.Concepts.Any(c => c.ConceptId == theme));
        if (Languages.Normalize(language) is { } lang) q = q.Where(p => p.OriginalLanguage == lang);

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(p => new
            {
                p.Id, p.OriginalLanguage, p.Status, p.IsSample, p.UpdatedAt, p.PublishedAt, p.PeriodStart, p.PublishedRevisionId,
                Text = p.Texts.Where(x => x.IsOriginal).Select(x => new { x.Title, x.Slug, x.Summary, x.PublishedTitle, x.PublishedSlug, x.PublishedSummary }).FirstOrDefault(),
                Countries = p.Countries.Select(c => c.CountryCode).ToList(),
                Themes = p.Concepts.Select(c => c.ConceptId).ToList(),
            }).ToListAsync(ct);
        var items = rows.Select(r =>
        {
            // The public sees the published title; those who may see the working copy see the latest.
            var showWorking = actor.IsReviewer || r.PublishedRevisionId is null;
            var title = showWorking || r.Text?.PublishedTitle is null ? r.Text?.Title ?? "" : r.Text.PublishedTitle;
            var summary = showWorking || r.Text?.PublishedSummary is null ? r.Text?.Summary ?? "" : r.Text.PublishedSummary;
            return new PracticeListItem(r.Id, title, Slug.From(title), r.OriginalLanguage, summary, r.Status.ToString(),
                r.Countries, r.Themes, r.PeriodStart, r.IsSample, r.UpdatedAt, r.PublishedAt);
        }).ToList();
        return TypedResults.Ok(new ListResponse<PracticeListItem>(items, total, page, size));
    }

    private static async Task<Results<Ok<PracticeResponse>, NotFound<ProblemDetails>, StatusCodeHttpResult>> Get(
        int id, HttpContext http, AppDb db, PracticeWriter writer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return NotFound(t);
        var working = actor.CanEdit(p) || actor.IsReviewer;
        PracticeContent content;
        if (working || p.PublishedRevisionId is null) content = PracticeContent.From(p);
        else content = PracticeContent.Deserialize(await db.Revisions.Where(r => r.Id == p.PublishedRevisionId).Select(r => r.Snapshot).FirstAsync(ct));
        var etag = ETag(p);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.ToString() == etag) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(await PracticeResponse.BuildAsync(db, p, content, working || p.PublishedRevisionId is null, ct));
    }

    internal static NotFound<ProblemDetails> NotFound(IStringLocalizer t)
        => TypedResults.NotFound(new ProblemDetails { Title = t["Error.NotFound"], Status = 404, Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5" });

    internal static ProblemHttpResult Forbidden(IStringLocalizer t) => Problems.Status(403, t["Error.Forbidden"]);

    private static async Task<Results<Created<PracticeResponse>, ValidationProblem, ProblemHttpResult>> Create(
        PracticeInput input, HttpContext http, AppDb db, PracticeWriter writer, PracticeValidator validator,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!actor.CanCreate) return Forbidden(t);
        var errors = await validator.ValidateAsync(input, ct);
        if (errors.Count > 0) return Problems.Validation(t, errors);
        // A contributor's practice belongs to their organisation; an editor's to the lead organisation named, if any.
        var owner = actor.IsEditor ? actor.OrganisationId ?? input.Organisations?.FirstOrDefault()?.Id : actor.OrganisationId;
        var p = writer.Create(input, actor, owner);
        await writer.AppendRevisionAsync(p, actor, input.Note, ct);
        await writer.SaveAsync(ct);
        http.Response.Headers.ETag = ETag(p);
        var body = await PracticeResponse.BuildAsync(db, p, PracticeContent.From(p), working: true, ct);
        return TypedResults.Created($"/api/v1/practices/{p.Id}", body);
    }

    private static async Task<Results<Ok<PracticeResponse>, ValidationProblem, ProblemHttpResult, NotFound<ProblemDetails>>> Update(
        int id, PracticeInput input, HttpContext http, AppDb db, PracticeWriter writer, PracticeValidator validator,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return NotFound(t);
        if (!actor.CanEdit(p)) return Forbidden(t);
        var precondition = CheckIfMatch(http, p, t);
        if (precondition is not null) return precondition;
        var errors = await validator.ValidateAsync(input, ct);
        if (errors.Count > 0) return Problems.Validation(t, errors);
        try
        {
            writer.Update(p, input, actor);
        }
        catch (IllegalTransitionException e)
        {
            return Problems.Status(409, t["Error.Conflict"], e.Message);
        }
        await writer.AppendRevisionAsync(p, actor, input.Note, ct);
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Status(412, t["Error.PreconditionFailed"], t["Error.StaleVersion"]);
        }
        http.Response.Headers.ETag = ETag(p);
        return TypedResults.Ok(await PracticeResponse.BuildAsync(db, p, PracticeContent.From(p), working: true, ct));
    }

    /// <summary>PUT must say which version it edits: a missing If-Match is 428, a stale one 412, so nobody overwrites
    /// an edit they have not seen.</summary>
    internal static ProblemHttpResult? CheckIfMatch(HttpContext http, Practice p, IStringLocalizer t)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch)) return Problems.Status(428, t["Error.PreconditionRequired"], t["Error.IfMatchRequired"]);
        if (ifMatch != "*" && !ifMatch.Split(',').Select(s => s.Trim().Replace("W/", "")).Contains(ETag(p)))
            return Problems.Status(412, t["Error.PreconditionFailed"], t["Error.StaleVersion"]);
        return null;
    }

    public sealed record TransitionInput(string? Action, string? Comment);
    public sealed record TransitionResult(int Id, string Status, int Version);

    private static async Task<Results<Ok<TransitionResult>, ValidationProblem, ProblemHttpResult, NotFound<ProblemDetails>>> Transition(
        int id, TransitionInput input, HttpContext http, PracticeWriter writer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var action = WorkflowVerbs.Parse(input.Action);
        if (action is null) return Problems.Validation(t, [new FieldError("action", "InvalidChoice", input.Action)]);
        var fieldErrors = new List<FieldError>();
        PracticeValidator.CheckText(fieldErrors, "comment", input.Comment, PracticeLimits.Comment, required: false);
        if (fieldErrors.Count > 0) return Problems.Validation(t, fieldErrors);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return NotFound(t);
        if (!actor.CanApply(p, action.Value)) return Forbidden(t);
        if (!p.CanApply(action.Value))
            return Problems.Status(409, t["Error.Conflict"], t["Error.IllegalTransition", WorkflowVerbs.Name(action.Value), p.Status.ToString()]);
        if (action == WorkflowAction.Submit && PracticeValidator.ReadyToSubmit(p.Original) is { Count: > 0 } missing)
            return Problems.Unprocessable(t, missing);
        if (action == WorkflowAction.RequestChanges && string.IsNullOrWhiteSpace(input.Comment))
            return Problems.Validation(t, [new FieldError("comment", "Required")]);
        await writer.TransitionAsync(p, action.Value, input.Comment, actor, ct);
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Status(409, t["Error.Conflict"], t["Error.StaleVersion"]);
        }
        http.Response.Headers.ETag = ETag(p);
        return TypedResults.Ok(new TransitionResult(p.Id, p.Status.ToString(), p.Version));
    }
}

public static class ApiAuth
{
    /// <summary>Writes through the API need a bearer token; reads are open (published content) or token-scoped.</summary>
    public const string Writer = "api-writer";
}
