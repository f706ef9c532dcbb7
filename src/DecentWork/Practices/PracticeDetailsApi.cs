using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Practices;

/// <summary>Revisions, translations and endorsements under /api/v1/practices/{id}.</summary>
public static class PracticeDetailsApi
{
    public static void MapPracticeDetailsApi(this RouteGroupBuilder g)
    {
        g.MapGet("/{id:int}/revisions", Revisions);
        g.MapGet("/{id:int}/revisions/{number:int}", RevisionContent);
        g.MapGet("/{id:int}/diff", Diff);
        g.MapGet("/{id:int}/translations", Translations);
        g.MapPut("/{id:int}/translations/{lang}", PutTranslation).RequireAuthorization(ApiAuth.Writer);
        g.MapDelete("/{id:int}/translations/{lang}", DeleteTranslation).RequireAuthorization(ApiAuth.Writer);
        g.MapPost("/{id:int}/endorsements", Endorse).RequireAuthorization(ApiAuth.Writer);
    }

    public sealed record RevisionItem(int Number, DateTime CreatedAt, string? User, string? Note, string[] ChangedFields, bool Published);

    /// <summary>The history is visible to those who may see the working copy; the public sees only the practice.</summary>
    private static async Task<Practice?> Visible(AppDb db, int id, Actor actor, CancellationToken ct)
    {
        var p = await db.Practices.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return p is not null && (actor.CanEdit(p) || actor.IsReviewer) ? p : null;
    }

    private static async Task<Results<Ok<List<RevisionItem>>, NotFound<ProblemDetails>>> Revisions(
        int id, HttpContext http, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var p = await Visible(db, id, Actor.From(http.User), ct);
        if (p is null) return PracticesApi.NotFound(t);
        var rows = await db.Revisions.AsNoTracking().Where(r => r.PracticeId == id).OrderByDescending(r => r.Number)
            .Select(r => new { r.Id, r.Number, r.CreatedAt, r.UserName, r.Note, r.ChangedFields }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new RevisionItem(r.Number, r.CreatedAt, r.UserName, r.Note,
            r.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Id == p.PublishedRevisionId)).ToList());
    }

    private static async Task<Results<Ok<PracticeContent>, NotFound<ProblemDetails>>> RevisionContent(
        int id, int number, HttpContext http, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (await Visible(db, id, Actor.From(http.User), ct) is null) return PracticesApi.NotFound(t);
        var snap = await db.Revisions.Where(r => r.PracticeId == id && r.Number == number).Select(r => r.Snapshot).FirstOrDefaultAsync(ct);
        return snap is null ? PracticesApi.NotFound(t) : TypedResults.Ok(PracticeContent.Deserialize(snap));
    }

    public sealed record DiffResponse(int From, int To, List<FieldDiff> Changes);

    private static async Task<Results<Ok<DiffResponse>, NotFound<ProblemDetails>, ValidationProblem>> Diff(
        int id, int? from, int? to, HttpContext http, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (await Visible(db, id, Actor.From(http.User), ct) is null) return PracticesApi.NotFound(t);
        if (from is null || to is null) return Problems.Validation(t, [new FieldError(from is null ? "from" : "to", "Required")]);
        var snaps = await db.Revisions.Where(r => r.PracticeId == id && (r.Number == from || r.Number == to))
            .ToDictionaryAsync(r => r.Number, r => r.Snapshot, ct);
        if (!snaps.ContainsKey(from.Value) || !snaps.ContainsKey(to.Value)) return PracticesApi.NotFound(t);
        var changes = RevisionDiff.Compare(PracticeContent.Deserialize(snaps[from.Value]), PracticeContent.Deserialize(snaps[to.Value]));
        return TypedResults.Ok(new DiffResponse(from.Value, to.Value, changes));
    }

    private static async Task<Results<Ok<List<TranslationItem>>, NotFound<ProblemDetails>>> Translations(
        int id, HttpContext http, AppDb db, PracticeWriter writer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return PracticesApi.NotFound(t);
        if (actor.CanEdit(p) || actor.IsReviewer || p.PublishedRevisionId is null)
            return TypedResults.Ok(p.Texts.OrderBy(x => x.Language).Select(x => new TranslationItem(x.Language, x.IsOriginal, x.Title, x.Summary,
                new SectionsDto { Context = x.Context, Approach = x.Approach, Implementation = x.Implementation, Results = x.Results, Lessons = x.Lessons, Transferability = x.Transferability },
                x.Status.ToString(), x.AuthorName, x.UpdatedAt)).ToList());
        var content = PracticeContent.Deserialize(await db.Revisions.Where(r => r.Id == p.PublishedRevisionId).Select(r => r.Snapshot).FirstAsync(ct));
        return TypedResults.Ok(content.Texts.Select(kv => new TranslationItem(kv.Key, kv.Key == content.Language, kv.Value.Title, kv.Value.Summary, kv.Value.Sections,
            TranslationStatus.Published.ToString(), p.Texts.FirstOrDefault(x => x.Language == kv.Key)?.AuthorName, p.PublishedAt ?? p.UpdatedAt)).ToList());
    }

    private static async Task<Results<Ok<TranslationItem>, ValidationProblem, ProblemHttpResult, NotFound<ProblemDetails>>> PutTranslation(
        int id, string lang, TranslationInput input, HttpContext http, PracticeWriter writer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Languages.Normalize(lang);
        if (code is null) return Problems.Validation(t, [new FieldError("lang", "UnknownLanguage", lang)]);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return PracticesApi.NotFound(t);
        if (!actor.CanEdit(p)) return PracticesApi.Forbidden(t);
        if (PracticesApi.CheckIfMatch(http, p, t) is { } precondition) return precondition;
        var errors = PracticeValidator.ValidateTranslation(input);
        if (errors.Count > 0) return Problems.Validation(t, errors);
        try { writer.SetTranslation(p, code, input, actor); }
        catch (IllegalTransitionException e) { return Problems.Status(409, t["Error.Conflict"], e.Message); }
        await writer.AppendRevisionAsync(p, actor, input.Note, ct);
        try { await writer.SaveAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Problems.Status(412, t["Error.PreconditionFailed"], t["Error.StaleVersion"]); }
        http.Response.Headers.ETag = PracticesApi.ETag(p);
        var x = p.Texts.First(x => x.Language == code);
        return TypedResults.Ok(new TranslationItem(x.Language, x.IsOriginal, x.Title, x.Summary, input.Sections ?? new SectionsDto(), x.Status.ToString(), x.AuthorName, x.UpdatedAt));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, NotFound<ProblemDetails>>> DeleteTranslation(
        int id, string lang, HttpContext http, PracticeWriter writer, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var code = Languages.Normalize(lang);
        if (code is null) return Problems.Validation(t, [new FieldError("lang", "UnknownLanguage", lang)]);
        var p = await writer.LoadAsync(id, ct);
        if (p is null || !actor.CanSee(p)) return PracticesApi.NotFound(t);
        if (!actor.CanEdit(p)) return PracticesApi.Forbidden(t);
        if (PracticesApi.CheckIfMatch(http, p, t) is { } precondition) return precondition;
        var text = p.Texts.FirstOrDefault(x => x.Language == code);
        if (text is null) return PracticesApi.NotFound(t);
        if (text.IsOriginal) return Problems.Status(409, t["Error.Conflict"], t["Error.CannotDeleteOriginal"]);
        try { writer.RemoveTranslation(p, text); }
        catch (IllegalTransitionException e) { return Problems.Status(409, t["Error.Conflict"], e.Message); }
        await writer.AppendRevisionAsync(p, actor, null, ct);
        try { await writer.SaveAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Problems.Status(412, t["Error.PreconditionFailed"], t["Error.StaleVersion"]); }
        return TypedResults.NoContent();
    }

    public sealed record EndorseInput(string? Statement);

    private static async Task<Results<Created<EndorsementItem>, ValidationProblem, ProblemHttpResult, NotFound<ProblemDetails>>> Endorse(
        int id, EndorseInput input, HttpContext http, AppDb db, Endorsements endorsements, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var result = await endorsements.EndorseAsync(id, Actor.From(http.User), input.Statement, ct);
        return result switch
        {
            { Item: { } item } => TypedResults.Created($"/api/v1/practices/{id}", item),
            { NotFound: true } => PracticesApi.NotFound(t),
            { Errors: { Count: > 0 } errors } => Problems.Validation(t, errors),
            { Forbidden: true } => PracticesApi.Forbidden(t),
            _ => Problems.Status(409, t["Error.Conflict"], t["Error.AlreadyEndorsed"]),
        };
    }
}

/// <summary>Endorsing, shared by the API and the practice page.</summary>
public sealed class Endorsements(AppDb db, TimeProvider clock)
{
    public sealed record Result(EndorsementItem? Item = null, bool NotFound = false, bool Forbidden = false, List<FieldError>? Errors = null);

    /// <summary>Only a member of a government, workers' or employers' organisation may endorse, once per organisation,
    /// and only a published practice.</summary>
    public async Task<Result> EndorseAsync(int practiceId, Actor actor, string? statement, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        PracticeValidator.CheckText(errors, "statement", statement, 1000, required: false);
        if (errors.Count > 0) return new Result(Errors: errors);
        var p = await db.Practices.FirstOrDefaultAsync(x => x.Id == practiceId, ct);
        if (p is null || !p.IsPublic) return new Result(NotFound: true);
        if (actor.OrganisationId is not { } orgId) return new Result(Forbidden: true);
        var org = await db.Organisations.FindAsync([orgId], ct);
        if (org is null || !Organisation.CanEndorse(org.Group)) return new Result(Forbidden: true);
        if (await db.Endorsements.AnyAsync(e => e.PracticeId == practiceId && e.OrganisationId == orgId, ct)) return new Result();
        var e = new Endorsement
        {
            PracticeId = practiceId, OrganisationId = orgId, Group = org.Group, Statement = string.IsNullOrWhiteSpace(statement) ? null : statement.Trim(),
            UserId = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Endorsements.Add(e);
        db.Outbox.Add(new Search.OutboxMessage { PracticeId = practiceId, CreatedAt = e.CreatedAt });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return new Result(); } // the unique index caught a concurrent duplicate
        return new Result(new EndorsementItem(org.Id, org.Name, org.Group.ToString(), e.Statement, e.CreatedAt, false));
    }
}
