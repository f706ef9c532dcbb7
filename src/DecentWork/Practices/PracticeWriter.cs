using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Shared;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Practices;

/// <summary>Every change to a practice goes through here, so that each save appends exactly one revision and one
/// outbox row in the caller's transaction (SaveChanges), whichever door it came in by (API, editor, import).</summary>
public sealed class PracticeWriter(AppDb db, TimeProvider clock)
{
    /// <summary>Loads a practice with everything a save or a snapshot touches.</summary>
    public Task<Practice?> LoadAsync(int id, CancellationToken ct = default) => db.Practices
        .Include(p => p.Texts).Include(p => p.Countries).Include(p => p.Concepts).Include(p => p.Pillars)
        .Include(p => p.SdgTargets).Include(p => p.Standards).Include(p => p.Organisations)
        .Include(p => p.Indicators).Include(p => p.Sources)
        .AsSplitQuery()
        .FirstOrDefaultAsync(p => p.Id == id, ct);

    public Practice Create(PracticeInput input, Actor actor, int? ownerOrganisationId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lang = Languages.Normalize(input.Language)!;
        var p = new Practice
        {
            OriginalLanguage = lang,
            OwnerOrganisationId = ownerOrganisationId,
            CreatedAt = now,
            CreatedById = actor.UserId,
        };
        db.Practices.Add(p);
        Apply(p, input, actor);
        return p;
    }

    /// <summary>Replaces the original-language text and the metadata with the input (a PUT, or an editor save).</summary>
    public void Update(Practice p, PracticeInput input, Actor actor)
    {
        p.MarkEdited();
        Apply(p, input, actor);
    }

    private void Apply(Practice p, PracticeInput input, Actor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lang = Languages.Normalize(input.Language) ?? p.OriginalLanguage;
        if (lang != p.OriginalLanguage)
        {
            // Changing the original language demotes the old original to a translation rather than losing it.
            foreach (var t in p.Texts) t.IsOriginal = t.Language == lang;
            p.OriginalLanguage = lang;
        }
        SetText(p, lang, input.Title, input.Summary, input.Sections, actor, now, isOriginal: true);

        Replace(p.Countries, (input.Countries ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct().Select(c => new PracticeCountry { CountryCode = c }), x => x.CountryCode);
        Replace(p.Concepts, (input.Themes ?? []).Select(c => c.Trim()).Distinct().Select(c => new PracticeConcept { ConceptId = c }), x => x.ConceptId);
        Replace(p.Pillars, (input.Pillars ?? []).Select(c => c.Trim()).Distinct().Select(c => new PracticePillar { PillarId = c }), x => x.PillarId);
        Replace(p.SdgTargets, (input.SdgTargets ?? []).Select(c => c.Trim()).Distinct().Select(c => new PracticeSdgTarget { SdgTargetId = c }), x => x.SdgTargetId);
        Replace(p.Standards, (input.Standards ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct().Select(c => new PracticeStandard { StandardCode = c }), x => x.StandardCode);

        var orgs = (input.Organisations ?? []).DistinctBy(o => o.Id).Select((o, i) => new PracticeOrganisation { OrganisationId = o.Id, Role = o.Role ?? (i == 0 ? "lead" : "partner"), Position = i }).ToList();
        foreach (var existing in p.Organisations.ToList())
        {
            var match = orgs.FirstOrDefault(o => o.OrganisationId == existing.OrganisationId);
            if (match is null) p.Organisations.Remove(existing);
            else { existing.Role = match.Role; existing.Position = match.Position; orgs.Remove(match); }
        }
        p.Organisations.AddRange(orgs);

        p.PeriodStart = input.Period?.Start;
        p.PeriodEnd = input.Period?.End;
        p.Scale = string.IsNullOrWhiteSpace(input.Scale) ? null : input.Scale;
        if (!string.IsNullOrWhiteSpace(input.Licence)) p.Licence = input.Licence.Trim();

        // Indicators and sources have no identity of their own outside the practice: replace them wholesale.
        p.Indicators.Clear();
        p.Indicators.AddRange((input.Indicators ?? []).Select((i, n) => new Indicator
        {
            Position = n, Name = i.Name!.Trim(), Unit = i.Unit?.Trim() ?? "",
            BaselineValue = i.Baseline?.Value, BaselineYear = i.Baseline?.Year,
            ResultValue = i.Result?.Value, ResultYear = i.Result?.Year, Source = i.Source?.Trim(),
        }));
        p.Sources.Clear();
        p.Sources.AddRange((input.Sources ?? []).Select((s, n) => new Source
        {
            Position = n, Title = s.Title!.Trim(), Publisher = s.Publisher?.Trim(), Year = s.Year, Url = string.IsNullOrWhiteSpace(s.Url) ? null : s.Url.Trim(),
        }));
        p.UpdatedAt = now;
    }

    public void SetTranslation(Practice p, string lang, TranslationInput input, Actor actor)
    {
        p.MarkEdited();
        var now = clock.GetUtcNow().UtcDateTime;
        SetText(p, lang, input.Title, input.Summary, input.Sections, actor, now, isOriginal: lang == p.OriginalLanguage);
        p.UpdatedAt = now;
    }

    public void RemoveTranslation(Practice p, PracticeText text)
    {
        p.MarkEdited();
        p.Texts.Remove(text);
        db.PracticeTexts.Remove(text);
        p.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static void SetText(Practice p, string lang, string? title, string? summary, SectionsDto? s, Actor actor, DateTime now, bool isOriginal)
    {
        var t = p.Texts.FirstOrDefault(x => x.Language == lang);
        if (t is null) { t = new PracticeText { Language = lang }; p.Texts.Add(t); }
        t.IsOriginal = isOriginal;
        t.Title = title?.Trim() ?? "";
        t.Slug = Slug.From(t.Title);
        t.Summary = summary?.Trim() ?? "";
        t.Context = s?.Context?.Trim() ?? "";
        t.Approach = s?.Approach?.Trim() ?? "";
        t.Implementation = s?.Implementation?.Trim() ?? "";
        t.Results = s?.Results?.Trim() ?? "";
        t.Lessons = s?.Lessons?.Trim() ?? "";
        t.Transferability = s?.Transferability?.Trim() ?? "";
        t.Status = TranslationStatus.Draft;
        t.AuthorId = actor.UserId;
        t.AuthorName = actor.Name;
        t.UpdatedAt = now;
    }

    private static void Replace<T>(List<T> current, IEnumerable<T> wanted, Func<T, string> key)
    {
        var want = wanted.ToList();
        current.RemoveAll(c => !want.Any(w => key(w) == key(c)));
        current.AddRange(want.Where(w => !current.Any(c => key(c) == key(w))));
    }

    /// <summary>Appends the revision for this save and bumps the version. Call once per save, after the changes.</summary>
    public async Task<Revision> AppendRevisionAsync(Practice p, Actor actor, string? note, CancellationToken ct = default)
    {
        var content = PracticeContent.From(p);
        var previous = p.Id == 0 ? null : await db.Revisions.Where(r => r.PracticeId == p.Id)
            .OrderByDescending(r => r.Number).Select(r => new { r.Number, r.Snapshot }).FirstOrDefaultAsync(ct);
        var changed = previous is null
            ? "created"
            : string.Join(",", RevisionDiff.Compare(PracticeContent.Deserialize(previous.Snapshot), content).Select(d => d.Field));
        var revision = new Revision
        {
            Number = (previous?.Number ?? 0) + 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            UserId = actor.UserId,
            UserName = actor.Name,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            ChangedFields = changed.Length > 4000 ? changed[..4000] : changed,
            Snapshot = content.Serialize(),
        };
        p.Revisions.Add(revision);
        p.Version++;
        Touch(p);
        return revision;
    }

    /// <summary>Applies a workflow action. The caller has checked permission; the entity checks legality.</summary>
    public async Task TransitionAsync(Practice p, WorkflowAction action, string? comment, Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = p.Apply(action, now);
        if (action == WorkflowAction.Publish)
        {
            // Readers see exactly the revision the reviewer approved.
            p.PublishedRevisionId = await db.Revisions.Where(r => r.PracticeId == p.Id)
                .OrderByDescending(r => r.Number).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
            foreach (var t in p.Texts)
            {
                t.Status = TranslationStatus.Published;
                t.PublishedTitle = t.Title;
                t.PublishedSummary = t.Summary;
                t.PublishedSlug = t.Slug;
            }
        }
        p.Events.Add(new WorkflowEvent
        {
            Action = WorkflowVerbs.Name(action), FromStatus = from, ToStatus = p.Status,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            UserId = actor.UserId, UserName = actor.Name, At = now,
        });
        p.Version++;
        p.UpdatedAt = now;
        Touch(p);
    }

    public void Comment(Practice p, string comment, Actor actor)
    {
        p.Events.Add(new WorkflowEvent
        {
            Action = "comment", Comment = comment.Trim(), UserId = actor.UserId, UserName = actor.Name,
            At = clock.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>Tells the search indexer (through the outbox, in this same transaction) that the practice changed.</summary>
    public void Touch(Practice p) => db.Outbox.Add(new OutboxMessage { Practice = p, CreatedAt = clock.GetUtcNow().UtcDateTime });

    /// <summary>One SaveChanges is one transaction: the practice, its revision and its outbox row commit together.</summary>
    /// <remarks>Two saves from the same version race: the loser fails either on the version check or, when its
    /// revision insert reaches the database first (PostgreSQL waits on the unique (practice, number) index), on that
    /// index. Both mean the same thing, a stale version, so both surface as a concurrency conflict.</remarks>
    public async Task SaveAsync(CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && e.Entries.Any(x => x.Entity is Revision))
        {
            throw new DbUpdateConcurrencyException("Another save of this practice came first.", e);
        }
    }
}
