using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>What an exported record carries beyond the create format, so that importing an export into an empty
/// instance gives back the same practice: its revisions, status and dates.</summary>
public sealed record ImportHistory(List<RevisionRecord> Revisions, PracticeStatus Status, DateTime? CreatedAt, DateTime? UpdatedAt,
    DateTime? PublishedAt, int? PublishedRevision, List<TranslationRecord> Translations);

/// <summary>Restores an exported practice's history in place of the single "Imported" revision a plain import writes.</summary>
public sealed class HistoryRestore(AppDb db, PracticeWriter writer)
{
    /// <param name="orgMap">Exporting instance's organisation ids → local ids, for the ids named in snapshots.</param>
    public async Task RestoreAsync(Practice p, ImportHistory h, IReadOnlyDictionary<int, int> orgMap, CancellationToken ct)
    {
        var keys = h.Revisions.Where(r => r.Snapshot is not null).SelectMany(r => r.Snapshot!.Organisations)
            .Where(o => o.Key is not null).Select(o => o.Key!).Distinct().ToList();
        var byKey = await db.Organisations.Where(o => o.Key != null && keys.Contains(o.Key)).ToDictionaryAsync(o => o.Key!, o => o.Id, ct);
        PracticeContent? publishedContent = null;
        foreach (var r in h.Revisions.OrderBy(r => r.Number))
        {
            // An organisation that cannot be mapped gets id 0 (unknown) rather than some unrelated local organisation.
            var snapshot = (r.Snapshot ?? PracticeContent.From(p)) is var s
                ? s with { Organisations = s.Organisations.Select(o => new OrganisationRef(
                    o.Key is not null && byKey.TryGetValue(o.Key, out var k) ? k : orgMap.GetValueOrDefault(o.Id), o.Role)).ToList() }
                : null!;
            if (r.Number == h.PublishedRevision) publishedContent = snapshot;
            p.Revisions.Add(new Revision
            {
                Number = r.Number, CreatedAt = r.CreatedAt, UserName = r.UserName, Note = r.Note,
                ChangedFields = r.ChangedFields ?? "", Snapshot = snapshot.Serialize(),
            });
        }
        p.Version = h.Revisions.Count;
        p.ForceStatus(h.Status);
        writer.Touch(p);
        await writer.SaveAsync(ct);

        if (publishedContent is not null)
        {
            p.PublishedRevisionId = p.Revisions.First(r => r.Number == h.PublishedRevision).Id;
            foreach (var t in p.Texts)
            {
                if (!publishedContent.Texts.TryGetValue(t.Language, out var pub)) continue;
                t.PublishedTitle = pub.Title;
                t.PublishedSummary = pub.Summary;
                t.PublishedSlug = Slug.From(pub.Title);
            }
        }
        foreach (var t in p.Texts)
        {
            var rec = h.Translations.FirstOrDefault(x => Languages.Normalize(x.Language) == t.Language);
            t.Status = Enum.TryParse<TranslationStatus>(rec?.Status, true, out var ts) ? ts
                : t.PublishedTitle is not null && publishedContent?.Texts.GetValueOrDefault(t.Language) is { } pc && pc.Title == t.Title && pc.Summary == t.Summary
                    ? TranslationStatus.Published : TranslationStatus.Draft;
            if (rec?.AuthorName is { } a) t.AuthorName = a;
            t.UpdatedAt = rec?.UpdatedAt ?? h.UpdatedAt ?? t.UpdatedAt;
        }
        if (h.CreatedAt is { } c) p.CreatedAt = c;
        if (h.UpdatedAt is { } u) p.UpdatedAt = u;
        p.PublishedAt = h.PublishedAt;
    }
}
