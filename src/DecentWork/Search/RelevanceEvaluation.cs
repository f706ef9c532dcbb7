using System.Text.Json;
using DecentWork.Data;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Search;

/// <summary>A relevance set: queries with graded judgments (0 not relevant, 1 marginal, 2 relevant, 3 the answer)
/// naming practices by their original title, which survives reloading the sample where ids may not.</summary>
public sealed record RelevanceSet(string? About, List<RelevanceQuery> Queries)
{
    public static RelevanceSet Load(string path)
        => JsonSerializer.Deserialize<RelevanceSet>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
           ?? throw new InvalidDataException($"{path}: empty relevance set");
}

/// <param name="Cross">The query is in a language other than that of (some of) the practices judged relevant.</param>
public sealed record RelevanceQuery(string Id, string Q, string Lang, bool Cross, Dictionary<string, int> Judgments);

public sealed record QueryScore(RelevanceQuery Query, double Ndcg, double Recall, IReadOnlyList<int> Top);

public sealed record RelevanceReport(IReadOnlyList<QueryScore> Queries, IReadOnlyList<string> Missing)
{
    public double Ndcg => Mean(Queries.Select(q => q.Ndcg));
    public double Recall => Mean(Queries.Select(q => q.Recall));
    public double CrossNdcg => Mean(Queries.Where(q => q.Query.Cross).Select(q => q.Ndcg));
    public double CrossRecall => Mean(Queries.Where(q => q.Query.Cross).Select(q => q.Recall));
    public int CrossCount => Queries.Count(q => q.Query.Cross);
    private static double Mean(IEnumerable<double> xs) { var l = xs.ToList(); return l.Count == 0 ? 0 : l.Average(); }
}

/// <summary>nDCG@10 and recall@10 of the search over a relevance set, through the same service the API uses.</summary>
public static class RelevanceEvaluation
{
    public const int K = 10;
    /// <summary>Recall counts the practices judged relevant (2) or the answer (3); marginal ones only weigh in nDCG.</summary>
    public const int RelevantGrade = 2;

    public static async Task<RelevanceReport> RunAsync(IServiceProvider services, RelevanceSet set, CancellationToken ct = default)
    {
        await services.GetRequiredService<SearchIndexer>().CatchUpAsync(ct);
        Dictionary<string, int> ids;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var titles = await db.PracticeTexts.AsNoTracking().Where(t => t.IsOriginal).Select(t => new { t.Title, t.PracticeId }).ToListAsync(ct);
            ids = titles.GroupBy(t => t.Title).ToDictionary(g => g.Key, g => g.Min(t => t.PracticeId));
        }
        var search = services.GetRequiredService<PracticeSearch>();
        var missing = set.Queries.SelectMany(q => q.Judgments.Keys).Distinct().Where(t => !ids.ContainsKey(t)).ToList();
        var scores = new List<QueryScore>();
        foreach (var q in set.Queries)
        {
            var grades = q.Judgments.Where(j => ids.ContainsKey(j.Key)).ToDictionary(j => ids[j.Key], j => j.Value);
            var r = await search.SearchAsync(new SearchRequest(q.Q, q.Lang, new Dictionary<string, IReadOnlyList<string>>(), Size: K), ct);
            var top = r.Hits.Select(h => h.Id).ToList();
            scores.Add(new QueryScore(q, Ndcg(top, grades), Recall(top, grades), top));
        }
        return new RelevanceReport(scores, missing);
    }

    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlyDictionary<int, int> grades)
    {
        static double Gain(int grade, int rank) => (Math.Pow(2, grade) - 1) / Math.Log2(rank + 2);
        var dcg = ranked.Take(K).Select((id, i) => Gain(grades.GetValueOrDefault(id), i)).Sum();
        var ideal = grades.Values.Where(g => g > 0).OrderDescending().Take(K).Select((g, i) => Gain(g, i)).Sum();
        return ideal == 0 ? 1 : dcg / ideal;
    }

    public static double Recall(IReadOnlyList<int> ranked, IReadOnlyDictionary<int, int> grades)
    {
        var relevant = grades.Where(g => g.Value >= RelevantGrade).Select(g => g.Key).ToHashSet();
        return relevant.Count == 0 ? 1 : ranked.Take(K).Count(relevant.Contains) / (double)relevant.Count;
    }
}
