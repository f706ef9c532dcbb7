using System.Runtime.CompilerServices;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>Reads practices for the bulk export in keyset pages by id, so memory holds one page whatever the size
/// of the data set and page N costs what page 1 costs.</summary>
public sealed class PracticeExport(AppDb db)
{
    /// <summary>Small enough that a page with its revision snapshots stays a few MB.</summary>
    public const int PageSize = 200;

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var lastId = 0;
        while (true)
        {
            var ids = await filter.Apply(db).Where(p => p.Id > lastId).OrderBy(p => p.Id).Select(p => p.Id).Take(PageSize).ToListAsync(ct);
            if (ids.Count == 0) yield break;
            // The page is read back as the id range it spans, the filter applied again (the same rows as `ids`), not as
            // `ids.Contains`: that sends a 200-value IN list with each of the twelve split queries below, and EF spent
            // ten times the database's time on it (bench/README.md, export: 1.0–1.5 s a page against 0.1 s).
            var (after, upTo) = (lastId, ids[^1]);
            var page = await filter.Apply(db).AsNoTracking().Where(p => p.Id > after && p.Id <= upTo)
                .Include(p => p.Texts).Include(p => p.Countries).Include(p => p.Concepts).Include(p => p.Pillars)
                .Include(p => p.SdgTargets).Include(p => p.Standards).Include(p => p.Organisations)
                .Include(p => p.Indicators).Include(p => p.Sources).Include(p => p.Revisions).Include(p => p.Endorsements)
                .AsSplitQuery().ToListAsync(ct);
            var snapshots = page.ToDictionary(p => p.Id, p => p.Revisions.ToDictionary(r => r.Number, r => PracticeContent.Deserialize(r.Snapshot)));
            // Every organisation a record names, now or in its history, in one query per page.
            var orgIds = page.SelectMany(p => p.Organisations.Select(o => o.OrganisationId).Concat(p.Endorsements.Select(e => e.OrganisationId)))
                .Concat(snapshots.Values.SelectMany(s => s.Values).SelectMany(c => c.Organisations.Select(o => o.Id))).Distinct().ToList();
            var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            foreach (var p in page.OrderBy(p => p.Id)) yield return Map(p, snapshots[p.Id], orgs, filter.PublicOnly);
            lastId = ids[^1];
        }
    }

    private static ExportRecord Map(Practice p, Dictionary<int, PracticeContent> snapshots, Dictionary<int, Organisation> orgs, bool publicOnly)
    {
        var published = p.Revisions.FirstOrDefault(r => r.Id == p.PublishedRevisionId);
        // The public sees the published revision and the history up to it; unreviewed edits stay private.
        var content = publicOnly && published is not null ? snapshots[published.Number] : PracticeContent.From(p);
        var revisions = p.Revisions.Where(r => !publicOnly || r.Number <= published!.Number).OrderBy(r => r.Number)
            .Select(r => new RevisionRecord(r.Number, r.CreatedAt, r.UserName, r.Note, r.ChangedFields, WithKeys(snapshots[r.Number], orgs))).ToList();
        var texts = p.Texts.ToDictionary(t => t.Language);
        var original = content.Texts.GetValueOrDefault(content.Language) ?? new TextContent();
        return new ExportRecord
        {
            Id = p.Id,
            Language = content.Language,
            Title = original.Title,
            Summary = original.Summary,
            Sections = original.Sections,
            Countries = content.Countries,
            Themes = content.Themes,
            Pillars = content.Pillars,
            SdgTargets = content.SdgTargets,
            Standards = content.Standards,
            Organisations = content.Organisations.Select(o => Org(o.Id, o.Role, orgs)).ToList(),
            Period = content.Period,
            Scale = content.Scale,
            Licence = content.Licence,
            Indicators = content.Indicators,
            Sources = content.Sources,
            Translations = content.Texts.Where(t => t.Key != content.Language).Select(t =>
            {
                var row = texts.GetValueOrDefault(t.Key);
                return publicOnly
                    ? new TranslationRecord(t.Key, t.Value.Title, t.Value.Summary, t.Value.Sections, "Published", row?.AuthorName)
                    : new TranslationRecord(t.Key, t.Value.Title, t.Value.Summary, t.Value.Sections, row?.Status.ToString(), row?.AuthorName, row?.UpdatedAt);
            }).ToList(),
            Endorsements = p.Endorsements.OrderBy(e => e.CreatedAt).Select(e =>
            {
                var o = orgs.GetValueOrDefault(e.OrganisationId);
                return new EndorsementRecord(e.OrganisationId, o?.Key, o?.Name, o?.Group.ToString(), o?.CountryCode, e.Statement, e.StatementLanguage, e.CreatedAt);
            }).ToList(),
            Status = publicOnly ? (p.Status == PracticeStatus.Archived ? "Archived" : "Published") : p.Status.ToString(),
            IsSample = p.IsSample,
            CreatedAt = p.CreatedAt,
            UpdatedAt = publicOnly && p.PublishedAt is { } at ? at : p.UpdatedAt,
            PublishedAt = p.PublishedAt,
            PublishedRevision = published?.Number,
            Revisions = revisions,
        };
    }

    private static OrganisationRecord Org(int id, string? role, Dictionary<int, Organisation> orgs)
        => orgs.GetValueOrDefault(id) is { } o
            ? new OrganisationRecord(o.Id, o.Key, o.Name, o.Acronym, o.Group.ToString(), o.CountryCode, role, o.NameFr, o.NameEs, o.NameZh)
            : new OrganisationRecord(id, null, null, null, null, null, role);

    /// <summary>Snapshots name organisations by this instance's id; the key lets another instance map them back.</summary>
    private static PracticeContent WithKeys(PracticeContent c, Dictionary<int, Organisation> orgs)
        => c with { Organisations = c.Organisations.Select(o => o with { Key = orgs.GetValueOrDefault(o.Id)?.Key }).ToList() };
}
