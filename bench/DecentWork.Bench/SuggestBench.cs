using System.Diagnostics;
using System.Globalization;
using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>Suggestion time for one request: N generated practices in the index and in the database (the facts the
/// scoring reads: countries, themes, languages, indicators, endorsements), 10,000 offers tied to them, then requests
/// built from the corpus' words and themes, each suggested through the production <see cref="Suggestions"/> class.</summary>
public sealed class SuggestBench(BenchOptions o)
{
    public const int Offers = 10_000;

    public async Task RunAsync()
    {
        var dir = Path.Combine(o.DataRoot, $"suggest-{o.Practices}");
        // --reuse keeps the index and database of an earlier complete run of the same N and seed (the marker is
        // written after the offers), to time the requests again without the load.
        var marker = Path.Combine(dir, "complete");
        var reuse = o.Reuse && File.Exists(marker) && File.ReadAllText(marker) == $"{o.Practices} {o.Seed}";
        if (!reuse && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Line($"data folder: {dir}{(reuse ? " (reused: no generation in this run)" : "")}");
        using var host = SearchBench.BuildHost(dir);
        await DataSetup.InitializeAsync(host.Services, loadSample: false);
        Vocabulary v;
        List<(string, string)> labels;
        List<string> countries;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            v = await SearchVocabulary.LoadAsync(db, CancellationToken.None);
            labels = (await db.ConceptLabels.AsNoTracking().Select(l => new { l.Language, l.Text }).ToListAsync()).Select(l => (l.Language, l.Text)).ToList();
            countries = await db.Countries.Select(c => c.Code).OrderBy(c => c).ToListAsync();
        }
        // The uniform corpus, on which the suggestion figures in bench/README.md were taken (and which --reuse finds).
        var corpus = new Corpus(o.Seed, v, labels, topical: false);
        var rng = new Random(o.Seed);

        // Organisations: 2,000 across the countries, every group.
        var orgIds = new List<int>();
        var index = host.Services.GetRequiredService<SearchIndex>();
        var mods = Modalities.All;
        if (reuse)
        {
            await using var scope = host.Services.CreateAsyncScope();
            orgIds = await scope.ServiceProvider.GetRequiredService<AppDb>().Organisations.Select(x => x.Id).OrderBy(x => x).ToListAsync();
        }
        else await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var groups = Enum.GetValues<ConstituentGroup>();
            var orgs = Enumerable.Range(0, 2000).Select(i => new Organisation { Name = $"Org {i}", CountryCode = countries[i % countries.Count], Group = groups[i % groups.Length] }).ToList();
            db.Organisations.AddRange(orgs);
            await db.SaveChangesAsync();
            orgIds = orgs.Select(x => x.Id).ToList();
        }

        // The index and the database, in batches.
        if (!reuse)
        {
            _ = await host.Services.GetRequiredService<SearchVocabulary>().GetAsync();
            index.DeleteAll();
            var watch = Stopwatch.StartNew();
            const int batch = 5000;
            for (var start = 1; start <= o.Practices; start += batch)
            {
                var ids = Enumerable.Range(start, Math.Min(batch, o.Practices - start + 1)).ToList();
                var generated = ids.AsParallel().AsOrdered().WithDegreeOfParallelism(o.IndexThreads).Select(corpus.Practice).ToList();
                generated.AsParallel().WithDegreeOfParallelism(o.IndexThreads).ForAll(g => index.Add(PracticeDocument.Build(g.Indexed, v)));
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                foreach (var g in generated)
                {
                    var c = g.Indexed.Content;
                    var owner = orgIds[g.Id % orgIds.Count];
                    var now = g.Indexed.PublishedAt;
                    db.Practices.Add(new Practice
                    {
                        Id = g.Id, OriginalLanguage = g.Language, OwnerOrganisationId = owner, CreatedAt = now, UpdatedAt = now, PublishedAt = now,
                        Texts = c.Texts.Select(t => new PracticeText { Language = t.Key, IsOriginal = t.Key == g.Language, Title = t.Value.Title.Length > 300 ? t.Value.Title[..300] : t.Value.Title }).ToList(),
                        Countries = c.Countries.Where(countries.Contains).Distinct().Select(x => new PracticeCountry { CountryCode = x }).ToList(),
                        Concepts = c.Themes.Where(v.IsConcept).Distinct().Select(x => new PracticeConcept { ConceptId = x }).ToList(),
                        Organisations = [new PracticeOrganisation { OrganisationId = owner }],
                        Indicators = Enumerable.Range(0, g.Id % 4).Select(i => new Indicator { Position = i, Name = "n", Unit = "%" }).ToList(),
                        Endorsements = g.Indexed.EndorsedGroups.Select((grp, i) => new Endorsement
                        {
                            OrganisationId = orgIds[(g.Id + 1 + i) % orgIds.Count], Group = Enum.Parse<ConstituentGroup>(grp), CreatedAt = now,
                        }).ToList(),
                    });
                }
                await db.SaveChangesAsync();
                if (start % 20_000 == 1) Console.Error.WriteLine($"  … {start + ids.Count - 1:N0} practices, {watch.Elapsed.TotalSeconds:0} s");
            }
            index.Commit(new Dictionary<string, string> { [SearchIndex.SchemaKey] = SearchFields.SchemaVersion, [SearchIndex.VocabularyKey] = v.Fingerprint, [SearchIndex.OutboxKey] = "0" });
            Line($"{o.Practices:N0} practices indexed and stored in {F(watch.Elapsed.TotalSeconds)} s");

            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = 0; i < Offers; i++)
                {
                    var practices = Enumerable.Range(0, 1 + i % 3).Select(_ => rng.Next(1, o.Practices + 1)).Distinct().ToList();
                    var p = corpus.Practice(practices[0]);
                    db.Offers.Add(new Offer
                    {
                        OrganisationId = orgIds[practices[0] % orgIds.Count], Title = p.Original.Title.Length > 190 ? p.Original.Title[..190] : p.Original.Title,
                        Text = p.Original.Summary.Length > 2000 ? p.Original.Summary[..2000] : p.Original.Summary, TextLanguage = p.Language,
                        Modalities = mods[i % mods.Length] | mods[(i / 5) % mods.Length], WorkingLanguages = p.Language == "en" ? "en" : p.Language + " en",
                        CapacityPerYear = 1 + i % 5, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                        Practices = practices.Select(x => new OfferPractice { PracticeId = x }).ToList(),
                    });
                }
                await db.SaveChangesAsync();
            }
            Line($"{Offers:N0} offers stored ({F(watch.Elapsed.TotalSeconds)} s since the start of the load)");
            File.WriteAllText(marker, $"{o.Practices} {o.Seed}");
        }

        // Requests: a practice's title and summary (any language) as the need, its themes, another country; their own
        // random sequence, so a reused data set gets the same requests as the run that generated it.
        rng = new Random(o.Seed + 1);
        var requests = Enumerable.Range(0, o.WarmupQueries + o.QueryCount).Select(i =>
        {
            var p = corpus.Practice(rng.Next(1, o.Practices + 1));
            var text = p.Original.Title + "\n" + p.Original.Summary;
            return (Origin: p.Id, Query: new SuggestionQuery(text, p.Indexed.Content.Themes.Take(2).ToList(), countries[rng.Next(countries.Count)],
                [p.Language, "en"], mods[i % mods.Length], orgIds[rng.Next(orgIds.Count)]));
        }).ToList();
        async Task<double> One((int Origin, SuggestionQuery Query) r)
        {
            var q = r.Query;
            var t0 = Stopwatch.GetTimestamp();
            await using var scope = host.Services.CreateAsyncScope();
            var s = new Suggestions(scope.ServiceProvider.GetRequiredService<AppDb>(), index, host.Services.GetRequiredService<SearchVocabulary>(), TimeProvider.System);
            var (ps, os) = await s.ForAsync(q, "en", 10);
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (ps.Count == 0 && os.Count == 0) _empty++;
            if (ps.Any(s => s.Id == r.Origin)) _origin++;
            return elapsed;
        }
        foreach (var r in requests.Take(o.WarmupQueries)) await One(r);
        _empty = _origin = 0;
        var load0 = LoadAvg();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new List<double>();
        foreach (var r in requests.Skip(o.WarmupQueries)) times.Add(await One(r));
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / times.Count;
        times.Sort();
        double P(double p) => times[Math.Clamp((int)Math.Ceiling(p * times.Count) - 1, 0, times.Count - 1)];
        Line("");
        Line($"[suggest] one request at a time, after {o.WarmupQueries} warm-up requests; {_empty} of {times.Count} had no suggestion; {load0} before, {LoadAvg()} after");
        // A check that faster did not mean worse: the practice a request was written from (its title, summary and
        // themes) should come back, unless it is the requester's own or only from the requesting country.
        Line($"[suggest] the practice a request was written from is among its 10 practice suggestions in {_origin} of {times.Count}");
        Add("suggest", $"suggestions, {o.Practices:N0} practices + {Offers:N0} offers", $"p50 {F(P(0.5), "0.0")} ms  p95 {F(P(0.95), "0.0")} ms  p99 {F(P(0.99), "0.0")} ms (n={times.Count})", "p95 ≤ 100 ms", P(0.95) <= 100);
        Add("suggest", "suggestions, CPU time per request", $"{F(cpu, "0.0")} ms");
    }

    private int _empty, _origin;
}
