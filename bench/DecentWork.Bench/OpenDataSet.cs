using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Search;
using DecentWork.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>N published practices written straight into the app's SQLite database (created by the app's own
/// migrations and reference data), for the OAI-PMH and export benchmarks. Raw SQL, prepared commands, one
/// transaction: going through the app's writer would take hours at a million.</summary>
public static class OpenDataSet
{
    /// <summary>Distinct generated texts; practice <c>id</c> takes text <c>(id − 1) mod Pool</c>. Generating 1M full
    /// texts would cost the load ~10 minutes of CPU and measures nothing the OAI and export code care about.</summary>
    private const int Pool = 20_000;

    private const string Complete = "opendata-complete.txt";

    public sealed record Info(string Dir, int Items, int Public, int Deleted);

    public static string Folder(BenchOptions o) => Path.Combine(o.DataRoot, $"opendata-{o.Practices}");

    public static async Task<Info> EnsureAsync(BenchOptions o)
    {
        var dir = Folder(o);
        var marker = Path.Combine(dir, Complete);
        if (o.Reuse && File.Exists(marker))
        {
            var parts = File.ReadAllText(marker).Split(' ');
            Line($"data: reusing {dir} (--reuse): {parts[0]} items, {parts[1]} public, {parts[2]} withdrawn; {Mb(DirectorySize(dir))} on disk");
            return new Info(dir, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Line($"data folder: {dir}");

        Corpus corpus;
        Vocabulary v;
        int orgBase;
        using (var host = SearchBench.BuildHost(dir))
        {
            await DataSetup.InitializeAsync(host.Services, loadSample: false);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            v = await SearchVocabulary.LoadAsync(db, CancellationToken.None);
            var labels = (await db.ConceptLabels.AsNoTracking().Select(l => new { l.Language, l.Text }).ToListAsync()).Select(l => (l.Language, l.Text)).ToList();
            // The uniform corpus, as when the session-2 figures were taken: OAI and export care about record sizes, not
            // about which words a text repeats, and the 14 GB million-practice data set stays comparable.
            corpus = new Corpus(o.Seed, v, labels, topical: false);
            orgBase = await db.Organisations.MaxAsync(x => (int?)x.Id) ?? 0;
        }
        SqliteConnection.ClearAllPools();

        var watch = Stopwatch.StartNew();
        var pool = new TextPool(corpus, Math.Min(Pool, o.Practices));
        Line($"text pool: {pool.Count:N0} generated practices' texts in {F(watch.Elapsed.TotalSeconds)} s");

        var gen = new Generator(o.Seed, v, pool, orgBase);
        var rows = new BlockingCollection<Row>(boundedCapacity: 4096);
        var producer = Task.Run(() =>
        {
            try { for (var id = 1; id <= o.Practices; id++) rows.Add(gen.Make(id)); }
            finally { rows.CompleteAdding(); }
        });

        var load = Stopwatch.StartNew();
        long rowCount = 0;
        int items = 0, pub = 0, deleted = 0;
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "dwx.db"), Pooling = false }.ToString()))
        {
            await c.OpenAsync();
            // A bulk load into a fresh file: no journal (a crash means generating again, as the marker is written last),
            // a large cache so the UpdatedAt and foreign-key indexes stay in memory. Foreign keys are off on this
            // connection because Practices.PublishedRevisionId and Revisions point at each other.
            Exec(c, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF; PRAGMA locking_mode=EXCLUSIVE;");
            await using var tx = c.BeginTransaction();
            var ins = new Inserts(c, tx);
            rowCount += ins.Organisations(gen);
            foreach (var r in rows.GetConsumingEnumerable())
            {
                rowCount += ins.Practice(r);
                items++;
                if (r.Status == PracticeStatus.Withdrawn) deleted++; else pub++;
                if (items % 100_000 == 0) Console.Error.WriteLine($"  … {items:N0} practices loaded, {load.Elapsed.TotalSeconds:0} s");
            }
            await producer;
            tx.Commit();
            Exec(c, "PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL;");
        }
        SqliteConnection.ClearAllPools();
        var took = load.Elapsed.TotalSeconds;
        var size = DirectorySize(dir);
        Line($"[data] {items:N0} practices ({pub:N0} public, {deleted:N0} withdrawn = OAI deleted records), {rowCount:N0} rows in one transaction, seed {o.Seed}");
        Add("data", $"load, {items:N0} practices", $"{F(items / took, "N0")} practices/s ({F(took)} s)");
        Add("data", "load, rows", $"{F(rowCount / took, "N0")} rows/s, {F(size / 1048576.0 / took, "0")} MB/s");
        Add("data", "database size", Mb(size));
        File.WriteAllText(marker, FormattableString.Invariant($"{items} {pub} {deleted}"));
        return new Info(dir, items, pub, deleted);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The generated texts (original plus, for one in ten, a short English translation).</summary>
    private sealed class TextPool(Corpus corpus, int count)
    {
        private readonly (string Language, SortedDictionary<string, TextContent> Texts, string[] Slugs)[] _items = Enumerable.Range(1, count).Select(i =>
        {
            var p = corpus.Practice(i);
            var texts = p.Indexed.Content.Texts;
            return (p.Language, texts, texts.Values.Select(t => Slug.From(t.Title)).ToArray());
        }).ToArray();

        public int Count => _items.Length;
        public (string Language, SortedDictionary<string, TextContent> Texts, string[] Slugs) this[int id] => _items[(id - 1) % _items.Length];
    }

    private sealed record Org(int Id, string Key, string Name, string Acronym, string Group, string Country);

    private sealed record Row(int Id, PracticeStatus Status, PracticeContent Content, string[] Slugs, int? Owner, DateTime Created, DateTime Published, DateTime Updated,
        List<(int Number, DateTime At, string Changed, string Snapshot)> Revisions, (int Org, string Group, string Statement, string Language, DateTime At)? Endorsement);

    /// <summary>Each practice from the seed and its id alone. Datestamps (UpdatedAt) spread over 2012–2026 at
    /// second precision, so some share a second and the (datestamp, id) keyset order matters.</summary>
    private sealed class Generator
    {
        private static readonly DateTime Start = new(2012, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly string[] Units = ["%", "people", "enterprises", "USD", "workers"];
        private readonly int _seed;
        private readonly TextPool _pool;
        private readonly string[] _countries, _concepts, _pillars;

        public readonly Org[] Orgs;

        public Generator(int seed, Vocabulary v, TextPool pool, int orgBase)
        {
            _seed = seed;
            _pool = pool;
            _countries = v.CountryRegion.Keys.Order(StringComparer.Ordinal).ToArray();
            _concepts = v.Ancestors.Keys.Order(StringComparer.Ordinal).ToArray();
            _pillars = v.Pillars.Order(StringComparer.Ordinal).ToArray();
            var r = new Random(seed);
            Orgs = Enumerable.Range(1, 2000).Select(i =>
            {
                var group = Vocabulary.Groups[r.Next(Vocabulary.Groups.Length)];
                var country = _countries[r.Next(_countries.Length)];
                return new Org(orgBase + i, $"bench-org-{i}", $"{group} organisation {i} of {country}", $"O{i}", group, country);
            }).ToArray();
        }

        public Row Make(int id)
        {
            var r = new Random(unchecked(_seed * 7_000_003 + id));
            var (lang, texts, slugs) = _pool[id];
            var published = Start.AddSeconds(r.Next(0, (int)(End - Start).TotalSeconds - 400 * 86400));
            var updated = r.Next(3) == 0 ? published.AddSeconds(r.Next(1, 400 * 86400)) : published;
            var created = published.AddSeconds(-r.Next(3600, 200 * 86400));
            var status = r.Next(100) switch { < 2 => PracticeStatus.Withdrawn, < 6 => PracticeStatus.Archived, _ => PracticeStatus.Published };
            var orgs = Enumerable.Range(0, r.Next(1, 4)).Select(i => Orgs[r.Next(Orgs.Length)]).DistinctBy(x => x.Id)
                .Select((x, i) => new OrganisationRef(x.Id, PracticeLimits.OrganisationRoles[Math.Min(i, 2)])).ToList();
            var start = 1995 + r.Next(30);
            var content = new PracticeContent
            {
                Language = lang,
                Texts = texts,
                Countries = Pick(r, _countries, r.Next(5) == 0 ? 2 : 1),
                Themes = Pick(r, _concepts, r.Next(1, 4)),
                Pillars = Pick(r, _pillars, r.Next(1, 3)),
                Organisations = orgs,
                Period = new PeriodDto(start, r.Next(3) == 0 ? null : Math.Min(2026, start + r.Next(1, 8))),
                Scale = PracticeLimits.Scales[r.Next(PracticeLimits.Scales.Length)],
                Indicators = r.Next(2) == 0 ? [new IndicatorDto("Workers covered", Units[r.Next(Units.Length)], new ValueYear(r.Next(0, 5000), start), new ValueYear(r.Next(5000, 90000), start + 2), "Ministry of Labour")] : [],
                Sources = r.Next(2) == 0 ? [new SourceDto($"Evaluation report {id}", "ILO", start + 3, $"https://www.ilo.org/resource/report-{id}")] : [],
            };
            // One in four was edited after its first publication: two revisions, the first with an older summary.
            var revisions = new List<(int, DateTime, string, string)>();
            if (r.Next(4) == 0)
            {
                var older = content with { Texts = new SortedDictionary<string, TextContent>(texts.ToDictionary(t => t.Key, t => t.Value with { Summary = t.Value.Summary[..(t.Value.Summary.Length / 2)] }), StringComparer.Ordinal) };
                revisions.Add((1, created, "title,summary,sections,countries,themes", older.Serialize()));
                revisions.Add((2, published, "summary", content.Serialize()));
            }
            else revisions.Add((1, created, "title,summary,sections,countries,themes", content.Serialize()));
            var endorsement = r.Next(5) == 0 ? (orgs[0].Id, "Workers", "We support this practice.", "en", published.AddDays(r.Next(1, 90))) : ((int, string, string, string, DateTime)?)null;
            return new Row(id, status, content, slugs, orgs[0].Id, created, published, updated, revisions, endorsement);
        }

        private static List<string> Pick(Random r, string[] from, int n)
        {
            var set = new List<string>(n);
            for (var i = 0; i < n * 3 && set.Count < n; i++)
            {
                var x = from[r.Next(from.Length)];
                if (!set.Contains(x)) set.Add(x);
            }
            set.Sort(StringComparer.Ordinal);
            return set;
        }
    }

    /// <summary>One prepared INSERT per table, parameters bound by position.</summary>
    private sealed class Inserts(SqliteConnection c, SqliteTransaction tx)
    {
        private int _revisionId, _textId, _indicatorId, _sourceId, _endorsementId;

        private readonly SqliteCommand _practice = Cmd(c, tx, "Practices", "Id", "OriginalLanguage", "Status", "OwnerOrganisationId", "PeriodStart", "PeriodEnd", "Scale", "Licence",
            "IsSample", "Version", "CreatedAt", "UpdatedAt", "PublishedAt", "PublishedRevisionId", "CreatedById");
        private readonly SqliteCommand _text = Cmd(c, tx, "PracticeTexts", "Id", "PracticeId", "Language", "IsOriginal", "Title", "Slug", "Summary", "Context", "Approach",
            "Implementation", "Results", "Lessons", "Transferability", "Status", "AuthorId", "AuthorName", "UpdatedAt", "PublishedTitle", "PublishedSummary", "PublishedSlug");
        private readonly SqliteCommand _revision = Cmd(c, tx, "Revisions", "Id", "PracticeId", "Number", "CreatedAt", "UserId", "UserName", "Note", "ChangedFields", "Snapshot");
        private readonly SqliteCommand _country = Cmd(c, tx, "PracticeCountries", "PracticeId", "CountryCode");
        private readonly SqliteCommand _concept = Cmd(c, tx, "PracticeConcepts", "PracticeId", "ConceptId");
        private readonly SqliteCommand _pillar = Cmd(c, tx, "PracticePillars", "PracticeId", "PillarId");
        private readonly SqliteCommand _org = Cmd(c, tx, "PracticeOrganisations", "PracticeId", "OrganisationId", "Role", "Position");
        private readonly SqliteCommand _indicator = Cmd(c, tx, "Indicators", "Id", "PracticeId", "Position", "Name", "Unit", "BaselineValue", "BaselineYear", "ResultValue", "ResultYear", "Source");
        private readonly SqliteCommand _source = Cmd(c, tx, "Sources", "Id", "PracticeId", "Position", "Title", "Publisher", "Year", "Url");
        private readonly SqliteCommand _endorsement = Cmd(c, tx, "Endorsements", "Id", "PracticeId", "OrganisationId", "Group", "Statement", "StatementLanguage", "UserId", "CreatedAt", "IsSample");

        private static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction tx, string table, params string[] columns)
        {
            var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(x => $"\"{x}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i}"))})";
            for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter($"${i}", null));
            cmd.Prepare();
            return cmd;
        }

        private static void Run(SqliteCommand cmd, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }

        public int Organisations(Generator g)
        {
            using var cmd = Cmd(c, tx, "Organisations", "Id", "Key", "Name", "Acronym", "NameFr", "NameEs", "NameZh", "CountryCode", "Group", "IsSample");
            foreach (var o in g.Orgs) Run(cmd, o.Id, o.Key, o.Name, o.Acronym, null, null, null, o.Country, o.Group, false);
            return g.Orgs.Length;
        }

        public int Practice(Row p)
        {
            var n = 0;
            var c = p.Content;
            foreach (var (number, at, changed, snapshot) in p.Revisions)
            {
                Run(_revision, ++_revisionId, p.Id, number, at, null, "Bench loader", null, changed, snapshot);
                n++;
            }
            Run(_practice, p.Id, c.Language, p.Status.ToString(), p.Owner, c.Period?.Start, c.Period?.End, c.Scale, c.Licence,
                false, p.Revisions.Count, p.Created, p.Updated, p.Published, _revisionId, null);
            n++;
            var i = 0;
            foreach (var (lang, t) in c.Texts)
            {
                var slug = p.Slugs[i++];
                Run(_text, ++_textId, p.Id, lang, lang == c.Language, t.Title, slug, t.Summary, t.Sections.Context ?? "", t.Sections.Approach ?? "",
                    t.Sections.Implementation ?? "", t.Sections.Results ?? "", t.Sections.Lessons ?? "", t.Sections.Transferability ?? "",
                    nameof(TranslationStatus.Published), null, null, p.Updated, t.Title, t.Summary, slug);
                n++;
            }
            foreach (var x in c.Countries) { Run(_country, p.Id, x); n++; }
            foreach (var x in c.Themes) { Run(_concept, p.Id, x); n++; }
            foreach (var x in c.Pillars) { Run(_pillar, p.Id, x); n++; }
            for (var k = 0; k < c.Organisations.Count; k++) { Run(_org, p.Id, c.Organisations[k].Id, c.Organisations[k].Role, k); n++; }
            for (var k = 0; k < c.Indicators.Count; k++)
            {
                var x = c.Indicators[k];
                Run(_indicator, ++_indicatorId, p.Id, k, x.Name, x.Unit, x.Baseline?.Value, x.Baseline?.Year, x.Result?.Value, x.Result?.Year, x.Source);
                n++;
            }
            for (var k = 0; k < c.Sources.Count; k++)
            {
                var x = c.Sources[k];
                Run(_source, ++_sourceId, p.Id, k, x.Title, x.Publisher, x.Year, x.Url);
                n++;
            }
            if (p.Endorsement is { } e)
            {
                Run(_endorsement, ++_endorsementId, p.Id, e.Org, e.Group, e.Statement, e.Language, null, e.At, false);
                n++;
            }
            return n;
        }
    }
}
