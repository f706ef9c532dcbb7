using System.Text.Json;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

/// <summary>What a write came to, for the API (status + problem) and the pages (messages next to fields) alike.</summary>
public sealed record Outcome<T>(T? Value, int Status, List<FieldError>? Errors = null, string? Detail = null)
{
    public bool Ok => Status < 300;
    public static Outcome<T> Done(T value, int status = 200) => new(value, status);
    public static Outcome<T> Invalid(List<FieldError> e) => new(default, 400, e);
    public static readonly Outcome<T> NotFound = new(default, 404);
    public static readonly Outcome<T> Forbidden = new(default, 403);
    public static Outcome<T> Conflict(string detail) => new(default, 409, Detail: detail);
}

/// <summary>Every write of the cooperation pipeline, in one place so the API and the pages apply the same rules:
/// Actor says who may, the entities say what may happen next, and each event that followers hear about is written
/// in the same transaction as the change.</summary>
public sealed class CooperationWorkflow(AppDb db, CooperationValidator validator, Suggestions suggestions, CooperationNotifier notifier, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<CooperationRequest?> LoadRequestAsync(int id, CancellationToken ct)
        => db.CooperationRequests.Include(r => r.Themes).FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<Outcome<CooperationRequest>> CreateRequestAsync(Actor actor, RequestInput input, CancellationToken ct)
    {
        var org = actor.IsAdmin && input.OrganisationId is { } o ? o : actor.OrganisationId;
        if (!actor.CanPostForOrganisation && !(actor.IsAdmin && org is not null)) return Outcome<CooperationRequest>.Forbidden;
        var c = await validator.RequestAsync(input, ct);
        if (org is not null && !await db.Organisations.AnyAsync(x => x.Id == org, ct)) c.Errors.Add(new("organisationId", "UnknownOrganisation", org));
        if (c.Errors.Count > 0) return Outcome<CooperationRequest>.Invalid(c.Errors);
        var r = new CooperationRequest
        {
            OrganisationId = org!.Value, Title = input.Title!.Trim(), Need = input.Need!.Trim(), NeedLanguage = c.Language!, CountryCode = c.Country!,
            CreatedById = actor.UserId, CreatedAt = Now, UpdatedAt = Now,
        };
        Fill(r, c);
        db.CooperationRequests.Add(r);
        await db.SaveChangesAsync(ct);
        db.CoopEvents.Add(new CoopEvent { Kind = CoopEventKind.RequestPosted, RequestId = r.Id, At = Now });
        await db.SaveChangesAsync(ct);
        notifier.Nudge();
        return Outcome<CooperationRequest>.Done(r, 201);
    }

    private static void Fill(CooperationRequest r, CooperationValidator.Checked c)
    {
        r.CountryCode = c.Country!;
        r.NeedLanguage = c.Language!;
        r.Modalities = c.Modalities;
        r.WorkingLanguages = string.Join(' ', c.Languages);
        r.From = c.From;
        r.To = c.To;
        r.Themes.RemoveAll(t => !c.Themes.Contains(t.ConceptId));
        foreach (var t in c.Themes.Where(t => !r.Themes.Any(x => x.ConceptId == t))) r.Themes.Add(new RequestTheme { ConceptId = t });
    }

    public async Task<Outcome<CooperationRequest>> UpdateRequestAsync(Actor actor, int id, RequestInput input, CancellationToken ct)
    {
        var r = await LoadRequestAsync(id, ct);
        if (r is null) return Outcome<CooperationRequest>.NotFound;
        if (!actor.CanEdit(r)) return Outcome<CooperationRequest>.Forbidden;
        if (!r.IsEditable) return Outcome<CooperationRequest>.Conflict($"A request that is {r.Status} can no longer be edited.");
        var c = await validator.RequestAsync(input, ct);
        if (c.Errors.Count > 0) return Outcome<CooperationRequest>.Invalid(c.Errors);
        r.Title = input.Title!.Trim();
        r.Need = input.Need!.Trim();
        Fill(r, c);
        r.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return Outcome<CooperationRequest>.Done(r);
    }

    public static RequestAction? ParseAction(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "close" => RequestAction.Close,
        "reopen" => RequestAction.Reopen,
        "match" => RequestAction.Match,
        "start" => RequestAction.Start,
        "complete" => RequestAction.Complete,
        _ => null,
    };

    public async Task<Outcome<CooperationRequest>> TransitionRequestAsync(Actor actor, int id, string? action, CancellationToken ct)
    {
        if (ParseAction(action) is not { } a) return Outcome<CooperationRequest>.Invalid([new("action", "InvalidChoice", action)]);
        var r = await LoadRequestAsync(id, ct);
        if (r is null) return Outcome<CooperationRequest>.NotFound;
        if (!actor.CanApply(r, a))
            // Match, start and complete are never asked for directly: they are a conflict for whoever could act on the request.
            return actor.CanEdit(r) || actor.IsBroker ? Outcome<CooperationRequest>.Conflict($"'{action}' follows from the match and the exchange; it cannot be asked for.") : Outcome<CooperationRequest>.Forbidden;
        if (!r.CanApply(a)) return Outcome<CooperationRequest>.Conflict($"'{action}' is not allowed when the request is {r.Status}.");
        r.Apply(a, Now);
        // Closing the request ends what hangs on it: open matches are declined.
        if (a == RequestAction.Close)
            foreach (var m in await db.Matches.Where(m => m.RequestId == id && (m.Status == MatchStatus.Proposed || m.Status == MatchStatus.Confirmed)).ToListAsync(ct)) m.Decline();
        await db.SaveChangesAsync(ct);
        return Outcome<CooperationRequest>.Done(r);
    }

    public async Task<Outcome<Offer>> SaveOfferAsync(Actor actor, int? id, OfferInput input, CancellationToken ct)
    {
        Offer? o = null;
        if (id is not null)
        {
            o = await db.Offers.Include(x => x.Practices).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (o is null) return Outcome<Offer>.NotFound;
            if (!actor.CanEdit(o)) return Outcome<Offer>.Forbidden;
        }
        var org = o?.OrganisationId ?? (actor.IsAdmin && input.OrganisationId is { } x2 ? x2 : actor.OrganisationId);
        if (o is null && !actor.CanPostForOrganisation && !(actor.IsAdmin && org is not null)) return Outcome<Offer>.Forbidden;
        if (org is null || !await db.Organisations.AnyAsync(x => x.Id == org, ct)) return Outcome<Offer>.Invalid([new("organisationId", "UnknownOrganisation", org)]);
        var (c, practices) = await validator.OfferAsync(input, org.Value, ct);
        if (c.Errors.Count > 0) return Outcome<Offer>.Invalid(c.Errors);
        if (o is null)
        {
            o = new Offer { OrganisationId = org.Value, Title = "", Text = "", TextLanguage = "", CreatedById = actor.UserId, CreatedAt = Now };
            db.Offers.Add(o);
        }
        o.Title = input.Title!.Trim();
        o.Text = input.Text!.Trim();
        o.TextLanguage = c.Language!;
        o.Modalities = c.Modalities;
        o.WorkingLanguages = string.Join(' ', c.Languages);
        o.CapacityPerYear = input.CapacityPerYear!.Value;
        if (input.Active is { } active) o.IsActive = active;
        o.Practices.RemoveAll(p => !practices.Contains(p.PracticeId));
        foreach (var p in practices.Where(p => !o.Practices.Any(x => x.PracticeId == p))) o.Practices.Add(new OfferPractice { PracticeId = p });
        o.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return Outcome<Offer>.Done(o, id is null ? 201 : 200);
    }

    public async Task<Outcome<Match>> ProposeAsync(Actor actor, MatchInput input, CancellationToken ct)
    {
        var e = new List<FieldError>();
        if (input.RequestId is null) e.Add(new("requestId", "Required"));
        if (input.OfferId is null && input.PracticeId is null) e.Add(new("offerId", "Required"));
        if (e.Count > 0) return Outcome<Match>.Invalid(e);
        var r = await LoadRequestAsync(input.RequestId!.Value, ct);
        if (r is null) return Outcome<Match>.NotFound;
        if (!actor.CanPropose(r)) return Outcome<Match>.Forbidden;
        if (r.Status is not (RequestStatus.Open or RequestStatus.Matched)) return Outcome<Match>.Conflict($"A request that is {r.Status} takes no new matches.");
        int? provider = null;
        Offer? offer = null;
        if (input.OfferId is { } oid)
        {
            offer = await db.Offers.AsNoTracking().Include(o => o.Practices).FirstOrDefaultAsync(o => o.Id == oid && o.IsActive, ct);
            if (offer is null) e.Add(new("offerId", "UnknownOffer", oid));
            else provider = offer.OrganisationId;
        }
        if (input.PracticeId is { } pid)
        {
            var p = await db.Practices.AsNoTracking().Where(p => p.Id == pid && p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn)
                .Select(p => new { p.OwnerOrganisationId, Lead = p.Organisations.OrderBy(o => o.Position).Select(o => (int?)o.OrganisationId).FirstOrDefault() }).FirstOrDefaultAsync(ct);
            if (p is null) e.Add(new("practiceId", "UnknownPractice", pid));
            else if (offer is not null && !offer.Practices.Any(x => x.PracticeId == pid)) e.Add(new("practiceId", "NotInOffer", pid));
            else provider ??= p.OwnerOrganisationId ?? p.Lead;
            if (p is not null && provider is null) e.Add(new("practiceId", "NoProvider", pid));
        }
        if (e.Count > 0) return Outcome<Match>.Invalid(e);
        if (provider == r.OrganisationId) return Outcome<Match>.Invalid([new(input.OfferId is null ? "practiceId" : "offerId", "OwnOrganisation")]);
        if (await db.Matches.AnyAsync(m => m.RequestId == r.Id && m.OfferId == input.OfferId && m.PracticeId == input.PracticeId
                && (m.Status == MatchStatus.Proposed || m.Status == MatchStatus.Confirmed), ct))
            return Outcome<Match>.Conflict("This match is already proposed.");

        // The score and reasons the suggestion had, frozen so the broker later sees why it was proposed.
        var (ps, os) = await suggestions.ForAsync(r, "en", 50, ct);
        var s = input.OfferId is { } o2 ? os.FirstOrDefault(x => x.Id == o2) : ps.FirstOrDefault(x => x.Id == input.PracticeId);
        var m = new Match
        {
            RequestId = r.Id, OfferId = input.OfferId, PracticeId = input.PracticeId, RequestingOrganisationId = r.OrganisationId,
            ProvidingOrganisationId = provider!.Value, Score = s?.Score ?? 0, Reasons = JsonSerializer.Serialize(s?.Reasons ?? [], Json),
            ProposedById = actor.UserId, CreatedAt = Now,
        };
        db.Matches.Add(m);
        await db.SaveChangesAsync(ct);
        return Outcome<Match>.Done(m, 201);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Outcome<Match>> ConfirmAsync(Actor actor, int id, CancellationToken ct)
    {
        var m = await db.Matches.Include(x => x.Request).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Outcome<Match>.NotFound;
        if (!actor.CanConfirmMatch) return actor.CanSee(m) ? Outcome<Match>.Forbidden : Outcome<Match>.NotFound;
        if (m.Status != MatchStatus.Proposed) return Outcome<Match>.Conflict($"Only a proposed match can be confirmed; this one is {m.Status}.");
        var r = m.Request!;
        if (r.Status is not (RequestStatus.Open or RequestStatus.Matched)) return Outcome<Match>.Conflict($"A request that is {r.Status} takes no new matches.");
        m.Confirm(actor.UserId, Now);
        if (r.Status == RequestStatus.Open) r.Apply(RequestAction.Match, Now);
        db.CoopEvents.Add(new CoopEvent { Kind = CoopEventKind.MatchConfirmed, RequestId = r.Id, MatchId = m.Id, At = Now });
        await db.SaveChangesAsync(ct);
        notifier.Nudge();
        return Outcome<Match>.Done(m);
    }

    /// <summary>The acting member's side accepts; when both have, the exchange is created.</summary>
    public async Task<Outcome<Match>> AcceptAsync(Actor actor, int id, CancellationToken ct)
    {
        var m = await db.Matches.Include(x => x.Request).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Outcome<Match>.NotFound;
        var requester = actor.IsMemberOf(m.RequestingOrganisationId);
        if (!requester && !actor.IsMemberOf(m.ProvidingOrganisationId)) return actor.CanSee(m) ? Outcome<Match>.Forbidden : Outcome<Match>.NotFound;
        if (m.Status != MatchStatus.Confirmed) return Outcome<Match>.Conflict($"Only a confirmed match can be accepted; this one is {m.Status}.");
        if (!m.Accept(requester, Now)) { await db.SaveChangesAsync(ct); return Outcome<Match>.Done(m); }
        var r = m.Request!;
        var offerModalities = m.OfferId is { } oid ? await db.Offers.Where(o => o.Id == oid).Select(o => o.Modalities).FirstAsync(ct) : r.Modalities;
        var common = Modalities.Split(r.Modalities & offerModalities).Concat(Modalities.Split(r.Modalities)).FirstOrDefault();
        var ex = new Exchange
        {
            RequestId = r.Id, MatchId = m.Id, OfferId = m.OfferId, PracticeId = m.PracticeId, RequestingOrganisationId = m.RequestingOrganisationId,
            ProvidingOrganisationId = m.ProvidingOrganisationId, Modality = common, StartDate = r.From, EndDate = r.To, CreatedAt = Now, UpdatedAt = Now,
        };
        db.Exchanges.Add(ex);
        // The other matches on this request are no longer needed.
        foreach (var other in await db.Matches.Where(x => x.RequestId == r.Id && x.Id != m.Id && (x.Status == MatchStatus.Proposed || x.Status == MatchStatus.Confirmed)).ToListAsync(ct)) other.Decline();
        await db.SaveChangesAsync(ct);
        db.CoopEvents.Add(new CoopEvent { Kind = CoopEventKind.ExchangeCreated, RequestId = r.Id, MatchId = m.Id, ExchangeId = ex.Id, At = Now });
        await db.SaveChangesAsync(ct);
        notifier.Nudge();
        return Outcome<Match>.Done(m);
    }

    public async Task<Outcome<Match>> DeclineAsync(Actor actor, int id, CancellationToken ct)
    {
        var m = await db.Matches.Include(x => x.Request).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !actor.CanSee(m)) return Outcome<Match>.NotFound;
        if (m.Status is not (MatchStatus.Proposed or MatchStatus.Confirmed)) return Outcome<Match>.Conflict($"A match that is {m.Status} cannot be declined.");
        m.Decline();
        // The last confirmed match gone: the request goes back on the board.
        if (m.Request!.Status == RequestStatus.Matched && !await db.Matches.AnyAsync(x => x.RequestId == m.RequestId && x.Id != m.Id && x.Status == MatchStatus.Confirmed, ct))
            m.Request.Apply(RequestAction.Reopen, Now);
        await db.SaveChangesAsync(ct);
        return Outcome<Match>.Done(m);
    }

    private async Task<(Exchange? Exchange, Outcome<Exchange>? Refused)> LoadExchangeAsync(Actor actor, int id, Func<Actor, Exchange, bool> may, CancellationToken ct)
    {
        var ex = await db.Exchanges.Include(x => x.Request).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (ex is null) return (null, Outcome<Exchange>.NotFound);
        if (!may(actor, ex)) return (null, Outcome<Exchange>.Forbidden);
        return (ex, null);
    }

    public async Task<Outcome<Exchange>> UpdateExchangeAsync(Actor actor, int id, ExchangeInput input, CancellationToken ct)
    {
        var (ex, refused) = await LoadExchangeAsync(actor, id, (a, e) => a.CanManage(e), ct);
        if (ex is null) return refused!;
        var e = new List<FieldError>();
        CooperationValidator.Text(e, "participants", input.Participants, CooperationLimits.Participants, required: false);
        var modality = input.Modality is null ? ex.Modality : Modalities.Parse(input.Modality) ?? Modality.None;
        if (modality == Modality.None) e.Add(new("modality", "InvalidChoice", input.Modality));
        var start = CooperationValidator.Date(e, "start", input.Start);
        var end = CooperationValidator.Date(e, "end", input.End);
        if (start is not null && end is not null && end < start) e.Add(new("end", "EndBeforeStart"));
        if (e.Count > 0) return Outcome<Exchange>.Invalid(e);
        if (ex.Status is not (ExchangeStatus.Planned or ExchangeStatus.InProgress)) return Outcome<Exchange>.Conflict($"An exchange that is {ex.Status} is closed.");
        ex.Participants = input.Participants?.Trim() ?? "";
        ex.Modality = modality;
        ex.StartDate = start;
        ex.EndDate = end;
        ex.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return Outcome<Exchange>.Done(ex);
    }

    public async Task<Outcome<Exchange>> StartAsync(Actor actor, int id, CancellationToken ct)
    {
        var (ex, refused) = await LoadExchangeAsync(actor, id, (a, e) => a.CanManage(e), ct);
        if (ex is null) return refused!;
        if (ex.Status != ExchangeStatus.Planned || !ex.Request!.CanApply(RequestAction.Start))
            return Outcome<Exchange>.Conflict($"Only a planned exchange can start; this one is {ex.Status}.");
        ex.Start(Now);
        ex.Request.Apply(RequestAction.Start, Now);
        await db.SaveChangesAsync(ct);
        return Outcome<Exchange>.Done(ex);
    }

    public async Task<Outcome<Exchange>> ReportOutcomeAsync(Actor actor, int id, OutcomeInput input, CancellationToken ct)
    {
        var (ex, refused) = await LoadExchangeAsync(actor, id, (a, e) => a.CanReportOutcome(e), ct);
        if (ex is null) return refused!;
        var e = new List<FieldError>();
        CooperationValidator.Text(e, "outcome", input.Outcome, CooperationLimits.Text);
        var lang = CooperationValidator.Language(e, "language", input.Language);
        if (input.Rating is null) e.Add(new("rating", "Required"));
        else if (input.Rating is < 1 or > 5) e.Add(new("rating", "OutOfRange", 5));
        if (e.Count > 0) return Outcome<Exchange>.Invalid(e);
        if (ex.Status != ExchangeStatus.InProgress || !ex.Request!.CanApply(RequestAction.Complete))
            return Outcome<Exchange>.Conflict($"An outcome is reported on an exchange in progress; this one is {ex.Status}.");
        ex.ReportOutcome(input.Outcome!.Trim(), lang!, input.Rating!.Value, actor.UserId, Now);
        ex.Request.Apply(RequestAction.Complete, Now);
        db.CoopEvents.Add(new CoopEvent { Kind = CoopEventKind.OutcomeReported, RequestId = ex.RequestId, MatchId = ex.MatchId, ExchangeId = ex.Id, At = Now });
        await db.SaveChangesAsync(ct);
        notifier.Nudge();
        return Outcome<Exchange>.Done(ex);
    }

    public async Task<Outcome<Exchange>> CancelAsync(Actor actor, int id, CancellationToken ct)
    {
        var (ex, refused) = await LoadExchangeAsync(actor, id, (a, e) => a.CanManage(e), ct);
        if (ex is null) return refused!;
        if (ex.Status is not (ExchangeStatus.Planned or ExchangeStatus.InProgress)) return Outcome<Exchange>.Conflict($"An exchange that is {ex.Status} cannot be cancelled.");
        ex.Cancel(Now);
        if (ex.Request!.CanApply(RequestAction.Reopen)) ex.Request.Apply(RequestAction.Reopen, Now);
        await db.SaveChangesAsync(ct);
        return Outcome<Exchange>.Done(ex);
    }

    public static FollowKind? ParseKind(string? s) => Enum.TryParse<FollowKind>(s?.Trim(), true, out var k) && Enum.IsDefined(k) ? k : null;

    public async Task<Outcome<Follow>> FollowAsync(Actor actor, FollowInput input, CancellationToken ct)
    {
        if (actor.UserId is null) return Outcome<Follow>.Forbidden;
        var kind = ParseKind(input.Kind);
        if (kind is null) return Outcome<Follow>.Invalid([new("kind", "InvalidChoice", input.Kind)]);
        var target = input.Target?.Trim() ?? "";
        var exists = kind switch
        {
            FollowKind.Theme => await db.Concepts.AnyAsync(c => c.Id == target, ct),
            FollowKind.Country => (target = target.ToUpperInvariant()).Length == 3 && await db.Countries.AnyAsync(c => c.Code == target, ct),
            FollowKind.Organisation => int.TryParse(target, out var o) && await db.Organisations.AnyAsync(x => x.Id == o, ct),
            _ => int.TryParse(target, out var r) && await db.CooperationRequests.AnyAsync(x => x.Id == r, ct),
        };
        if (!exists) return Outcome<Follow>.Invalid([new("target", target.Length == 0 ? "Required" : "UnknownTarget", target)]);
        var f = await db.Follows.FirstOrDefaultAsync(x => x.UserId == actor.UserId && x.Kind == kind && x.Target == target, ct);
        if (f is not null) return Outcome<Follow>.Done(f);
        f = new Follow { UserId = actor.UserId, Kind = kind.Value, Target = target, CreatedAt = Now };
        db.Follows.Add(f);
        await db.SaveChangesAsync(ct);
        return Outcome<Follow>.Done(f, 201);
    }

    public async Task<Outcome<Follow>> UnfollowAsync(Actor actor, int id, CancellationToken ct)
    {
        var f = await db.Follows.FirstOrDefaultAsync(x => x.Id == id && x.UserId == actor.UserId, ct);
        if (f is null) return Outcome<Follow>.NotFound;
        db.Follows.Remove(f);
        await db.SaveChangesAsync(ct);
        return Outcome<Follow>.Done(f, 204);
    }
}
