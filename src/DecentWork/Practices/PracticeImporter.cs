using System.Text.Json;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.OpenData;
using DecentWork.Organisations;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Practices;

/// <summary>Reads practices in the API's create format, one JSON record per line, with optional
/// <c>translations</c>, <c>endorsements</c> and <c>status</c>. Used by <c>dwx import</c> and the sample content.
/// A record from <c>dwx export</c> also carries its revisions, dates and organisations by name: those are restored.</summary>
public sealed class PracticeImporter(AppDb db, PracticeWriter writer, PracticeValidator validator, TimeProvider clock,
    OrganisationResolver organisations, HistoryRestore history)
{
    private sealed record Extras(List<TranslationRecord>? Translations, List<EndorsementRecord>? Endorsements, string? Status,
        List<OrganisationRecord>? Organisations, List<RevisionRecord>? Revisions, DateTime? CreatedAt, DateTime? UpdatedAt,
        DateTime? PublishedAt, int? PublishedRevision, bool? IsSample);

    public sealed record LineResult(int Line, int? PracticeId, IReadOnlyList<FieldError> Errors, string? Message = null);

    /// <param name="publish">Publish every record (as if reviewed); otherwise each record's own status, default draft.</param>
    public async Task<LineResult> ImportLineAsync(int lineNumber, string json, Actor actor, bool publish, bool isSample, CancellationToken ct = default)
    {
        PracticeInput? input;
        Extras? extras;
        try
        {
            input = JsonSerializer.Deserialize<PracticeInput>(json, PracticeContent.Json);
            extras = JsonSerializer.Deserialize<Extras>(json, PracticeContent.Json);
        }
        catch (JsonException e)
        {
            return new LineResult(lineNumber, null, [], $"not valid JSON: {e.Message}");
        }
        if (input is null || extras is null) return new LineResult(lineNumber, null, [], "empty record");

        // Sample and exported files name organisations by key (and exports by name, group and country) rather than by
        // this instance's ids; an exported organisation this instance lacks is created.
        var orgMap = new Dictionary<int, int>();
        if (extras.Organisations is { Count: > 0 } recs && recs.Any(r => r.Key is not null || r.Name is not null))
        {
            var refs = new List<OrganisationRef>();
            foreach (var r in recs)
            {
                var local = r.Key is null && r.Name is null ? r.Id
                    : await organisations.ResolveAsync(r.Key, r.Name, r.Group, r.Country, r.Acronym, r.NameFr, r.NameEs, r.NameZh, ct);
                if (r.Id is { } sid && local is { } l) orgMap[sid] = l;
                refs.Add(new OrganisationRef(local ?? -1, r.Role));
            }
            input = input with { Organisations = refs };
        }
        var errors = await validator.ValidateAsync(input, ct);
        var translations = extras.Translations ?? [];
        for (var i = 0; i < translations.Count; i++)
        {
            var t = translations[i];
            var lang = Languages.Normalize(t.Language);
            if (lang is null) errors.Add(new($"translations[{i}].language", "UnknownLanguage", t.Language));
            foreach (var e in PracticeValidator.ValidateTranslation(new TranslationInput { Title = t.Title, Summary = t.Summary, Sections = t.Sections }))
                errors.Add(e with { Field = $"translations[{i}].{e.Field}" });
        }
        var status = (extras.Status ?? (publish ? "published" : "draft")).ToLowerInvariant();
        if (publish) status = "published";
        // An exported record restores its history, so any status it had (archived, withdrawn…) is kept.
        var restore = extras.Revisions is { Count: > 0 } && !publish;
        PracticeStatus restored = default;
        if (restore ? !Enum.TryParse(status, true, out restored) : status is not ("draft" or "submitted" or "published"))
            errors.Add(new("status", "InvalidChoice", extras.Status));
        if (errors.Count > 0) return new LineResult(lineNumber, null, errors);

        var owner = input.Organisations?.FirstOrDefault()?.Id;
        var p = writer.Create(input, actor, owner);
        p.IsSample = isSample || extras.IsSample == true;
        foreach (var t in translations)
            writer.SetTranslation(p, Languages.Normalize(t.Language)!, new TranslationInput { Title = t.Title, Summary = t.Summary, Sections = t.Sections }, actor);
        if (restore)
            await history.RestoreAsync(p, new ImportHistory(extras.Revisions!, restored, extras.CreatedAt, extras.UpdatedAt, extras.PublishedAt,
                extras.PublishedRevision, translations), orgMap, ct);
        else
        {
            await writer.AppendRevisionAsync(p, actor, isSample ? "Sample content" : "Imported", ct);
            await writer.SaveAsync(ct);
        }
        if (!restore && status is "submitted" or "published")
        {
            if (status == "published" || PracticeValidator.ReadyToSubmit(p.Original).Count == 0)
                await writer.TransitionAsync(p, WorkflowAction.Submit, null, actor, ct);
            if (status == "published") await writer.TransitionAsync(p, WorkflowAction.Publish, isSample ? "Sample content" : "Imported with --publish", actor, ct);
        }
        foreach (var e in extras.Endorsements ?? [])
        {
            var id = e.Key is null && e.Name is null ? e.Id : await organisations.ResolveAsync(e.Key, e.Name, e.Group, e.Country, ct: ct);
            var org = id is null ? null : await db.Organisations.FindAsync([id], ct);
            if (org is null || !Organisation.CanEndorse(org.Group) || !p.IsPublic || p.Endorsements.Any(x => x.OrganisationId == org.Id)) continue;
            p.Endorsements.Add(new Endorsement
            {
                OrganisationId = org.Id, Group = org.Group, Statement = e.Statement, StatementLanguage = restore ? e.StatementLanguage : e.StatementLanguage ?? p.OriginalLanguage,
                CreatedAt = e.CreatedAt ?? clock.GetUtcNow().UtcDateTime, IsSample = p.IsSample,
            });
        }
        await writer.SaveAsync(ct);
        return new LineResult(lineNumber, p.Id, []);
    }
}
