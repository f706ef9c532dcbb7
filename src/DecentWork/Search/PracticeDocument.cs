using System.Globalization;
using DecentWork.Practices;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;
using DecentWork.Data;

namespace DecentWork.Search;

/// <summary>What the index needs of one public practice: its published revision and the few live facts around it.</summary>
public sealed record IndexedPractice(
    int Id,
    PracticeContent Content,
    DateTime PublishedAt,
    IReadOnlyList<string> OrganisationGroups,
    IReadOnlyList<string> EndorsedGroups);

/// <summary>Reads practices for the index and turns each into its one Lucene document.</summary>
public static class PracticeDocument
{
    public const int ExcerptLength = 320;

    /// <summary>Loads the given practices. Only public ones come back: the others must be deleted from the index.</summary>
    /// <remarks>The index holds the published revision (its snapshot), never the working copy, so an edit waiting for
    /// review does not change what readers find. Unpublished and withdrawn practices are not in the index at all, so
    /// "unpublished practices are found only by users allowed to see them" holds trivially for now: nobody finds them
    /// through search; their owners and reviewers reach them through their own lists.</remarks>
    public static async Task<List<IndexedPractice>> LoadAsync(AppDb db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var rows = await db.Practices.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.PublishedRevisionId != null && p.Status != PracticeStatus.Withdrawn)
            .Join(db.Revisions, p => p.PublishedRevisionId, r => r.Id, (p, r) => new { p.Id, p.PublishedAt, p.UpdatedAt, r.Snapshot })
            .ToListAsync(ct);
        var found = rows.Select(r => r.Id).ToList();
        var endorsed = (await db.Endorsements.AsNoTracking().Where(e => found.Contains(e.PracticeId))
                .Select(e => new { e.PracticeId, e.Group }).Distinct().ToListAsync(ct))
            .ToLookup(e => e.PracticeId, e => e.Group.ToString());
        var contents = rows.ToDictionary(r => r.Id, r => PracticeContent.Deserialize(r.Snapshot));
        var orgIds = contents.Values.SelectMany(c => c.Organisations.Select(o => o.Id)).Distinct().ToList();
        var groups = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Group.ToString(), ct);
        return rows.Where(r => contents.ContainsKey(r.Id)).Select(r =>
        {
            var content = contents[r.Id];
            return new IndexedPractice(r.Id, content, r.PublishedAt ?? r.UpdatedAt,
                content.Organisations.Select(o => groups.GetValueOrDefault(o.Id)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
                endorsed[r.Id].Distinct().Order(StringComparer.Ordinal).ToList());
        }).ToList();
    }

    public static Term KeyTerm(int id) => new(SearchFields.Id, id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Values one per line, split by the line analyzer (see SearchAnalyzers): one field per key, not per value.</summary>
    /// <summary>The indexed content of a StringField (one term, no norms, documents only), but analysed by the keyword
    /// analyzer, whose token stream each thread reuses: a StringField builds a fresh one per document, each behind a
    /// locked attribute-factory lookup.</summary>
    private static readonly FieldType IdType = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_ONLY,
    });

    private static readonly FieldType ConceptType = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_AND_FREQS,
    });

    private static readonly FieldType FacetType = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_ONLY,
    });

    internal static readonly FieldType SpellingType = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, OmitNorms = true, IndexOptions = IndexOptions.DOCS_ONLY,
    });

    private static FieldType Freeze(FieldType t) { t.Freeze(); return t; }

    public static Document Build(IndexedPractice p, Vocabulary v)
    {
        var c = p.Content;
        var doc = new Document
        {
            new Field(SearchFields.Id, p.Id.ToString(CultureInfo.InvariantCulture), IdType),
            new NumericDocValuesField(SearchFields.Published, p.PublishedAt.Ticks),
        };

        var mentions = new Dictionary<string, int>(StringComparer.Ordinal);
        var cards = new List<(string, string, string)>();
        var spelling = SpellingWords.ForThread();
        foreach (var (lang, text) in c.Texts)
        {
            if (!SearchAnalyzers.Languages.Contains(lang)) continue;
            var body = Body(text);
            doc.Add(new TextField(SearchFields.Title(lang), text.Title, Field.Store.NO));
            doc.Add(new TextField(SearchFields.Text(lang), text.Summary + "\n\n" + body, Field.Store.NO));
            cards.Add((lang, text.Title, Excerpt(text.Summary)));
            var all = text.Title + "\n" + text.Summary + "\n" + body;
            if (lang != "zh") spelling.Add(all);
            // Counted per language and the highest kept, so a translated practice does not weigh three times as much.
            foreach (var (concept, n) in v.Matcher.Count(all))
                mentions[concept] = Math.Max(mentions.GetValueOrDefault(concept), n);
        }

        doc.Add(HitCards.Build(p.Id, c.Language, cards));
        if (spelling.Lines.Length > 0) doc.Add(new Field(SearchFields.Spelling, spelling.Lines.ToString(), SpellingType));

        // The concept field's term frequency carries the weight: a theme the contributor chose counts as three mentions,
        // a broader concept of one once, capped so one long text cannot drown the rest.
        var weights = new Dictionary<string, int>(mentions, StringComparer.Ordinal);
        foreach (var theme in c.Themes.Where(v.IsConcept))
        {
            weights[theme] = weights.GetValueOrDefault(theme) + 3;
            foreach (var up in v.WithAncestors(theme).Skip(1)) weights[up] = Math.Max(weights.GetValueOrDefault(up), 1);
        }
        var conceptLines = new System.Text.StringBuilder();
        foreach (var (concept, w) in weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            for (var i = 0; i < Math.Min(w, 5); i++) conceptLines.Append(concept).Append('\n');
        if (conceptLines.Length > 0) doc.Add(new Field(SearchFields.Concept, conceptLines.ToString(), ConceptType));

        // The theme facet is what contributors chose (and what lies above it), not every concept a text happens to
        // mention: filters should be as precise as the curation behind them.
        AddFacet(doc, "theme", c.Themes.Where(v.IsConcept).SelectMany(v.WithAncestors));
        AddFacet(doc, "country", c.Countries);
        AddFacet(doc, "region", c.Countries.Select(x => v.CountryRegion.GetValueOrDefault(x)).OfType<string>());
        AddFacet(doc, "pillar", c.Pillars);
        AddFacet(doc, "group", p.OrganisationGroups);
        AddFacet(doc, "language", c.Texts.Keys.Where(SearchAnalyzers.Languages.Contains));
        AddFacet(doc, "year", Years(c.Period, p.PublishedAt).Select(y => y.ToString(CultureInfo.InvariantCulture)));
        AddFacet(doc, "endorsed", p.EndorsedGroups);
        return doc;
    }

    private static void AddFacet(Document doc, string key, IEnumerable<string> values)
    {
        var field = SearchFields.Facet(key);
        var lines = new System.Text.StringBuilder();
        foreach (var value in values.Select(v => v.Replace('\n', ' ')).Distinct(StringComparer.Ordinal))
        {
            lines.Append(value).Append('\n');
            doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
        }
        if (lines.Length > 0) doc.Add(new Field(field, lines.ToString(), FacetType));
    }

    public static string Body(TextContent t)
    {
        var s = t.Sections;
        return string.Join("\n\n", new[] { s.Context, s.Approach, s.Implementation, s.Results, s.Lessons, s.Transferability }
            .Where(x => !string.IsNullOrWhiteSpace(x)));
    }

    /// <summary>Every year the practice ran; an ongoing one runs to the year it was (last) published.</summary>
    public static IEnumerable<int> Years(PeriodDto? period, DateTime publishedAt)
    {
        if (period?.Start is not { } start) return [publishedAt.Year];
        var end = period.End ?? Math.Max(start, publishedAt.Year);
        if (end < start) end = start;
        start = Math.Max(start, end - 80); // a typo of 1019 must not add a thousand facet values
        return Enumerable.Range(start, end - start + 1);
    }

    /// <summary>The summary cut at a word boundary, without Markdown markers.</summary>
    public static string Excerpt(string summary)
    {
        var s = string.Join(' ', summary.Replace("**", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (s.Length <= ExcerptLength) return s;
        var cut = s.LastIndexOf(' ', ExcerptLength);
        // Chinese has no spaces: cut at the length itself, or at the last sentence mark before it.
        var zhCut = s.LastIndexOfAny(['。', '，', '；'], ExcerptLength);
        var at = cut > ExcerptLength / 2 ? cut : zhCut > ExcerptLength / 2 ? zhCut + 1 : ExcerptLength;
        return s[..at].TrimEnd() + "…";
    }
}
