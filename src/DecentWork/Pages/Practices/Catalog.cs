using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Practices;

/// <summary>One line of a practice list, built only from published text (never the unreviewed working copy).</summary>
public sealed record PracticeCard(int Id, string Title, string TitleLanguage, string Slug, string Snippet,
    IReadOnlyList<(string Code, string Name)> Countries, int? Start, int? End, string OriginalLanguage, bool IsSample);

/// <summary>The reader-facing lists share one definition of "public" and one way to build a list line.</summary>
public static class Catalog
{
    public const int PageSize = 20;

    public static IQueryable<Practice> Public(AppDb db)
        => db.Practices.AsNoTracking().Where(p => p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn);

    /// <summary>The country rows of public practices (a semi-join: SQLite cannot run the APPLY a SelectMany would need).</summary>
    public static IQueryable<PracticeCountry> PublicCountries(AppDb db)
        => db.PracticeCountries.AsNoTracking().Where(c => Public(db).Any(p => p.Id == c.PracticeId));

    /// <summary>Builds the list lines for an already ordered and paged query.</summary>
    public static async Task<List<PracticeCard>> CardsAsync(AppDb db, IQueryable<Practice> page, string lang, CancellationToken ct)
    {
        var rows = await page.Select(p => new { p.Id, p.OriginalLanguage, p.PeriodStart, p.PeriodEnd, p.IsSample }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var texts = (await db.PracticeTexts.AsNoTracking()
            .Where(t => ids.Contains(t.PracticeId) && t.PublishedTitle != null && (t.Language == lang || t.IsOriginal))
            .Select(t => new { t.PracticeId, t.Language, t.PublishedTitle, t.PublishedSummary, t.PublishedSlug }).ToListAsync(ct))
            .ToLookup(t => t.PracticeId);
        var countries = (await db.PracticeCountries.AsNoTracking().Where(c => ids.Contains(c.PracticeId)).ToListAsync(ct)).ToLookup(c => c.PracticeId, c => c.CountryCode);
        var codes = countries.SelectMany(g => g).Distinct().ToList();
        var names = await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name(lang), ct);
        return rows.Select(r =>
        {
            var mine = texts[r.Id].ToList();
            var text = mine.FirstOrDefault(t => t.Language == lang) ?? mine.FirstOrDefault(t => t.Language == r.OriginalLanguage) ?? mine.FirstOrDefault();
            return new PracticeCard(r.Id, text?.PublishedTitle ?? "", text?.Language ?? r.OriginalLanguage,
                text?.PublishedSlug is { Length: > 0 } s ? s : Slug.From(text?.PublishedTitle),
                MarkdownRenderer.ToPlainText(text?.PublishedSummary, 260),
                countries[r.Id].Order(StringComparer.Ordinal).Select(c => (c, names.GetValueOrDefault(c, c))).ToList(),
                r.PeriodStart, r.PeriodEnd, r.OriginalLanguage, r.IsSample);
        }).ToList();
    }

    /// <summary>A language name standing alone ("Français" in a list), where French and Spanish write it lower-case mid-sentence.</summary>
    public static string Cap(string s) => s.Length == 0 ? s : char.ToUpper(s[0], System.Globalization.CultureInfo.CurrentCulture) + s[1..];

    /// <summary>"0 practices", "1 practice", "12 practices", worded per language.</summary>
    public static string Count(IStringLocalizer t, int n)
        => n == 0 ? t["Common.PracticesNone"] : n == 1 ? t["Common.PracticesOne"] : t["Common.PracticesMany", n];

    public static IQueryable<Practice> Latest(IQueryable<Practice> q) => q.OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id);
}

/// <summary>The thesaurus as the pages need it: labels in one language and the broader/narrower tree.</summary>
public sealed class ThesaurusView
{
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Narrower { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Broader { get; } = new(StringComparer.Ordinal);
    public List<string> Top { get; private set; } = [];

    public static async Task<ThesaurusView> LoadAsync(AppDb db, string lang, CancellationToken ct)
    {
        var view = new ThesaurusView();
        var ids = await db.Concepts.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
        var labels = await db.ConceptLabels.AsNoTracking().Where(l => l.Kind == LabelKind.Pref && (l.Language == lang || l.Language == "en"))
            .Select(l => new { l.ConceptId, l.Language, l.Text }).ToListAsync(ct);
        foreach (var id in ids)
            view.Labels[id] = labels.FirstOrDefault(l => l.ConceptId == id && l.Language == lang)?.Text
                ?? labels.FirstOrDefault(l => l.ConceptId == id)?.Text ?? id;
        var broader = await db.ConceptRelations.AsNoTracking().Where(r => r.Kind == RelationKind.Broader).Select(r => new { r.FromId, r.ToId }).ToListAsync(ct);
        foreach (var r in broader)
        {
            (view.Narrower.TryGetValue(r.ToId, out var n) ? n : view.Narrower[r.ToId] = []).Add(r.FromId);
            (view.Broader.TryGetValue(r.FromId, out var b) ? b : view.Broader[r.FromId] = []).Add(r.ToId);
        }
        foreach (var list in view.Narrower.Values) list.Sort(view.ByLabel);
        view.Top = ids.Where(id => !view.Broader.ContainsKey(id)).ToList();
        view.Top.Sort(view.ByLabel);
        return view;
    }

    public int ByLabel(string a, string b) => string.Compare(Label(a), Label(b), StringComparison.CurrentCulture);

    public string Label(string id) => Labels.GetValueOrDefault(id, id);

    public bool Contains(string id) => Labels.ContainsKey(id);

    public IReadOnlyList<string> ChildrenOf(string id) => Narrower.TryGetValue(id, out var n) ? n : [];

    /// <summary>The concept and everything narrower, however deep (guarded against cycles in imported data).</summary>
    public HashSet<string> WithDescendants(string id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([id]);
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (!seen.Add(c)) continue;
            foreach (var n in ChildrenOf(c)) stack.Push(n);
        }
        return seen;
    }

    /// <summary>Published practices per concept, counting a practice once under each broader concept too.</summary>
    public async Task<Dictionary<string, int>> CountsAsync(AppDb db, CancellationToken ct)
    {
        var pairs = await db.PracticeConcepts.AsNoTracking().Where(c => Catalog.Public(db).Any(p => p.Id == c.PracticeId)).Select(c => new { Id = c.PracticeId, c.ConceptId }).ToListAsync(ct);
        var byConcept = pairs.GroupBy(x => x.ConceptId).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToHashSet());
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in Labels.Keys)
            counts[id] = WithDescendants(id).SelectMany(c => byConcept.GetValueOrDefault(c) ?? []).Distinct().Count();
        return counts;
    }

    /// <summary>Every concept in tree order with its depth, for a select list.</summary>
    public IEnumerable<(string Id, int Depth)> Flatten()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string, int)> Walk(string id, int depth)
        {
            if (!seen.Add(id)) yield break;
            yield return (id, depth);
            foreach (var n in ChildrenOf(id))
                foreach (var x in Walk(n, depth + 1)) yield return x;
        }
        return Top.SelectMany(t => Walk(t, 0)).ToList();
    }
}

/// <summary>Page links for a list; <see cref="Url"/> keeps the list's other query parameters.</summary>
public sealed record Pager(int Page, int Total, int Size, Func<int, string> Url)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);

    /// <summary>First, last, and a window around the current page; 0 marks a gap.</summary>
    public IEnumerable<int> Links()
    {
        var last = 0;
        for (var i = 1; i <= Pages; i++)
        {
            if (i != 1 && i != Pages && Math.Abs(i - Page) > 2) continue;
            if (last != 0 && i - last > 1) yield return 0;
            yield return i;
            last = i;
        }
    }
}

/// <summary>What the indicator table and chart need: the indicators, the language they are written in (when it is not
/// the page's), and whether the figures are sample ones.</summary>
public sealed record IndicatorsModel(IReadOnlyList<DecentWork.Practices.IndicatorDto> Items, string? ContentLang, bool IsSample)
{
    public static string Number(decimal? v) => v is null ? "" : v.Value.ToString("#,0.##", System.Globalization.CultureInfo.CurrentCulture);
}
