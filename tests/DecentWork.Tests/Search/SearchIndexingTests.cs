using System.Diagnostics;
using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Shared;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static DecentWork.Tests.Search.SearchDriver;

namespace DecentWork.Tests.Search;

/// <summary>The index follows the database: what is published is found within a second or two, what is not
/// published is never found, and the index can be rebuilt or resumed without losing a change.</summary>
[Collection("search")]
public class SearchIndexingTests(SearchApps apps)
{
    public static TheoryData<string> Engines => SearchApps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_published_practice_is_found_within_two_seconds_and_a_draft_never(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var word = Word();
        var (draft, _) = await s.CreateAsync(Body("en", $"Draft about {word}", "Not yet reviewed.", organisationId: s.OrganisationId));
        var id = await s.PublishAsync(Body("en", $"Wage councils and {word}", "Published for everyone."), wait: false);

        var watch = Stopwatch.StartNew();
        List<int> found = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            found = Ids(await s.SearchAsync(Q(word)));
            if (found.Contains(id)) break;
            await Task.Delay(50);
        }
        Assert.True(found.Contains(id), $"not found after {watch.ElapsedMilliseconds} ms");
        Assert.DoesNotContain(draft, found);
        await s.CaughtUpAsync();
        Assert.Equal([id], Ids(await s.SearchAsync(Q(word))));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task An_edit_waiting_for_review_does_not_change_what_is_found(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var (before, after) = (Word(), Word());
        var id = await s.PublishAsync(Body("en", $"Skills councils {before}", "The reviewed text."));
        var etag = (await s.Editor.GetAsync($"/api/v1/practices/{id}")).Headers.ETag!.Tag;
        var edit = await s.Editor.PutWithETag($"/api/v1/practices/{id}", Body("en", $"Skills councils {after}", "An unreviewed change."), etag);
        await edit.Expect(200);
        await s.CaughtUpAsync();

        var old = await s.SearchAsync(Q(before));
        Assert.Equal([id], Ids(old));
        Assert.Contains(before, (string)old["hits"]![0]!["title"]!);
        Assert.Empty(Ids(await s.SearchAsync(Q(after))));

        await s.ActAsync(id, "submit");
        await s.ActAsync(id, "publish");
        await s.CaughtUpAsync();
        Assert.Empty(Ids(await s.SearchAsync(Q(before))));
        Assert.Equal([id], Ids(await s.SearchAsync(Q(after))));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_withdrawn_practice_disappears_and_an_archived_one_stays(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var word = Word();
        var withdrawn = await s.PublishAsync(Body("en", $"Withdrawn {word}", "Soon gone."));
        var archived = await s.PublishAsync(Body("en", $"Archived {word}", "Still readable."));
        Assert.Equal([withdrawn, archived], Ids(await s.SearchAsync(Q(word))).Order());
        await s.ActAsync(withdrawn, "withdraw", "Superseded.");
        await s.ActAsync(archived, "archive");
        await s.CaughtUpAsync();
        Assert.Equal([archived], Ids(await s.SearchAsync(Q(word))));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Reindex_rebuilds_the_same_results(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var word = Word();
        await s.PublishAsync(Body("en", $"Pension reform {word}", "Pensions for all.", countries: ["CHN"], themes: ["pension-insurance"]));
        await s.PublishAsync(Body("fr", $"Retraites {word}", "Des retraites pour tous.", countries: ["SEN", "MLI"]));
        // Scores may move a little (a rebuilt index has no deleted documents left in its statistics); what is found,
        // in which order, with which titles and facet counts, must not.
        static string Shape(System.Text.Json.Nodes.JsonNode r) => string.Join("|", r["hits"]!.AsArray().Select(h => $"{h!["id"]}:{h["title"]}:{h["language"]}"))
            + r["facets"]!.ToJsonString() + r["total"];
        var query = Q(word) + "&size=100";
        var before = Shape(await s.SearchAsync(query));
        var everything = Shape(await s.SearchAsync("q=*&size=100"));

        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        int code;
        try { code = await CommandLine.RunAsync(CommandLine.Parse(["reindex"]), s.App.Services); }
        finally { Console.SetOut(previous); }
        Assert.Equal(0, code);
        Assert.Contains("Indexed", stdout.ToString());

        Assert.Equal(before, Shape(await s.SearchAsync(query)));
        Assert.Equal(everything, Shape(await s.SearchAsync("q=*&size=100")));
        Assert.Equal(2, (int)(await s.SearchAsync(query))["total"]!);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_second_writer_on_the_same_index_is_refused(string engine)
    {
        var s = await CreateAsync(apps.Get(engine));
        var path = s.App.Service<SearchIndex>().Path;
        var options = Microsoft.Extensions.Options.Options.Create(new SearchOptions { IndexPath = path });
        using var analyzers = new SearchAnalyzers();
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        Assert.Throws<IndexLockedException>(() => new SearchIndex(options, config, analyzers,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchIndex>.Instance));
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_restart_catches_up_from_the_outbox_with_what_the_index_missed(string engine)
    {
        if (engine == "postgres") Skip.If(TestApp.PostgresServer is null, "PostgreSQL not available here");
        // Its own application, because this one stops its indexer: a crash between the database commits and the
        // index updates looks exactly like this from the index's side.
        var first = new TestApp(engine);
        TestApp? second = null;
        try
        {
            var s = await CreateAsync(first);
            var word = Word();
            var indexed = await s.PublishAsync(Body("en", $"Indexed {word}", "Before the stop."));
            var tailer = first.Services.GetServices<IHostedService>().OfType<OutboxTailer>().Single();
            await tailer.StopAsync(CancellationToken.None);

            var missed = await s.PublishAsync(Body("es", $"Perdida {word}", "Después de la parada."), wait: false);
            var withdrawn = indexed;
            await s.ActAsync(withdrawn, "withdraw", "Gone while the indexer was down.");
            await Task.Delay(500);
            Assert.Equal([indexed], Ids(await s.SearchAsync(Q(word)))); // the index missed both changes

            second = first.Restart();
            first = null;
            var s2 = new SearchDriver(second, second.ClientFor(null), s.OrganisationId);
            await s2.CaughtUpAsync();
            Assert.Equal([missed], Ids(await s2.SearchAsync(Q(word))));
            Assert.NotNull(second.Service<SearchIndexer>().ResumedFrom); // caught up, not rebuilt
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task A_missing_index_is_rebuilt_at_start_up(string engine)
    {
        if (engine == "postgres") Skip.If(TestApp.PostgresServer is null, "PostgreSQL not available here");
        var first = new TestApp(engine, settings: new Dictionary<string, string?> { ["Search:IndexerEnabled"] = "false" });
        TestApp? second = null;
        try
        {
            var s = await CreateAsync(first);
            var word = Word();
            var id = await s.PublishAsync(Body("en", $"Never indexed {word}", "The indexer was off."), wait: false);
            var index = first.Service<SearchIndex>().Path;
            second = first.Restart();
            first = null;
            Directory.Delete(index, recursive: true);
            var s2 = new SearchDriver(second, second.ClientFor(null), s.OrganisationId);
            await s2.CaughtUpAsync();
            Assert.Equal([id], Ids(await s2.SearchAsync(Q(word))));
            Assert.Null(second.Service<SearchIndexer>().ResumedFrom);
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
        }
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Applied_outbox_rows_are_pruned_when_old_and_a_node_behind_the_pruned_rows_rebuilds(string engine)
    {
        if (engine == "postgres") Skip.If(TestApp.PostgresServer is null, "PostgreSQL not available here");
        var first = new TestApp(engine);
        TestApp? second = null;
        try
        {
            var s = await CreateAsync(first);
            var word = Word();
            var indexed = await s.PublishAsync(Body("en", $"Indexed {word}", "Before the stop."));
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var before = await db.Outbox.CountAsync();
                Assert.True(before >= 2, $"{before} outbox rows");
                // Nothing is young enough to go yet.
                Assert.Equal(0, await first.Service<SearchIndexer>().PruneOutboxAsync(CancellationToken.None));
                await db.Outbox.ExecuteUpdateAsync(o => o.SetProperty(x => x.CreatedAt, DateTime.UtcNow.AddDays(-8)));
                var pruned = await first.Service<SearchIndexer>().PruneOutboxAsync(CancellationToken.None);
                Assert.Equal(before - 1, pruned); // every applied row but the newest
                Assert.Equal(1, await db.Outbox.CountAsync());
            }

            // This node stops; two practices are published; another node prunes their rows past this node's position.
            var tailer = first.Services.GetServices<IHostedService>().OfType<OutboxTailer>().Single();
            await tailer.StopAsync(CancellationToken.None);
            var missed1 = await s.PublishAsync(Body("fr", $"Manquée {word}", "Après l'arrêt."), wait: false);
            var missed2 = await s.PublishAsync(Body("es", $"Perdida {word}", "Después de la parada."), wait: false);
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var newest = await db.Outbox.MaxAsync(o => o.Id);
                await db.Outbox.Where(o => o.Id < newest).ExecuteDeleteAsync();
            }

            second = first.Restart();
            first = null;
            var s2 = new SearchDriver(second, second.ClientFor(null), s.OrganisationId);
            await s2.CaughtUpAsync();
            Assert.Equal(new[] { indexed, missed1, missed2 }.Order(), Ids(await s2.SearchAsync(Q(word))).Order());
            Assert.Null(second.Service<SearchIndexer>().ResumedFrom); // rebuilt: the rows it needed were gone
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
        }
    }
}
