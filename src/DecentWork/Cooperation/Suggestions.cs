using System.Globalization;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Search;
using DecentWork.Shared;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Cooperation;

/// <summary>Why a suggestion was made: a key (UI string Coop.Reason.{Key}) and the values it names.</summary>
public sealed record Reason(string Key, IReadOnlyList<string> Values);

public sealed record Suggestion(string Kind, int Id, string Title, string Language, int? OrganisationId, double Score,
    IReadOnlyList<Reason> Reasons, IReadOnlyList<int> Practices);

/// <summary>What matching needs of a request (so the benchmark and tests can ask without saving one).</summary>
public sealed record SuggestionQuery(string Text, IReadOnlyList<string> Themes, string CountryCode, IReadOnlyList<string> Languages,
    Modality Modalities, int? OrganisationId);

/// <summary>Ranked practices and offers for a request, computed on demand from the search index and a handful of indexed
/// database reads, so a practice published or an offer posted a moment ago is considered at once: nothing is cached
/// or precomputed that could go stale.</summary>
/// <remarks>
/// Candidates come from one Lucene query: the request's themes and the concepts its text mentions (which crosses
/// languages: a need written in Chinese reaches a practice written in Spanish through the concept pension-insurance;
/// see <see cref="SweepQuery"/>), OR'ed with the need's own words as every content language reads them (see
/// <see cref="LikeText"/>). The best <see cref="Candidates"/> practices are then scored with facts from the database
/// (weights out of ~100):
/// text relevance 35 (relative to the best hit) · shared themes 10 each, 5 through a broader/narrower theme, at most 25 ·
/// a common working language 10 · context: same ILO region 10, else same M49 sub-region 6, else same M49 region 4 ·
/// evidence: 2 per indicator (at most 6) and 3 per endorsing constituent group (at most 9).
/// Offers are the active offers tied to the best <see cref="OfferPool"/> candidates (at most <see cref="MaxOffers"/>,
/// those of the better practices first); an offer takes the best of its practices' text and evidence, their themes,
/// its own languages and its organisation's country, plus 5 for a common modality and 5 while it has capacity left
/// this year (capacity minus exchanges created this year, cancelled ones excepted); a full offer is still listed, at
/// half its score, with the reason. The requesting organisation's own practices and offers, and practices only from
/// the requesting country, are left out: this is about learning from elsewhere.
/// </remarks>
public sealed class Suggestions(AppDb db, SearchIndex index, SearchVocabulary vocabulary, TimeProvider clock)
{
    /// <summary>Practices scored for the practice suggestions: the best candidates of the search.</summary>
    public const int Candidates = 60;

    /// <summary>Offers are looked for among those tied to this many of the best candidates of the search.</summary>
    public const int OfferPool = 300;

    public const int MaxOffers = 60;

    /// <summary>Words of the need in the text query, of all languages together (see <see cref="LikeText"/>).</summary>
    public const int LikeTerms = 25;

    /// <summary>Words in more than this share of the texts in their language are left out of the text query: they match
    /// nearly everything, cost the most, and crowded out the words that tell practices apart.</summary>
    public const double CommonShare = 0.2;

    public async Task<(List<Suggestion> Practices, List<Suggestion> Offers)> ForAsync(CooperationRequest r, string reader, int max = 10, CancellationToken ct = default)
        => await ForAsync(new SuggestionQuery(r.Title + "\n" + r.Need, r.Themes.Select(t => t.ConceptId).ToList(), r.CountryCode, r.Languages, r.Modalities, r.OrganisationId), reader, max, ct);

    public async Task<(List<Suggestion> Practices, List<Suggestion> Offers)> ForAsync(SuggestionQuery q, string reader, int max = 10, CancellationToken ct = default)
    {
        var v = await vocabulary.GetAsync(ct);
        var themes = q.Themes.Where(v.IsConcept).Distinct().ToList();
        var themeAncestors = themes.SelectMany(v.WithAncestors).ToHashSet(StringComparer.Ordinal);

        var pool = index.Search(searcher => Search(searcher, q, themes, v, reader));
        var maxScore = pool.Count == 0 ? 1f : Math.Max(pool.Max(h => h.Score), 1e-6f);
        var hits = pool.Take(Candidates).ToList();
        var poolIds = pool.Select(h => h.Id).ToList();
        var rank = poolIds.Select((id, i) => (id, i)).DistinctBy(x => x.id).ToDictionary(x => x.id, x => x.i);

        // Every list of ids goes to the database as one array parameter (EF.Parameter): as a parameter per id (EF 10's
        // default) each request's SQL differs with the length of its lists, and EF built it afresh every time: a third
        // of a suggestion's time at 100,000 practices (profiled). Reads are flat, one row per pair, put together in
        // memory: projecting lists inside a query made EF compile delegates for every row it shaped (profiled).
        // Offers: the active offers of other organisations tied to the OfferPool best candidates, the offers of the
        // better practices first, at most MaxOffers — bounded, so a popular theme with thousands of offers costs no more
        // than a rare one. (Topping the candidates' offers up with the newest offers on the request's themes cost a
        // quarter of a suggestion at 100,000 practices and 10,000 offers, and ranked offers by age rather than fit.)
        // One connection for the six reads: EF would open and close it around each, running the SQLite pragmas every
        // time. Left open by an error, it goes back to the pool when the scope disposes the context.
        var ownConnection = db.Database.GetDbConnection().State == System.Data.ConnectionState.Closed;
        if (ownConnection) await db.Database.OpenConnectionAsync(ct);
        var tiedToPool = await (from op in db.OfferPractices
                                join o in db.Offers on op.OfferId equals o.Id
                                where EF.Parameter(poolIds).Contains(op.PracticeId) && o.IsActive && o.OrganisationId != q.OrganisationId
                                select new { op.OfferId, op.PracticeId }).ToListAsync(ct);
        var offerIds = tiedToPool.GroupBy(x => x.OfferId).Select(g => (Id: g.Key, Rank: g.Min(x => rank[x.PracticeId])))
            .OrderBy(x => x.Rank).ThenBy(x => x.Id).Take(MaxOffers).Select(x => x.Id).ToList();
        var offerRows = await (from o in db.Offers
                               join op in db.OfferPractices on o.Id equals op.OfferId
                               where EF.Parameter(offerIds).Contains(o.Id)
                               select new { o.Id, o.Title, o.TextLanguage, o.OrganisationId, o.Modalities, o.WorkingLanguages, o.CapacityPerYear,
                                   Country = o.Organisation!.CountryCode, op.PracticeId }).ToListAsync(ct);
        var offers = offerRows.GroupBy(x => x.Id).Select(g => (Offer: g.First(), Practices: g.Select(x => x.PracticeId).Order().ToList())).ToList();

        var practiceIds = hits.Select(h => h.Id).Concat(offers.SelectMany(o => o.Practices)).Distinct().ToList();
        var heads = await db.Practices.AsNoTracking().Where(p => EF.Parameter(practiceIds).Contains(p.Id))
            .Select(p => new { p.Id, p.OwnerOrganisationId, Indicators = p.Indicators.Count }).ToListAsync(ct);
        var labels = (await db.PracticeCountries.Where(x => EF.Parameter(practiceIds).Contains(x.PracticeId)).Select(x => new { x.PracticeId, Kind = 0, Value = x.CountryCode })
            .Concat(db.PracticeConcepts.Where(x => EF.Parameter(practiceIds).Contains(x.PracticeId)).Select(x => new { x.PracticeId, Kind = 1, Value = x.ConceptId }))
            .Concat(db.PracticeTexts.Where(x => EF.Parameter(practiceIds).Contains(x.PracticeId)).Select(x => new { x.PracticeId, Kind = 2, Value = x.Language }))
            .ToListAsync(ct)).ToLookup(x => (x.PracticeId, x.Kind), x => x.Value);
        var endorsedOf = (await db.Endorsements.AsNoTracking().Where(x => EF.Parameter(practiceIds).Contains(x.PracticeId))
            .Select(x => new { x.PracticeId, x.Group }).ToListAsync(ct)).ToLookup(x => x.PracticeId, x => x.Group);
        var facts = heads.ToDictionary(p => p.Id, p => new Facts(p.OwnerOrganisationId, labels[(p.Id, 0)].ToList(), labels[(p.Id, 1)].ToList(),
            labels[(p.Id, 2)].ToList(), p.Indicators, endorsedOf[p.Id].ToList()));

        var countries = v.Places;
        var home = countries.GetValueOrDefault(q.CountryCode) ?? Place.Nowhere;
        var languages = q.Languages.ToHashSet(StringComparer.Ordinal);

        var yearStart = new DateTime(clock.GetUtcNow().Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var offerKeys = offers.Select(o => (int?)o.Offer.Id).ToList();
        var used = await db.Exchanges.AsNoTracking().Where(e => EF.Parameter(offerKeys).Contains(e.OfferId) && e.CreatedAt >= yearStart && e.Status != ExchangeStatus.Cancelled)
            .GroupBy(e => e.OfferId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.N, ct);
        if (ownConnection) await db.Database.CloseConnectionAsync();

        var hitScore = pool.DistinctBy(h => h.Id).ToDictionary(h => h.Id, h => h.Score / maxScore);

        (double Score, List<Reason> Reasons) Themes(IEnumerable<string> concepts)
        {
            var own = concepts.ToHashSet(StringComparer.Ordinal);
            var exact = themes.Where(own.Contains).ToList();
            var near = themes.Where(t => !own.Contains(t) && own.Any(c => v.WithAncestors(c).Contains(t) || themeAncestors.Contains(c) && v.WithAncestors(t).Contains(c))).ToList();
            var reasons = new List<Reason>();
            if (exact.Count > 0) reasons.Add(new("themes", exact));
            if (near.Count > 0) reasons.Add(new("relatedThemes", near));
            return (Math.Min(25, exact.Count * 10 + near.Count * 5), reasons);
        }

        (double, Reason?) Context(IEnumerable<string?> codes)
        {
            var best = (0d, (Reason?)null);
            foreach (var code in codes.OfType<string>())
            {
                if (countries.GetValueOrDefault(code) is not { } c) continue;
                (double, Reason?) s = home.IloRegionId is not null && c.IloRegionId == home.IloRegionId ? (10, new Reason("region", [c.IloRegionId]))
                    : home.M49SubRegion is not null && c.M49SubRegion == home.M49SubRegion ? (6, new Reason("subregion", [c.M49SubRegion]))
                    : home.M49Region is not null && c.M49Region == home.M49Region ? (4, new Reason("m49region", [c.M49Region]))
                    : (0, null);
                if (s.Item1 > best.Item1) best = s;
            }
            return best;
        }

        (double, List<Reason>) Evidence(int indicators, IReadOnlyCollection<Organisations.ConstituentGroup> endorsed)
        {
            var reasons = new List<Reason>();
            if (indicators > 0) reasons.Add(new("indicators", [indicators.ToString(CultureInfo.InvariantCulture)]));
            var groups = endorsed.Distinct().Where(Organisations.Organisation.CanEndorse).Order().Select(g => g.ToString()).ToList();
            if (groups.Count > 0) reasons.Add(new("endorsed", groups));
            return (Math.Min(indicators, 3) * 2 + groups.Count * 3, reasons);
        }

        var practices = new List<Suggestion>();
        foreach (var h in hits)
        {
            if (!facts.TryGetValue(h.Id, out var f)) continue;
            if (q.OrganisationId is not null && f.OwnerOrganisationId == q.OrganisationId) continue;
            if (f.Countries.Count > 0 && f.Countries.All(c => c == q.CountryCode)) continue;
            var reasons = new List<Reason>();
            var text = 35 * hitScore[h.Id];
            if (text >= 1) reasons.Add(new("text", [Math.Round(100 * hitScore[h.Id]).ToString(CultureInfo.InvariantCulture)]));
            var (ts, tr) = Themes(f.Concepts);
            reasons.AddRange(tr);
            var common = f.Languages.Where(languages.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
            var ls = common.Count > 0 ? 10 : 0;
            if (common.Count > 0) reasons.Add(new("languages", common));
            var (cs, cr) = Context(f.Countries);
            if (cr is not null) reasons.Add(cr);
            var (es, er) = Evidence(f.Indicators, f.Endorsed);
            reasons.AddRange(er);
            practices.Add(new Suggestion("practice", h.Id, h.Title!, h.Language!, f.OwnerOrganisationId, Math.Round(text + ts + ls + cs + es, 1), reasons, [h.Id]));
        }

        var list = new List<Suggestion>();
        foreach (var (o, tiedTo) in offers)
        {
            var mine = tiedTo.Where(facts.ContainsKey).Select(id => facts[id]).ToList();
            var reasons = new List<Reason>();
            var best = tiedTo.Select(id => hitScore.GetValueOrDefault(id)).DefaultIfEmpty(0).Max();
            var text = 35 * best;
            if (text >= 1) reasons.Add(new("text", [Math.Round(100 * best).ToString(CultureInfo.InvariantCulture)]));
            // An offer's themes are its practices' themes (scanning every candidate offer's text for concepts cost
            // more than the rest of the scoring together).
            var (ts, tr) = Themes(mine.SelectMany(p => p.Concepts));
            reasons.AddRange(tr);
            var common = o.WorkingLanguages.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(languages.Contains).Order(StringComparer.Ordinal).ToList();
            if (common.Count > 0) reasons.Add(new("languages", common));
            var (cs, cr) = Context([o.Country]);
            if (cr is not null) reasons.Add(cr);
            var (es, er) = mine.Count == 0 ? (0d, new List<Reason>()) : mine.Select(p => Evidence(p.Indicators, p.Endorsed)).MaxBy(x => x.Item1);
            reasons.AddRange(er);
            var modal = Modalities.Names(o.Modalities & q.Modalities);
            if (modal.Count > 0) reasons.Add(new("modalities", modal));
            var remaining = o.CapacityPerYear - used.GetValueOrDefault(o.Id);
            var score = text + ts + (common.Count > 0 ? 10 : 0) + cs + es + (modal.Count > 0 ? 5 : 0);
            if (remaining > 0)
            {
                score += 5;
                reasons.Add(new("capacity", [remaining.ToString(CultureInfo.InvariantCulture), o.CapacityPerYear.ToString(CultureInfo.InvariantCulture)]));
            }
            else
            {
                score /= 2;
                reasons.Add(new("full", [o.CapacityPerYear.ToString(CultureInfo.InvariantCulture)]));
            }
            list.Add(new Suggestion("offer", o.Id, o.Title, o.TextLanguage, o.OrganisationId, Math.Round(score, 1), reasons, tiedTo));
        }

        return (practices.OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(max).ToList(),
            list.OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(max).ToList());
    }

    /// <summary>A candidate of the search; its title and language are read only for the <see cref="Candidates"/> best.</summary>
    private sealed record Hit(int Id, float Score, string? Title, string? Language);

    private sealed record Facts(int? OwnerOrganisationId, List<string> Countries, List<string> Concepts, List<string> Languages, int Indicators,
        List<Organisations.ConstituentGroup> Endorsed);

    private List<Hit> Search(IndexSearcher searcher, SuggestionQuery q, List<string> themes, Vocabulary v, string reader)
    {
        var text = q.Text.Length > 20_000 ? q.Text[..20_000] : q.Text;
        // Weighted as the index weighs a practice's concepts: chosen themes count most, mentions and broader ones less.
        var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (concept, n) in v.Matcher.Count(text)) concepts[concept] = Math.Min(n, 3);
        foreach (var theme in themes)
        {
            concepts[theme] = concepts.GetValueOrDefault(theme) + 3;
            foreach (var up in v.WithAncestors(theme).Skip(1)) concepts[up] = Math.Max(concepts.GetValueOrDefault(up), 0.5f);
        }
        // The concepts and the need's words, scored as a BooleanQuery of two BooleanQuerys of TermQuerys would be (coord
        // at both levels), at a fraction of the cost (see SweepQuery).
        var groups = new List<IReadOnlyList<SweepQuery.Clause>>();
        var shared = concepts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(30)
            .Select(kv => new SweepQuery.Clause(new Term(SearchFields.Concept, kv.Key), kv.Value)).ToList();
        if (shared.Count > 0) groups.Add(shared);
        var words = LikeText.Terms(searcher, index.Analyzers, text, LikeTerms, CommonShare);
        if (words.Count > 0) groups.Add(words);
        if (groups.Count == 0) return [];
        var query = new SweepQuery(groups);
        var cards = new HitCards.Reader(searcher);
        return searcher.Search(query, OfferPool).ScoreDocs.Select((sd, i) =>
        {
            var score = float.IsNaN(sd.Score) ? 0 : sd.Score;
            if (i >= Candidates) return new Hit(cards.ReadId(sd.Doc), score, null, null);
            var card = cards.Read(sd.Doc, reader);
            return new Hit(card.Id, score, card.Title, card.Language);
        }).ToList();
    }
}
