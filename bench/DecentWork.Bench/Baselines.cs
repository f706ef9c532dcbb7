using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using static DecentWork.Bench.Report;

namespace DecentWork.Bench;

/// <summary>The same practices and the same queries on SQLite FTS5 and PostgreSQL full-text search, each query doing
/// what ours does: the top 10 by rank and facet counts (GROUP BY over a side table of facet values).</summary>
public sealed class Baselines(BenchOptions o, Corpus corpus, List<(string Q, string Lang)> queries, Latency ours)
{
    private static readonly string[] Warmup = ["employment", "protection sociale", "empleo juvenil", "就业"];

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff';

    /// <summary>FTS5's unicode61 tokenizer keeps a run of Chinese characters as one token (and the trigram tokenizer
    /// finds nothing for two-character words), so Chinese is indexed one character a token and queried as phrases.</summary>
    private static string SpaceCjk(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (var c in s)
        {
            if (IsCjk(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string FtsQuery(string q)
        => string.Join(' ', q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => "\"" + SpaceCjk(w).Replace("\"", "").Trim() + "\""));

    public void SqliteFts5(string dir)
    {
        Line("");
        Line("[search] baseline: SQLite FTS5 (porter unicode61 remove_diacritics 2; Chinese one character a token, queried as phrases), top 10 by bm25 + facets by GROUP BY over a side table");
        var path = Path.Combine(dir, "fts5-baseline.db");
        if (File.Exists(path)) File.Delete(path);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Exec(c, "PRAGMA page_size=8192; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        Exec(c, "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');" +
                "CREATE TABLE facet(doc INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL);");
        var watch = Stopwatch.StartNew();
        using (var tx = c.BeginTransaction())
        {
            using var ins = c.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = "INSERT INTO fts(rowid, title, body) VALUES ($id, $t, $b)";
            var pid = ins.Parameters.Add("$id", SqliteType.Integer);
            var pt = ins.Parameters.Add("$t", SqliteType.Text);
            var pb = ins.Parameters.Add("$b", SqliteType.Text);
            using var fac = c.CreateCommand();
            fac.Transaction = tx;
            fac.CommandText = "INSERT INTO facet(doc, key, value) VALUES ($d, $k, $v)";
            var fd = fac.Parameters.Add("$d", SqliteType.Integer);
            var fk = fac.Parameters.Add("$k", SqliteType.Text);
            var fv = fac.Parameters.Add("$v", SqliteType.Text);
            for (var id = 1; id <= o.Practices; id++)
            {
                var p = corpus.Practice(id);
                pid.Value = id;
                pt.Value = SpaceCjk(string.Join(" | ", p.Indexed.Content.Texts.Values.Select(t => t.Title)));
                pb.Value = SpaceCjk(string.Join("\n", p.Indexed.Content.Texts.Keys.Select(l => p.AllText(l))));
                ins.ExecuteNonQuery();
                foreach (var (k, vs) in p.Facets)
                    foreach (var v in vs) { fd.Value = id; fk.Value = k; fv.Value = v; fac.ExecuteNonQuery(); }
            }
            tx.Commit();
        }
        Exec(c, "CREATE INDEX facet_doc ON facet(doc);");
        var build = watch.Elapsed.TotalSeconds;
        Add("sqlite", "FTS5 build (insert + facet index)", $"{F(o.Practices / build, "N0")} docs/s ({F(build)} s)");
        Add("sqlite", "database size", Mb(new FileInfo(path).Length));

        using var top = c.CreateCommand();
        top.CommandText = "SELECT rowid, title FROM fts WHERE fts MATCH $q ORDER BY bm25(fts, 3.0, 1.0) LIMIT 10";
        var tq = top.Parameters.Add("$q", SqliteType.Text);
        using var facets = c.CreateCommand();
        facets.CommandText = "SELECT f.key, f.value, count(*) FROM fts JOIN facet f ON f.doc = fts.rowid WHERE fts MATCH $q GROUP BY f.key, f.value";
        var fq = facets.Parameters.Add("$q", SqliteType.Text);
        int Run((string Q, string Lang) q)
        {
            var m = FtsQuery(q.Q);
            tq.Value = m;
            fq.Value = m;
            var n = 0;
            using (var r = top.ExecuteReader()) while (r.Read()) { _ = r.GetString(1); }
            using (var r = facets.ExecuteReader()) while (r.Read()) n += r.GetInt32(2);
            return n;
        }
        Measure("sqlite", "FTS5", queries.Select(q => q), Run);
    }

    public async Task PostgresAsync(string? connection)
    {
        Line("");
        if (string.IsNullOrWhiteSpace(connection))
        {
            Line("[search] baseline: PostgreSQL skipped — no --postgres \"connection string\" given (see bench/README.md for a throwaway cluster)");
            Add("pg", "PostgreSQL baseline", "skipped (no --postgres)");
            return;
        }
        Line("[search] baseline: PostgreSQL full-text (tsvector per language config + GIN, ts_rank top 10; pg_trgm GIN + LIKE for Chinese), facets by GROUP BY over a side table");
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        Line($"  server: {c.PostgreSqlVersion}");
        await PgExec(c, """
            DROP TABLE IF EXISTS bench_facet; DROP TABLE IF EXISTS bench_doc;
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE TABLE bench_doc(
              id int PRIMARY KEY, lang text NOT NULL, title text NOT NULL, body text NOT NULL, zh text,
              tsv tsvector GENERATED ALWAYS AS (to_tsvector(CASE lang WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig
                WHEN 'es' THEN 'spanish'::regconfig ELSE 'simple'::regconfig END, title || ' ' || body)) STORED);
            CREATE TABLE bench_facet(doc int NOT NULL, key text NOT NULL, value text NOT NULL);
            """);
        var watch = Stopwatch.StartNew();
        await using (var imp = await c.BeginBinaryImportAsync("COPY bench_doc (id, lang, title, body, zh) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= o.Practices; id++)
            {
                var p = corpus.Practice(id);
                var latin = string.Join("\n", p.Indexed.Content.Texts.Keys.Where(l => l != "zh").Select(l => p.AllText(l)));
                await imp.StartRowAsync();
                await imp.WriteAsync(id, NpgsqlDbType.Integer);
                await imp.WriteAsync(p.Language, NpgsqlDbType.Text);
                await imp.WriteAsync(p.Original.Title, NpgsqlDbType.Text);
                await imp.WriteAsync(latin, NpgsqlDbType.Text);
                if (p.Indexed.Content.Texts.ContainsKey("zh")) await imp.WriteAsync(p.AllText("zh"), NpgsqlDbType.Text);
                else await imp.WriteNullAsync();
            }
            await imp.CompleteAsync();
        }
        await using (var imp = await c.BeginBinaryImportAsync("COPY bench_facet (doc, key, value) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= o.Practices; id++)
                foreach (var (k, vs) in corpus.Practice(id).Facets)
                    foreach (var v in vs)
                    {
                        await imp.StartRowAsync();
                        await imp.WriteAsync(id, NpgsqlDbType.Integer);
                        await imp.WriteAsync(k, NpgsqlDbType.Text);
                        await imp.WriteAsync(v, NpgsqlDbType.Text);
                    }
            await imp.CompleteAsync();
        }
        var load = watch.Elapsed.TotalSeconds;
        await PgExec(c, """
            SET maintenance_work_mem = '512MB';
            CREATE INDEX bench_doc_tsv ON bench_doc USING gin(tsv);
            CREATE INDEX bench_doc_zh ON bench_doc USING gin(zh gin_trgm_ops);
            CREATE INDEX bench_facet_doc ON bench_facet(doc);
            """, timeout: 3600);
        await PgExec(c, "VACUUM ANALYZE bench_doc", timeout: 3600);
        await PgExec(c, "VACUUM ANALYZE bench_facet", timeout: 3600);
        var build = watch.Elapsed.TotalSeconds;
        Add("pg", "load (COPY + generated tsvector) + GIN/trgm indexes", $"{F(o.Practices / build, "N0")} docs/s ({F(load)} + {F(build - load)} s)");
        await using (var size = new NpgsqlCommand("SELECT pg_total_relation_size('bench_doc') + pg_total_relation_size('bench_facet')", c))
            Add("pg", "tables + indexes size", Mb((long)(await size.ExecuteScalarAsync())!));

        int Run((string Q, string Lang) q)
        {
            string where;
            var cmdTop = new NpgsqlCommand { Connection = c };
            var cmdFacet = new NpgsqlCommand { Connection = c };
            if (q.Lang == "zh")
            {
                var words = q.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                where = string.Join(" AND ", words.Select((_, i) => $"d.zh LIKE $" + (i + 1)));
                foreach (var cmd in new[] { cmdTop, cmdFacet })
                    foreach (var w in words) cmd.Parameters.Add(new NpgsqlParameter { Value = "%" + w + "%" });
                cmdTop.CommandText = $"SELECT d.id, d.title FROM bench_doc d WHERE {where} ORDER BY d.id LIMIT 10"; // no ranking for LIKE
            }
            else
            {
                var cfg = q.Lang switch { "fr" => "french", "es" => "spanish", _ => "english" };
                where = $"d.tsv @@ plainto_tsquery('{cfg}', $1)";
                cmdTop.Parameters.Add(new NpgsqlParameter { Value = q.Q });
                cmdFacet.Parameters.Add(new NpgsqlParameter { Value = q.Q });
                cmdTop.CommandText = $"SELECT d.id, d.title FROM bench_doc d WHERE {where} ORDER BY ts_rank(d.tsv, plainto_tsquery('{cfg}', $1)) DESC LIMIT 10";
            }
            cmdFacet.CommandText = $"SELECT f.key, f.value, count(*) FROM bench_doc d JOIN bench_facet f ON f.doc = d.id WHERE {where} GROUP BY f.key, f.value";
            var n = 0;
            using (cmdTop)
            using (var r = cmdTop.ExecuteReader()) while (r.Read()) { _ = r.GetString(1); }
            using (cmdFacet)
            using (var r = cmdFacet.ExecuteReader()) while (r.Read()) n += (int)r.GetInt64(2);
            return n;
        }
        Measure("pg", "PostgreSQL", queries, Run);
    }

    private void Measure(string section, string name, IEnumerable<(string Q, string Lang)> qs, Func<(string Q, string Lang), int> run)
    {
        foreach (var w in Warmup.Select((q, i) => (q, Corpus.Languages[i]))) run(w);
        foreach (var q in queries.Take(50)) run(q);
        var all = new List<double>();
        var perLang = new Dictionary<string, List<double>>();
        foreach (var q in qs)
        {
            var t0 = Stopwatch.GetTimestamp();
            run(q);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            all.Add(ms);
            (perLang.TryGetValue(q.Lang, out var l) ? l : perLang[q.Lang] = []).Add(ms);
        }
        foreach (var (lang, l) in perLang.OrderBy(kv => kv.Key)) Line($"    {lang}: {Latency.Of(l)}");
        var lat = Latency.Of(all);
        Add(section, $"{name} query + top 10 + facets, 1 thread p50", $"{F(lat.P50, "0.00")} ms");
        Add(section, $"{name} query + top 10 + facets, 1 thread p99", $"{F(lat.P99, "0.00")} ms");
        var ratio = lat.P99 / ours.P99;
        Add(section, $"{name} p99 ÷ our p99", $"{F(ratio, "0.0")}×", "≥ 10×", ratio >= 10);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static async Task PgExec(NpgsqlConnection c, string sql, int timeout = 600)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = timeout };
        await cmd.ExecuteNonQueryAsync();
    }
}
