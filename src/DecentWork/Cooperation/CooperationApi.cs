using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Cooperation;

/// <summary>/api/v1 for requests, offers, suggestions, matches, exchanges, follows and notifications. Reads of requests,
/// offers, suggestions and exchanges are public (the board is); writes need a bearer token and the rules in Actor.</summary>
public static class CooperationApi
{
    public static RouteGroupBuilder MapCooperationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Cooperation");
        g.MapGet("/requests", ListRequests).Produces<ListResponse<RequestItem>>();
        g.MapGet("/requests/{id:int}", GetRequest).Produces<RequestItem>();
        g.MapPost("/requests", (RequestInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.CreateRequestAsync(Actor.From(h.User), i, ct), t, r => r.AsRequestItem(), r => $"/api/v1/requests/{r.Id}"))
            .RequireAuthorization(ApiAuth.Writer).Produces<RequestItem>(201);
        g.MapPut("/requests/{id:int}", (int id, RequestInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.UpdateRequestAsync(Actor.From(h.User), id, i, ct), t, r => r.AsRequestItem())).RequireAuthorization(ApiAuth.Writer).Produces<RequestItem>();
        g.MapPost("/requests/{id:int}/transitions", (int id, ActionInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.TransitionRequestAsync(Actor.From(h.User), id, i.Action, ct), t, r => r.AsRequestItem())).RequireAuthorization(ApiAuth.Writer).Produces<RequestItem>();
        g.MapGet("/requests/{id:int}/suggestions", GetSuggestions).Produces<SuggestionsResponse>();

        g.MapGet("/offers", ListOffers).Produces<ListResponse<OfferItem>>();
        g.MapGet("/offers/{id:int}", async (int id, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => await db.Offers.AsNoTracking().Include(o => o.Practices).FirstOrDefaultAsync(o => o.Id == id, ct) is { } o ? Results.Ok(o.AsOfferItem()) : NotFound(t)).Produces<OfferItem>();
        g.MapPost("/offers", (OfferInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.SaveOfferAsync(Actor.From(h.User), null, i, ct), t, o => o.AsOfferItem(), o => $"/api/v1/offers/{o.Id}")).RequireAuthorization(ApiAuth.Writer).Produces<OfferItem>(201);
        g.MapPut("/offers/{id:int}", (int id, OfferInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.SaveOfferAsync(Actor.From(h.User), id, i, ct), t, o => o.AsOfferItem())).RequireAuthorization(ApiAuth.Writer).Produces<OfferItem>();

        g.MapGet("/matches", ListMatches).RequireAuthorization(ApiAuth.Writer).Produces<ListResponse<MatchItem>>();
        g.MapGet("/matches/{id:int}", GetMatch).RequireAuthorization(ApiAuth.Writer).Produces<MatchItem>();
        g.MapPost("/matches", (MatchInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.ProposeAsync(Actor.From(h.User), i, ct), t, m => m.AsMatchItem(null), m => $"/api/v1/matches/{m.Id}")).RequireAuthorization(ApiAuth.Writer).Produces<MatchItem>(201);
        g.MapPost("/matches/{id:int}/confirm", (int id, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.ConfirmAsync(Actor.From(h.User), id, ct), t, m => m.AsMatchItem(null))).RequireAuthorization(ApiAuth.Writer).Produces<MatchItem>();
        g.MapPost("/matches/{id:int}/accept", async (int id, HttpContext h, CooperationWorkflow w, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var o = await w.AcceptAsync(Actor.From(h.User), id, ct);
            var ex = o.Ok ? await db.Exchanges.Where(e => e.MatchId == id).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct) : null;
            return await Send(Task.FromResult(o), t, m => m.AsMatchItem(ex));
        }).RequireAuthorization(ApiAuth.Writer).Produces<MatchItem>();
        g.MapPost("/matches/{id:int}/decline", (int id, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.DeclineAsync(Actor.From(h.User), id, ct), t, m => m.AsMatchItem(null))).RequireAuthorization(ApiAuth.Writer).Produces<MatchItem>();

        g.MapGet("/exchanges", ListExchanges).Produces<ListResponse<ExchangeItem>>();
        g.MapGet("/exchanges/{id:int}", async (int id, HttpContext h, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => await db.Exchanges.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } e ? Results.Ok(e.AsExchangeItem(Actor.From(h.User).CanManage(e))) : NotFound(t)).Produces<ExchangeItem>();
        g.MapPut("/exchanges/{id:int}", (int id, ExchangeInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.UpdateExchangeAsync(Actor.From(h.User), id, i, ct), t, e => e.AsExchangeItem(true))).RequireAuthorization(ApiAuth.Writer).Produces<ExchangeItem>();
        g.MapPost("/exchanges/{id:int}/start", (int id, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.StartAsync(Actor.From(h.User), id, ct), t, e => e.AsExchangeItem(true))).RequireAuthorization(ApiAuth.Writer).Produces<ExchangeItem>();
        g.MapPost("/exchanges/{id:int}/outcome", (int id, OutcomeInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.ReportOutcomeAsync(Actor.From(h.User), id, i, ct), t, e => e.AsExchangeItem(true))).RequireAuthorization(ApiAuth.Writer).Produces<ExchangeItem>();
        g.MapPost("/exchanges/{id:int}/cancel", (int id, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.CancelAsync(Actor.From(h.User), id, ct), t, e => e.AsExchangeItem(true))).RequireAuthorization(ApiAuth.Writer).Produces<ExchangeItem>();

        g.MapGet("/follows", async (HttpContext h, AppDb db, CancellationToken ct) =>
        {
            var me = Actor.From(h.User).UserId;
            var items = (await db.Follows.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.Id).ToListAsync(ct)).Select(f => f.AsFollowItem()).ToList();
            return Results.Ok(new ListResponse<FollowItem>(items, items.Count, 1, items.Count));
        }).RequireAuthorization(ApiAuth.Writer).Produces<ListResponse<FollowItem>>();
        g.MapPost("/follows", (FollowInput i, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.FollowAsync(Actor.From(h.User), i, ct), t, f => f.AsFollowItem(), f => $"/api/v1/follows/{f.Id}")).RequireAuthorization(ApiAuth.Writer).Produces<FollowItem>(201);
        g.MapDelete("/follows/{id:int}", (int id, HttpContext h, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
            => Send(w.UnfollowAsync(Actor.From(h.User), id, ct), t, f => f.AsFollowItem())).RequireAuthorization(ApiAuth.Writer).Produces(204);

        g.MapGet("/notifications", async (HttpContext h, AppDb db, bool? unread, int page = 1, int size = 20, CancellationToken ct = default) =>
        {
            size = Math.Clamp(size, 1, 100);
            page = Math.Max(1, page);
            var me = Actor.From(h.User).UserId;
            var q = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
            if (unread == true) q = q.Where(n => n.ReadAt == null);
            var total = await q.CountAsync(ct);
            var items = (await q.OrderByDescending(n => n.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct)).Select(n => n.AsNotificationItem()).ToList();
            return Results.Ok(new ListResponse<NotificationItem>(items, total, page, size));
        }).RequireAuthorization(ApiAuth.Writer).Produces<ListResponse<NotificationItem>>();
        g.MapPost("/notifications/{id:long}/read", async (long id, HttpContext h, AppDb db, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            var me = Actor.From(h.User).UserId;
            var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == me, ct);
            if (n is null) return NotFound(t);
            n.ReadAt ??= clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return Results.Ok(n.AsNotificationItem());
        }).RequireAuthorization(ApiAuth.Writer).Produces<NotificationItem>();
        return g;
    }

    private static IResult NotFound(IStringLocalizer t) => Problems.Status(404, t["Error.NotFound"]);

    /// <summary>One mapping from a workflow outcome to HTTP: 2xx with the item, else problem+json (400 naming the fields).</summary>
    private static async Task<IResult> Send<T, TItem>(Task<Outcome<T>> pending, IStringLocalizer t, Func<T, TItem> item, Func<T, string>? location = null)
    {
        var o = await pending;
        return o.Status switch
        {
            201 => TypedResults.Created(location!(o.Value!), item(o.Value!)),
            204 => TypedResults.NoContent(),
            < 300 => TypedResults.Ok(item(o.Value!)),
            400 => Problems.Validation(t, o.Errors!),
            403 => PracticesApi.Forbidden(t),
            404 => NotFound(t),
            409 => Problems.Status(409, t["Error.Conflict"], o.Detail),
            _ => Problems.Status(o.Status, t["Error.Conflict"], o.Detail),
        };
    }

    public sealed record RequestFilter(string? Theme, string? Country, string? Modality, string? Status, int? Organisation);

    /// <summary>The board's query, shared with the board page.</summary>
    public static IQueryable<CooperationRequest> Filter(AppDb db, RequestFilter f, List<FieldError> errors)
    {
        var q = db.CooperationRequests.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Theme)) q = q.Where(r => r.Themes.Any(t => t.ConceptId == f.Theme));
        if (!string.IsNullOrWhiteSpace(f.Country)) { var c = f.Country.Trim().ToUpperInvariant(); q = q.Where(r => r.CountryCode == c); }
        if (!string.IsNullOrWhiteSpace(f.Modality))
        {
            if (Modalities.Parse(f.Modality) is { } m) q = q.Where(r => (r.Modalities & m) != 0);
            else errors.Add(new("modality", "InvalidChoice", f.Modality));
        }
        if (!string.IsNullOrWhiteSpace(f.Status))
        {
            if (Enum.TryParse<RequestStatus>(f.Status, true, out var s) && Enum.IsDefined(s)) q = q.Where(r => r.Status == s);
            else errors.Add(new("status", "InvalidChoice", f.Status));
        }
        if (f.Organisation is { } org) q = q.Where(r => r.OrganisationId == org);
        return q;
    }

    private static async Task<IResult> ListRequests(AppDb db, IStringLocalizer<SharedResource> t, string? theme, string? country, string? modality,
        string? status, int? organisation, int page = 1, int size = 20, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (page < 1) errors.Add(new("page", "OutOfRange", 1));
        if (size is < 1 or > 100) errors.Add(new("size", "OutOfRange", 100));
        var q = Filter(db, new(theme, country, modality, status, organisation), errors);
        if (errors.Count > 0) return Problems.Validation(t, errors);
        var total = await q.CountAsync(ct);
        var rows = await q.Include(r => r.Themes).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new ListResponse<RequestItem>(rows.Select(r => r.AsRequestItem()).ToList(), total, page, size));
    }

    private static async Task<IResult> GetRequest(int id, CooperationWorkflow w, IStringLocalizer<SharedResource> t, CancellationToken ct)
        => await w.LoadRequestAsync(id, ct) is { } r ? TypedResults.Ok(r.AsRequestItem()) : NotFound(t);

    private static async Task<IResult> GetSuggestions(int id, string? lang, CooperationWorkflow w, Suggestions s, IStringLocalizer<SharedResource> t,
        int size = 10, CancellationToken ct = default)
    {
        if (size is < 1 or > 50) return Problems.Validation(t, [new FieldError("size", "OutOfRange", 50)]);
        var r = await w.LoadRequestAsync(id, ct);
        if (r is null) return NotFound(t);
        var (practices, offers) = await s.ForAsync(r, Languages.Normalize(lang) ?? Languages.Default, size, ct);
        return TypedResults.Ok(new SuggestionsResponse(r.Id, practices, offers));
    }

    private static async Task<IResult> ListOffers(AppDb db, IStringLocalizer<SharedResource> t, int? organisation, int? practice, int page = 1, int size = 20, CancellationToken ct = default)
    {
        if (page < 1 || size is < 1 or > 100) return Problems.Validation(t, [new FieldError(page < 1 ? "page" : "size", "OutOfRange", page < 1 ? 1 : 100)]);
        var q = db.Offers.AsNoTracking().Where(o => o.IsActive);
        if (organisation is { } org) q = q.Where(o => o.OrganisationId == org);
        if (practice is { } p) q = q.Where(o => o.Practices.Any(x => x.PracticeId == p));
        var total = await q.CountAsync(ct);
        var rows = await q.Include(o => o.Practices).OrderByDescending(o => o.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new ListResponse<OfferItem>(rows.Select(o => o.AsOfferItem()).ToList(), total, page, size));
    }

    private static async Task<IResult> ListMatches(HttpContext h, AppDb db, int? requestId, string? status, CancellationToken ct)
    {
        var a = Actor.From(h.User);
        var q = db.Matches.AsNoTracking();
        if (!a.IsBroker) q = q.Where(m => a.OrganisationId != null && (m.RequestingOrganisationId == a.OrganisationId || m.ProvidingOrganisationId == a.OrganisationId));
        if (requestId is { } r) q = q.Where(m => m.RequestId == r);
        if (Enum.TryParse<MatchStatus>(status, true, out var s)) q = q.Where(m => m.Status == s);
        var rows = await q.OrderByDescending(m => m.Id).Take(100).ToListAsync(ct);
        var ids = rows.Select(m => m.Id).ToList();
        var ex = await db.Exchanges.Where(e => ids.Contains(e.MatchId)).ToDictionaryAsync(e => e.MatchId, e => e.Id, ct);
        return TypedResults.Ok(new ListResponse<MatchItem>(rows.Select(m => m.AsMatchItem(ex.TryGetValue(m.Id, out var e) ? e : null)).ToList(), rows.Count, 1, 100));
    }

    private static async Task<IResult> GetMatch(int id, HttpContext h, AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var m = await db.Matches.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !Actor.From(h.User).CanSee(m)) return NotFound(t);
        var ex = await db.Exchanges.Where(e => e.MatchId == id).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(m.AsMatchItem(ex));
    }

    private static async Task<IResult> ListExchanges(HttpContext h, AppDb db, int? requestId, int? practice, string? country, string? status, CancellationToken ct)
    {
        var a = Actor.From(h.User);
        var q = db.Exchanges.AsNoTracking();
        if (requestId is { } r) q = q.Where(e => e.RequestId == r);
        if (practice is { } p) q = q.Where(e => e.PracticeId == p || db.OfferPractices.Any(op => op.OfferId == e.OfferId && op.PracticeId == p));
        if (!string.IsNullOrWhiteSpace(country))
        {
            var c = country.Trim().ToUpperInvariant();
            q = q.Where(e => db.Organisations.Any(o => (o.Id == e.RequestingOrganisationId || o.Id == e.ProvidingOrganisationId) && o.CountryCode == c));
        }
        if (Enum.TryParse<ExchangeStatus>(status, true, out var s)) q = q.Where(e => e.Status == s);
        var rows = await q.OrderByDescending(e => e.Id).Take(100).ToListAsync(ct);
        return TypedResults.Ok(new ListResponse<ExchangeItem>(rows.Select(e => e.AsExchangeItem(a.CanManage(e))).ToList(), rows.Count, 1, 100));
    }
}
