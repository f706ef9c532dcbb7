using System.Security.Claims;
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
}
