using System.Text.Json;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Practices;

/// <summary>Reads practices in the API's create format, one JSON record per line, with optional
/// <c>translations</c>, <c>endorsements</c> and <c>status</c>. Used by <c>dwx import</c> and the sample content.</summary>
public sealed class PracticeImporter(AppDb db, PracticeWriter writer, PracticeValidator validator, TimeProvider clock)
{
    private sealed record TranslationRecord(string? Language, string? Title, string? Summary, SectionsDto? Sections);
    private sealed record EndorsementRecord(string? Key, int? Id, string? Statement);
    private sealed record Extras(List<TranslationRecord>? Translations, List<EndorsementRecord>? Endorsements, string? Status);

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

        // Sample and exported files may name organisations by key rather than by this instance's ids.
        if (input.Organisations is { Count: > 0 } refs && refs.Any(r => r.Key is not null))
        {
            var keys = refs.Where(r => r.Key is not null).Select(r => r.Key!).ToList();
            var map = await db.Organisations.Where(o => o.Key != null && keys.Contains(o.Key)).ToDictionaryAsync(o => o.Key!, o => o.Id, ct);
            input = input with { Organisations = refs.Select(r => r.Key is null ? r : r with { Id = map.GetValueOrDefault(r.Key, -1) }).ToList() };
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
        if (status is not ("draft" or "submitted" or "published")) errors.Add(new("status", "InvalidChoice", extras.Status));
        if (errors.Count > 0) return new LineResult(lineNumber, null, errors);

        var owner = input.Organisations?.FirstOrDefault()?.Id;
        var p = writer.Create(input, actor, owner);
        p.IsSample = isSample;
        foreach (var t in translations)
            writer.SetTranslation(p, Languages.Normalize(t.Language)!, new TranslationInput { Title = t.Title, Summary = t.Summary, Sections = t.Sections }, actor);
        await writer.AppendRevisionAsync(p, actor, isSample ? "Sample content" : "Imported", ct);
        await writer.SaveAsync(ct);
        if (status is "submitted" or "published")
        {
            if (status == "published" || PracticeValidator.ReadyToSubmit(p.Original).Count == 0)
                await writer.TransitionAsync(p, WorkflowAction.Submit, null, actor, ct);
            if (status == "published") await writer.TransitionAsync(p, WorkflowAction.Publish, isSample ? "Sample content" : "Imported with --publish", actor, ct);
        }
        foreach (var e in extras.Endorsements ?? [])
        {
            var org = e.Key is not null ? await db.Organisations.FirstOrDefaultAsync(o => o.Key == e.Key, ct)
                : e.Id is not null ? await db.Organisations.FindAsync([e.Id], ct) : null;
            if (org is null || !Organisation.CanEndorse(org.Group) || !p.IsPublic) continue;
            p.Endorsements.Add(new Endorsement
            {
                OrganisationId = org.Id, Group = org.Group, Statement = e.Statement, StatementLanguage = p.OriginalLanguage,
                CreatedAt = clock.GetUtcNow().UtcDateTime, IsSample = isSample,
            });
        }
        await writer.SaveAsync(ct);
        return new LineResult(lineNumber, p.Id, []);
    }
}
