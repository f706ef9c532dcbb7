using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Practices;

/// <summary>The practice page. Readers see the published revision; authors and reviewers see the working copy,
/// marked as such, so nothing unreviewed ever reaches the public.</summary>
public class ShowModel(AppDb db, PracticeWriter writer, Endorsements endorsements, DecentWork.Search.SearchVocabulary vocabulary, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record OrgView(int Id, string Name, string? Acronym, ConstituentGroup Group, string? Role, string? CountryCode, bool IsSample);
    public sealed record EndorsementView(string Organisation, ConstituentGroup Group, string? Statement, string? StatementLanguage, DateTime At, bool IsSample);

    public Practice Practice { get; private set; } = null!;
    public PracticeContent Content { get; private set; } = null!;
    public bool WorkingCopy { get; private set; }
    public string Shown { get; private set; } = "";
    public TextContent Text { get; private set; } = new();
    public List<string> Available { get; private set; } = [];
    public bool Explicit { get; private set; }
    public string CanonicalSlug { get; private set; } = "";

    public List<(string Code, string Name)> Countries { get; private set; } = [];
    public List<(string Id, string Label)> Themes { get; private set; } = [];
    public List<string> Pillars { get; private set; } = [];
    public List<(string Id, string Title)> SdgTargets { get; private set; } = [];
    public List<(string Code, string Title)> Standards { get; private set; } = [];
    public List<OrgView> Organisations { get; private set; } = [];
    public List<EndorsementView> EndorsementList { get; private set; } = [];

    public bool CanEdit { get; private set; }
    public bool CanSeeHistory { get; private set; }
    public OrgView? EndorsingOrganisation { get; private set; }
    public bool JustEndorsed { get; private set; }
    public List<DecentWork.Search.SimilarPractice> Similar { get; private set; } = [];
    public List<DecentWork.Cooperation.SharedExchange> SharedWith { get; private set; } = [];

    [BindProperty] public string? Statement { get; set; }
    public string? StatementError { get; private set; }

    /// <summary>This practice's URL in the UI language, showing the text in <paramref name="show"/> (default: the UI language,
    /// else the original), with that text's slug so the link needs no redirect.</summary>
    public string Url(string? show = null)
    {
        var slug = show is null ? DefaultSlug : Content.Texts.TryGetValue(show, out var t) ? Slug.From(t.Title) : CanonicalSlug;
        return $"/{HttpContext.Lang()}/practices/{Practice.Id}/{Uri.EscapeDataString(slug)}" + (show is null ? "" : $"?show={show}");
    }

    private string DefaultSlug => Slug.From(Content.Texts.GetValueOrDefault(DefaultLanguage)?.Title);
    public string DefaultLanguage => Available.Contains(HttpContext.Lang()) ? HttpContext.Lang() : Available.Contains(Content.Language) ? Content.Language : Available.FirstOrDefault() ?? Content.Language;

    public async Task<IActionResult> OnGetAsync(int id, string? slug, string? show, [FromServices] DecentWork.Search.SimilarPractices similar, CancellationToken ct)
    {
        if (!await LoadAsync(id, show, ct)) return NotFound();
        if (slug != CanonicalSlug)
            return RedirectPermanent($"/{HttpContext.Lang()}/practices/{id}/{Uri.EscapeDataString(CanonicalSlug)}{Request.QueryString}");
        // The working copy (authors, reviewers) by its version, negated so it never meets a published revision's id.
        var revision = WorkingCopy ? -(long)Practice.Version - 1 : Practice.PublishedRevisionId ?? 0;
        Similar = await similar.FindAsync(id, revision, Content, HttpContext.Lang(), 5, ct);
        SharedWith = await DecentWork.Cooperation.CooperationViews.ForPracticeAsync(db, id, HttpContext.Lang(), ct);
        JustEndorsed = Request.Query.ContainsKey("endorsed") && EndorsingOrganisation is null
            && HttpContext.Actor().OrganisationId is { } org && await db.Endorsements.AnyAsync(e => e.PracticeId == id && e.OrganisationId == org, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEndorseAsync(int id, string? show, CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        if (!actor.IsAuthenticated) return Challenge();
        var result = await endorsements.EndorseAsync(id, actor, Statement, ct);
        if (result.NotFound) return NotFound();
        if (result.Forbidden) return Forbid();
        if (!await LoadAsync(id, show, ct)) return NotFound();
        if (result.Item is not null) return Redirect(Url(show) + (show is null ? "?" : "&") + "endorsed=1#endorsements");
        StatementError = result.Errors is { Count: > 0 } errors ? t.Message(errors[0]) : t["Error.AlreadyEndorsed"];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, string? show, CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var actor = HttpContext.Actor();
        var p = await db.Practices.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return false;
        Practice = p;
        CanEdit = actor.CanEdit(p);
        CanSeeHistory = CanEdit || actor.IsReviewer;
        if (CanSeeHistory)
        {
            WorkingCopy = true;
            Content = PracticeContent.From((await writer.LoadAsync(id, ct))!);
        }
        else if (p.IsPublic)
        {
            var snapshot = await db.Revisions.AsNoTracking().Where(r => r.Id == p.PublishedRevisionId).Select(r => r.Snapshot).FirstOrDefaultAsync(ct);
            if (snapshot is null) return false;
            Content = PracticeContent.Deserialize(snapshot);
        }
        else return false;

        Available = Content.Texts.Where(kv => kv.Value.Title.Length > 0 || kv.Value.Summary.Length > 0).Select(kv => kv.Key)
            .OrderBy(l => l == Content.Language ? 0 : 1).ThenBy(l => Array.IndexOf(Languages.Supported, l)).ToList();
        if (Available.Count == 0) Available = Content.Texts.Keys.ToList();
        var wanted = Languages.Normalize(show);
        Explicit = wanted is not null && Available.Contains(wanted);
        Shown = Explicit ? wanted! : DefaultLanguage;
        Text = Content.Texts.GetValueOrDefault(Shown) ?? new TextContent();
        CanonicalSlug = Slug.From(Text.Title);

        await LoadMetadataAsync(lang, actor, ct);
        return true;
    }

    private async Task LoadMetadataAsync(string lang, Accounts.Actor actor, CancellationToken ct)
    {
        var c = Content;
        // Names of countries, concepts, pillars, SDG targets and standards come from the cached search vocabulary
        // (refreshed on a thesaurus import): five queries fewer on the site's most read page.
        var v = await vocabulary.GetAsync(ct);
        var names = v.NamesIn(lang);
        Countries = c.Countries.Where(names.Countries.ContainsKey).Select(code => (code, names.Countries[code]))
            .OrderBy(x => x.Item2, StringComparer.CurrentCulture).ToList();
        Themes = c.Themes.Select(id => (id, names.Themes.GetValueOrDefault(id, id))).ToList();
        Pillars = c.Pillars.Where(names.Pillars.ContainsKey).Distinct()
            .OrderBy(id => v.PillarPosition.GetValueOrDefault(id)).Select(id => names.Pillars[id]).ToList();
        SdgTargets = c.SdgTargets.Select(id => (id, names.SdgTargets.GetValueOrDefault(id, ""))).ToList();
        Standards = c.Standards.Select(code => (code, names.Standards.GetValueOrDefault(code, ""))).ToList();

        var orgIds = c.Organisations.Select(o => o.Id).ToList();
        if (actor.OrganisationId is { } own) orgIds.Add(own);
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        Organisations = c.Organisations.Where(o => orgs.ContainsKey(o.Id)).Select(r =>
        {
            var org = orgs[r.Id];
            return new OrgView(org.Id, org.DisplayName(lang), org.Acronym, org.Group, r.Role, org.CountryCode, org.IsSample);
        }).ToList();

        var rows = await db.Endorsements.AsNoTracking().Where(e => e.PracticeId == Practice.Id).OrderBy(e => e.CreatedAt)
            .Select(e => new { e.OrganisationId, e.Organisation!.Name, e.Organisation.NameFr, e.Organisation.NameEs, e.Organisation.NameZh, e.Group, e.Statement, e.StatementLanguage, e.CreatedAt, e.IsSample })
            .ToListAsync(ct);
        EndorsementList = rows.Select(e => new EndorsementView(Languages.Pick(lang, e.Name, e.NameFr, e.NameEs, e.NameZh), e.Group, e.Statement, e.StatementLanguage, e.CreatedAt, e.IsSample)).ToList();

        // Only a signed-in member of a government, workers' or employers' organisation that has not endorsed yet sees the form.
        if (Practice.IsPublic && actor.OrganisationId is { } orgId && orgs.TryGetValue(orgId, out var mine)
            && Organisation.CanEndorse(mine.Group) && rows.All(e => e.OrganisationId != orgId))
            EndorsingOrganisation = new OrgView(mine.Id, mine.DisplayName(lang), mine.Acronym, mine.Group, null, mine.CountryCode, mine.IsSample);
    }
}
