using System.Globalization;
using DecentWork.Data;
using DecentWork.OpenData;
using DecentWork.Search;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Cooperation;

/// <summary>An Atom feed for everything one can follow: the events on requests on a theme (and the narrower ones), in a
/// country, by an organisation, or of one request. Public, like the board, so any feed reader can poll it.</summary>
public static class CooperationFeeds
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static string Path(FollowKind kind, string target) => $"/feeds/cooperation/{kind.ToString().ToLowerInvariant()}/{Uri.EscapeDataString(target)}.atom";

    public static void MapCooperationFeeds(this WebApplication app)
        => app.MapGet("/feeds/cooperation/{kind}/{target}.atom", FeedAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> FeedAsync(string kind, string target, string? lang, HttpContext http, AppDb db, SearchVocabulary vocabulary,
        IStringLocalizer<SharedResource> t, PublicSite site, TimeProvider clock, CancellationToken ct)
    {
        if (CooperationWorkflow.ParseKind(kind) is not { } k) return Results.NotFound();
        lang = Languages.Normalize(lang) ?? Languages.Default;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
        var requests = db.CooperationRequests.AsNoTracking();
        string? title;
        switch (k)
        {
            case FollowKind.Theme:
                var v = await vocabulary.GetAsync(ct);
                if (!v.IsConcept(target)) return Results.NotFound();
                var under = v.Ancestors.Where(kv => kv.Key == target || kv.Value.Contains(target)).Select(kv => kv.Key).ToList();
                requests = requests.Where(r => r.Themes.Any(x => under.Contains(x.ConceptId)));
                title = await db.ConceptLabels.Where(l => l.ConceptId == target && l.Language == lang).Select(l => l.Text).FirstOrDefaultAsync(ct) ?? target;
                break;
            case FollowKind.Country:
                var code = target.ToUpperInvariant();
                var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
                if (country is null) return Results.NotFound();
                requests = requests.Where(r => r.CountryCode == code);
                title = country.Name(lang);
                break;
            case FollowKind.Organisation:
                var org = int.TryParse(target, out var o) ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == o, ct) : null;
                if (org is null) return Results.NotFound();
                requests = requests.Where(r => r.OrganisationId == org.Id);
                title = org.DisplayName(lang);
                break;
            default:
                var req = int.TryParse(target, out var rid) ? await db.CooperationRequests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == rid, ct) : null;
                if (req is null) return Results.NotFound();
                requests = requests.Where(r => r.Id == req.Id);
                title = req.Title;
                break;
        }
        var entries = await db.CoopEvents.AsNoTracking().Where(e => requests.Any(r => r.Id == e.RequestId)).OrderByDescending(e => e.Id).Take(50)
            .Join(db.CooperationRequests, e => e.RequestId, r => r.Id, (e, r) => new { e.Id, e.Kind, e.At, e.RequestId, r.Title, r.NeedLanguage })
            .ToListAsync(ct);
        var baseUrl = site.BaseUrl(http.Request);
        var host = new Uri(baseUrl).Host;
        http.Response.ContentType = "application/atom+xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        w.WriteStartDocument();
        w.WriteStartElement("feed", Atom);
        w.WriteAttributeString("xml", "lang", "http://www.w3.org/XML/1998/namespace", Languages.HtmlTag(lang));
        var self = baseUrl + Path(k, target) + "?lang=" + lang;
        w.WriteElementString("id", Atom, self);
        w.WriteElementString("title", Atom, XmlOut.Clean($"{t["Coop.FeedTitle", title]} · {t["Site.Name"]}"));
        w.WriteElementString("updated", Atom, OaiRequest.Stamp(entries.Count > 0 ? entries.Max(e => e.At) : clock.GetUtcNow().UtcDateTime));
        w.WriteStartElement("author", Atom);
        w.WriteElementString("name", Atom, t["Site.Name"]);
        w.WriteEndElement();
        w.WriteStartElement("link", Atom);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("href", self);
        w.WriteEndElement();
        foreach (var e in entries)
        {
            w.WriteStartElement("entry", Atom);
            w.WriteElementString("id", Atom, $"tag:{host},{e.At:yyyy-MM-dd}:cooperation-event/{e.Id}");
            w.WriteElementString("title", Atom, XmlOut.Clean(t["Coop.Notify." + e.Kind, e.Title]));
            w.WriteElementString("updated", Atom, OaiRequest.Stamp(e.At));
            w.WriteStartElement("link", Atom);
            w.WriteAttributeString("rel", "alternate");
            w.WriteAttributeString("type", "text/html");
            w.WriteAttributeString("href", $"{baseUrl}/{lang}/cooperation/requests/{e.RequestId}");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
        return Results.Empty;
    }
}
