using System.Text;
using System.Text.Json;
using DecentWork.Organisations;
using DecentWork.Practices;

namespace DecentWork.OpenData;

/// <summary>A page of practices as the export reads them: the practice rows in id order, each with what its record
/// needs, and every organisation by id.</summary>
public sealed class ExportPage(List<ExportRow> rows, IReadOnlyDictionary<int, ExportOrganisation> organisations)
{
    public List<ExportRow> Rows { get; } = rows;
    public IReadOnlyDictionary<int, ExportOrganisation> Organisations { get; } = organisations;
}

/// <summary>One practice: the entity with the collections its record needs filled in (in the public export only its
/// texts' languages and authors, and its endorsements: the content comes from the published revision), and its
/// revisions with their snapshots as stored (UTF-8).</summary>
public sealed class ExportRow(Practice practice)
{
    public Practice Practice { get; } = practice;
    /// <summary>The number of the revision named by <see cref="Practice.PublishedRevisionId"/>, if it is one of this practice's.</summary>
    public int? PublishedNumber { get; set; }
    public List<RevisionRow> Revisions { get; } = [];
}

public sealed record RevisionRow(int Id, int Number, DateTime CreatedAt, string? UserName, string? Note, string? ChangedFields, byte[] Snapshot)
{
    /// <summary>As the entity's string would have been (a database's text read as UTF-8, bad bytes replaced).</summary>
    public PracticeContent Content() => PracticeContent.Deserialize(Encoding.UTF8.GetString(Snapshot));
}

/// <summary>An organisation with the values an export record repeats for it, encoded once.</summary>
public sealed class ExportOrganisation
{
    public ExportOrganisation(Organisation o)
    {
        Entity = o;
        Key = Encode(o.Key);
        Name = Encode(o.Name);
        Acronym = Encode(o.Acronym);
        Group = Encode(o.Group.ToString());
        Country = Encode(o.CountryCode);
        NameFr = Encode(o.NameFr);
        NameEs = Encode(o.NameEs);
        NameZh = Encode(o.NameZh);
    }

    public Organisation Entity { get; }
    internal JsonEncodedText? Key { get; }
    internal JsonEncodedText? Name { get; }
    internal JsonEncodedText? Acronym { get; }
    internal JsonEncodedText? Group { get; }
    internal JsonEncodedText? Country { get; }
    internal JsonEncodedText? NameFr { get; }
    internal JsonEncodedText? NameEs { get; }
    internal JsonEncodedText? NameZh { get; }

    private static JsonEncodedText? Encode(string? s) => s is null ? null : JsonEncodedText.Encode(s, PracticeContent.Json.Encoder);
}

/// <summary>The export record of a row as an object, by the mapping the export always had: for the CSV, and for the
/// JSON Lines records whose snapshots <see cref="SnapshotView"/> cannot copy as they are.</summary>
public static class ExportRecords
{
    public static ExportRecord From(ExportRow row, IReadOnlyDictionary<int, ExportOrganisation> orgs, bool publicOnly)
    {
        var p = row.Practice;
        var snapshots = row.Revisions.ToDictionary(r => r.Number, r => r.Content());
        var published = row.Revisions.FirstOrDefault(r => r.Id == p.PublishedRevisionId);
        // The public sees the published revision and the history up to it; unreviewed edits stay private.
        var content = publicOnly && published is not null ? snapshots[published.Number] : PracticeContent.From(p);
        var revisions = row.Revisions.Where(r => !publicOnly || r.Number <= published!.Number).OrderBy(r => r.Number)
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
                var o = orgs.GetValueOrDefault(e.OrganisationId)?.Entity;
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

    private static OrganisationRecord Org(int id, string? role, IReadOnlyDictionary<int, ExportOrganisation> orgs)
        => orgs.GetValueOrDefault(id)?.Entity is { } o
            ? new OrganisationRecord(o.Id, o.Key, o.Name, o.Acronym, o.Group.ToString(), o.CountryCode, role, o.NameFr, o.NameEs, o.NameZh)
            : new OrganisationRecord(id, null, null, null, null, null, role);

    /// <summary>Snapshots name organisations by this instance's id; the key lets another instance map them back.</summary>
    private static PracticeContent WithKeys(PracticeContent c, IReadOnlyDictionary<int, ExportOrganisation> orgs)
        => c with { Organisations = c.Organisations.Select(o => o with { Key = orgs.GetValueOrDefault(o.Id)?.Entity.Key }).ToList() };
}
