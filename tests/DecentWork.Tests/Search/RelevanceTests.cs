using DecentWork.Search;
using DecentWork.Tests.Infrastructure;

namespace DecentWork.Tests.Search;

/// <summary>The relevance set over the sample content must not get worse. The floors sit a little below what was
/// measured when they were set (nDCG@10 0.907, recall@10 0.973; cross-language 0.871 and 0.960): raise them when
/// search gets better, never lower them to let a change through.</summary>
public class RelevanceTests
{
    public const double NdcgFloor = 0.88;
    public const double RecallFloor = 0.95;
    public const double CrossNdcgFloor = 0.84;
    public const double CrossRecallFloor = 0.93;

    private static string SetPath([System.Runtime.CompilerServices.CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "relevance", "sample.json"));

    [Fact]
    public async Task The_relevance_set_stays_above_its_floors()
    {
        var set = RelevanceSet.Load(SetPath());
        Assert.True(set.Queries.Count >= 40);
        Assert.True(set.Queries.Count(q => q.Cross) >= 15);

        // The search engine is the same on both databases; the sample is loaded on SQLite.
        using var app = new TestApp("sqlite", sample: true);
        _ = app.Server;
        var report = await RelevanceEvaluation.RunAsync(app.Services, set);
        Assert.Empty(report.Missing);
        var detail = string.Join("\n", report.Queries.Where(q => q.Ndcg < 0.7).Select(q => $"{q.Query.Id} {q.Ndcg:0.000} {q.Query.Q}"));
        Assert.True(report.Ndcg >= NdcgFloor, $"nDCG@10 {report.Ndcg:0.000} < {NdcgFloor}\n{detail}");
        Assert.True(report.Recall >= RecallFloor, $"recall@10 {report.Recall:0.000} < {RecallFloor}\n{detail}");
        Assert.True(report.CrossNdcg >= CrossNdcgFloor, $"cross-language nDCG@10 {report.CrossNdcg:0.000} < {CrossNdcgFloor}\n{detail}");
        Assert.True(report.CrossRecall >= CrossRecallFloor, $"cross-language recall@10 {report.CrossRecall:0.000} < {CrossRecallFloor}\n{detail}");
    }

    [Fact]
    public async Task Search_eval_refuses_a_database_without_the_judged_practices()
    {
        using var app = new TestApp("sqlite", sample: false);
        _ = app.Server;
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int code;
        try { code = await DecentWork.Shared.CommandLine.RunAsync(DecentWork.Shared.CommandLine.Parse(["search-eval", SetPath()]), app.Services); }
        finally { Console.SetOut(previousOut); Console.SetError(previousError); }
        Assert.Equal(2, code);
        Assert.Contains("not in this database", stderr.ToString());
        Assert.DoesNotContain("nDCG@10", stdout.ToString()); // no figures that would read as a perfect score
    }

    [Fact]
    public void Metrics_follow_their_definitions()
    {
        var grades = new Dictionary<int, int> { [1] = 3, [2] = 2, [3] = 1 };
        Assert.Equal(1, RelevanceEvaluation.Ndcg([1, 2, 3], grades), 6);
        Assert.True(RelevanceEvaluation.Ndcg([3, 2, 1], grades) < 1);
        Assert.Equal(0, RelevanceEvaluation.Ndcg([7, 8], grades));
        Assert.Equal(0.5, RelevanceEvaluation.Recall([1, 9], grades)); // 1 and 2 are relevant (grade 2+); 3 is marginal
    }
}
