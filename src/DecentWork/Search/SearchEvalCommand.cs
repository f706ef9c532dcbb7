using System.Globalization;
using DecentWork.Shared;

namespace DecentWork.Search;

/// <summary><c>dwx search-eval [FILE]</c>: prints how well search ranks the judged practices.</summary>
public static class SearchEvalCommand
{
    public const string DefaultFile = "docs/relevance/sample.json";

    public static async Task<int> RunAsync(CommandLine c, IServiceProvider services)
    {
        var file = c.Arguments.FirstOrDefault() ?? DefaultFile;
        if (!File.Exists(file)) throw new CommandException($"no relevance set at {Path.GetFullPath(file)}");
        RelevanceReport report;
        try { report = await RelevanceEvaluation.RunAsync(services, RelevanceSet.Load(file)); }
        catch (IndexLockedException e) { throw new CommandException(e.Message); }
        // A judged practice that is not here would count as "nothing relevant to find" and score a perfect 1.000: the
        // figures mean something only over the content they were judged on.
        if (report.Missing.Count > 0)
            throw new CommandException($"{report.Missing.Count} of the practices judged in {file} are not in this database " +
                $"(first: \"{report.Missing[0]}\"); the set is judged over the sample content, which `dwx serve` loads into an " +
                "empty database (unless Database:NoSample=true): run the server once on this data folder first");
        var w = Console.Out;
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine("query   ndcg@10 recall@10 cross  q");
        foreach (var s in report.Queries)
            w.WriteLine(string.Format(inv, "{0,-7} {1,7:0.000} {2,9:0.000} {3,-5}  [{4}] {5}", s.Query.Id, s.Ndcg, s.Recall, s.Query.Cross ? "yes" : "", s.Query.Lang, s.Query.Q));
        w.WriteLine();
        w.WriteLine(string.Format(inv, "overall        ({0} queries)  nDCG@10 {1:0.000}  recall@10 {2:0.000}", report.Queries.Count, report.Ndcg, report.Recall));
        w.WriteLine(string.Format(inv, "cross-language ({0} queries)  nDCG@10 {1:0.000}  recall@10 {2:0.000}", report.CrossCount, report.CrossNdcg, report.CrossRecall));
        return 0;
    }
}
