using System.Security.Claims;
using DecentWork.Cooperation;
using DecentWork.Practices;

namespace DecentWork.Accounts;

/// <summary>Who is acting, as the permission rules need it: read once from the claims of a cookie or a bearer token.</summary>
public sealed record Actor(string? UserId, string? Name, IReadOnlySet<string> Roles, int? OrganisationId)
{
    public const string OrganisationClaim = "dwx:org";

    public static readonly Actor Anonymous = new(null, null, new HashSet<string>(), null);
    public static readonly Actor System = new(null, "system", new HashSet<string> { Accounts.Roles.Admin }, null);

    public bool IsAuthenticated => UserId is not null || this == System;
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);
    public bool IsEditor => IsAdmin || Roles.Contains(Accounts.Roles.Editor);
    public bool IsReviewer => IsEditor || Roles.Contains(Accounts.Roles.Reviewer);
    public bool IsContributor => Roles.Contains(Accounts.Roles.Contributor);
    public bool IsBroker => IsAdmin || Roles.Contains(Accounts.Roles.Broker);

    public static Actor From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return Anonymous;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        int? org = int.TryParse(user.FindFirstValue(OrganisationClaim), out var o) ? o : null;
        return new Actor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, roles, org);
    }

    // The rules below are the whole of who may do what to a practice; endpoints and pages only ask them.

    public bool CanCreate => IsEditor || (IsContributor && OrganisationId is not null);

    public bool CanEdit(Practice p) => IsEditor || (IsContributor && OrganisationId is not null && p.OwnerOrganisationId == OrganisationId);

    public bool CanSee(Practice p) => p.IsPublic || IsReviewer || CanEdit(p);

    public bool CanApply(Practice p, WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => CanEdit(p),
        _ => IsReviewer,
    };

    // Projects are a donor's published data: only editors bring them in (IATI import) or tie them to practices.

    public bool CanImportProjects => IsEditor;

    public bool CanLinkProjects => IsEditor;

    // Cooperation. An organisation speaks for itself: only its members post or edit its requests and offers, accept a
    // match on its side, and (on the requesting side) report the outcome. Brokers arrange: they confirm matches and
    // may close, reopen or cancel, but never accept or report on an organisation's behalf.

    public bool IsMemberOf(int organisationId) => UserId is not null && OrganisationId == organisationId;

    public bool CanPostForOrganisation => UserId is not null && OrganisationId is not null;

    public bool CanEdit(CooperationRequest r) => IsMemberOf(r.OrganisationId) || IsAdmin;

    public bool CanEdit(Offer o) => IsMemberOf(o.OrganisationId) || IsAdmin;

    public bool CanApply(CooperationRequest r, RequestAction action) => action switch
    {
        RequestAction.Close or RequestAction.Reopen => CanEdit(r) || IsBroker,
        _ => false, // Match, Start and Complete follow from the match and the exchange, never asked for directly
    };

    public bool CanPropose(CooperationRequest r) => CanEdit(r) || IsBroker;

    public bool CanConfirmMatch => IsBroker;

    public bool CanSee(Match m) => IsBroker || IsMemberOf(m.RequestingOrganisationId) || IsMemberOf(m.ProvidingOrganisationId);

    public bool CanDecline(Match m) => CanSee(m);

    public bool IsRequestingSide(Exchange e) => IsMemberOf(e.RequestingOrganisationId);

    public bool CanManage(Exchange e) => IsBroker || IsMemberOf(e.RequestingOrganisationId) || IsMemberOf(e.ProvidingOrganisationId);

    public bool CanReportOutcome(Exchange e) => IsRequestingSide(e);
}
