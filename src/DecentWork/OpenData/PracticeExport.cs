using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using DecentWork.Data;
using DecentWork.Organisations;
using DecentWork.Practices;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.OpenData;

/// <summary>Reads practices for the bulk export in keyset pages by id, so memory holds one page whatever the size of
/// the data set and page N costs what page 1 costs. Each page is one SQL query per table over the page's id range on
/// the context's connection, rows ordered by practice id and merged in one pass: EF's eleven split Includes and
/// their materialization were most of the export's time (bench/README.md, export). Names are EF's defaults, quoted,
/// which both engines' migrations use.</summary>
public sealed class PracticeExport(AppDb db)
{
    /// <summary>A page's snapshots are a few MB; larger pages gain nothing measurable.</summary>
    public const int DefaultPageSize = 1000;

    /// <summary>Smaller in tests, to cross page boundaries with a few practices.</summary>
    internal int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The export records as objects (the CSV writer's input).</summary>
    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var page in ReadPagesAsync(filter, ct))
            foreach (var row in page.Rows) yield return ExportRecords.From(row, page.Organisations, filter.PublicOnly);
    }

    public async IAsyncEnumerable<ExportPage> ReadPagesAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var read = new Reader(db.Database.GetDbConnection(), filter, sqlite, PageSize);
            // Organisations are few next to practices (2,000 in the 1M benchmark): read once, not per page.
            var orgs = await read.OrganisationsAsync(ct);
            var lastId = 0;
            while (true)
            {
                var rows = await read.PracticesAsync(lastId, ct);
                if (rows.Count == 0) yield break;
                var (after, upTo) = (lastId, rows[^1].Practice.Id);
                await read.RevisionsAsync(after, upTo, rows, ct);
                // The public export takes the content from the published revision: the working copy's tables are only
                // read for an editor's export, or for a page with a practice whose published revision is missing.
                var full = !filter.PublicOnly || rows.Any(r => r.PublishedNumber is null);
                await read.TextsAsync(after, upTo, rows, full, ct);
                await read.EndorsementsAsync(after, upTo, rows, ct);
                if (full) await read.WorkingCopyAsync(after, upTo, rows, ct);
                lastId = upTo;
                yield return new ExportPage(rows, orgs);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class Reader(DbConnection conn, ExportFilter filter, bool sqlite, int pageSize)
    {
        public async Task<List<ExportRow>> PracticesAsync(int after, CancellationToken ct)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"""
                SELECT p."Id", p."OriginalLanguage", p."Status", p."PeriodStart", p."PeriodEnd", p."Scale", p."Licence", p."IsSample",
                    p."CreatedAt", p."UpdatedAt", p."PublishedAt", p."PublishedRevisionId"
                FROM "Practices" p
                WHERE p."Id" > @after{filter.Sql(cmd)}
                ORDER BY p."Id"
                LIMIT {pageSize}
                """;
            Add(cmd, "@after", after);
            var rows = new List<ExportRow>(pageSize);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var p = new Practice
                {
                    Id = r.GetInt32(0), OriginalLanguage = r.GetString(1), PeriodStart = Int(r, 3), PeriodEnd = Int(r, 4), Scale = Str(r, 5),
                    Licence = r.GetString(6), IsSample = r.GetBoolean(7), CreatedAt = Date(r, 8), UpdatedAt = Date(r, 9),
                    PublishedAt = r.IsDBNull(10) ? null : Date(r, 10), PublishedRevisionId = Int(r, 11),
                };
                p.ForceStatus(Enum<PracticeStatus>(r.GetString(2)));
                rows.Add(new ExportRow(p));
            }
            return rows;
        }

        /// <summary>The snapshot as UTF-8 bytes, which the export copies out: SQLite hands back a text column's bytes
        /// as a blob, PostgreSQL needs the conversion spelt out.</summary>
        public Task RevisionsAsync(int after, int upTo, List<ExportRow> rows, CancellationToken ct)
            => ForEachAsync(after, upTo, "Revisions",
                "x.\"Id\", x.\"Number\", x.\"CreatedAt\", x.\"UserName\", x.\"Note\", x.\"ChangedFields\", " + (sqlite ? "x.\"Snapshot\"" : "convert_to(x.\"Snapshot\", 'UTF8')"),
                "x.\"Number\"", null, rows, ct, (r, row) =>
                {
                    // In number order: the public export ends each history at the published revision, and the unreviewed
                    // ones after it are not read.
                    if (filter.PublicOnly && row.PublishedNumber is not null) return;
                    var id = r.GetInt32(1);
                    var revision = new RevisionRow(id, r.GetInt32(2), Date(r, 3), Str(r, 4), Str(r, 5), Str(r, 6), r.GetFieldValue<byte[]>(7));
                    row.Revisions.Add(revision);
                    if (id == row.Practice.PublishedRevisionId) row.PublishedNumber = revision.Number;
                });

        /// <summary>All of the texts for the working copy; for the public export only the translations' authors, the
        /// content being the published revision's — unless that revision is in another language than the practice
        /// now (the original language changed since), when the original's row names a translation's author too.</summary>
        public async Task TextsAsync(int after, int upTo, List<ExportRow> rows, bool full, CancellationToken ct)
        {
            string? only = null;
            if (!full)
            {
                var other = rows.Where(r => !StartsWithLanguage(r.Revisions.First(x => x.Number == r.PublishedNumber).Snapshot, r.Practice.OriginalLanguage))
                    .Select(r => r.Practice.Id).ToList();
                only = " AND (x.\"Language\" <> p.\"OriginalLanguage\"" + (other.Count > 0 ? $" OR p.\"Id\" IN ({string.Join(", ", other.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)))})" : "") + ")";
            }
            const string author = "x.\"Language\", x.\"AuthorName\"";
            const string all = author + ", x.\"Status\", x.\"UpdatedAt\", x.\"Title\", x.\"Summary\", x.\"Context\", x.\"Approach\", x.\"Implementation\", x.\"Results\", x.\"Lessons\", x.\"Transferability\"";
            await ForEachAsync(after, upTo, "PracticeTexts", full ? all : author, "x.\"Language\"", only, rows, ct, (r, row) =>
            {
                var t = new PracticeText { PracticeId = row.Practice.Id, Language = r.GetString(1), AuthorName = Str(r, 2) };
                if (full)
                {
                    t.Status = Enum<TranslationStatus>(r.GetString(3)); t.UpdatedAt = Date(r, 4);
                    t.Title = r.GetString(5); t.Summary = r.GetString(6); t.Context = r.GetString(7); t.Approach = r.GetString(8);
                    t.Implementation = r.GetString(9); t.Results = r.GetString(10); t.Lessons = r.GetString(11); t.Transferability = r.GetString(12);
                }
                row.Practice.Texts.Add(t);
            });
        }

        /// <summary>Whether a snapshot in the serializer's form starts with this language (anything else: no).</summary>
        private static bool StartsWithLanguage(byte[] snapshot, string language)
        {
            var prefix = "{\"language\":\""u8;
            var s = snapshot.AsSpan();
            if (!s.StartsWith(prefix)) return false;
            s = s[prefix.Length..];
            Span<byte> lang = stackalloc byte[32];
            return Encoding.UTF8.TryGetBytes(language, lang, out var n) && s.StartsWith(lang[..n]) && s.Length > n && s[n] == (byte)'"';
        }

        public Task EndorsementsAsync(int after, int upTo, List<ExportRow> rows, CancellationToken ct)
            => ForEachAsync(after, upTo, "Endorsements", "x.\"OrganisationId\", x.\"Statement\", x.\"StatementLanguage\", x.\"CreatedAt\"",
                "x.\"CreatedAt\", x.\"Id\"", null, rows, ct, (r, row) => row.Practice.Endorsements.Add(new Endorsement
                {
                    PracticeId = row.Practice.Id, OrganisationId = r.GetInt32(1), Statement = Str(r, 2), StatementLanguage = Str(r, 3), CreatedAt = Date(r, 4),
                }));

        /// <summary>The metadata tables <see cref="PracticeContent.From"/> reads the working copy from.</summary>
        public async Task WorkingCopyAsync(int after, int upTo, List<ExportRow> rows, CancellationToken ct)
        {
            await ForEachAsync(after, upTo, "PracticeCountries", "x.\"CountryCode\"", "x.\"CountryCode\"", null, rows, ct,
                (r, row) => row.Practice.Countries.Add(new PracticeCountry { PracticeId = row.Practice.Id, CountryCode = r.GetString(1) }));
            await ForEachAsync(after, upTo, "PracticeConcepts", "x.\"ConceptId\"", "x.\"ConceptId\"", null, rows, ct,
                (r, row) => row.Practice.Concepts.Add(new PracticeConcept { PracticeId = row.Practice.Id, ConceptId = r.GetString(1) }));
            await ForEachAsync(after, upTo, "PracticePillars", "x.\"PillarId\"", "x.\"PillarId\"", null, rows, ct,
                (r, row) => row.Practice.Pillars.Add(new PracticePillar { PracticeId = row.Practice.Id, PillarId = r.GetString(1) }));
            await ForEachAsync(after, upTo, "PracticeSdgTargets", "x.\"SdgTargetId\"", "x.\"SdgTargetId\"", null, rows, ct,
                (r, row) => row.Practice.SdgTargets.Add(new PracticeSdgTarget { PracticeId = row.Practice.Id, SdgTargetId = r.GetString(1) }));
            await ForEachAsync(after, upTo, "PracticeStandards", "x.\"StandardCode\"", "x.\"StandardCode\"", null, rows, ct,
                (r, row) => row.Practice.Standards.Add(new PracticeStandard { PracticeId = row.Practice.Id, StandardCode = r.GetString(1) }));
            await ForEachAsync(after, upTo, "PracticeOrganisations", "x.\"OrganisationId\", x.\"Role\", x.\"Position\"", "x.\"Position\", x.\"OrganisationId\"", null, rows, ct,
                (r, row) => row.Practice.Organisations.Add(new PracticeOrganisation { PracticeId = row.Practice.Id, OrganisationId = r.GetInt32(1), Role = r.GetString(2), Position = r.GetInt32(3) }));
            await ForEachAsync(after, upTo, "Indicators",
                "x.\"Position\", x.\"Name\", x.\"Unit\", x.\"BaselineValue\", x.\"BaselineYear\", x.\"ResultValue\", x.\"ResultYear\", x.\"Source\"", "x.\"Position\", x.\"Id\"", null, rows, ct,
                (r, row) => row.Practice.Indicators.Add(new Indicator
                {
                    PracticeId = row.Practice.Id, Position = r.GetInt32(1), Name = r.GetString(2), Unit = r.GetString(3),
                    BaselineValue = r.IsDBNull(4) ? null : r.GetDecimal(4), BaselineYear = Int(r, 5),
                    ResultValue = r.IsDBNull(6) ? null : r.GetDecimal(6), ResultYear = Int(r, 7), Source = Str(r, 8),
                }));
            await ForEachAsync(after, upTo, "Sources", "x.\"Position\", x.\"Title\", x.\"Publisher\", x.\"Year\", x.\"Url\"", "x.\"Position\", x.\"Id\"", null, rows, ct,
                (r, row) => row.Practice.Sources.Add(new Source
                {
                    PracticeId = row.Practice.Id, Position = r.GetInt32(1), Title = r.GetString(2), Publisher = Str(r, 3), Year = Int(r, 4), Url = Str(r, 5),
                }));
        }

        /// <summary>Runs <c>SELECT x."PracticeId", columns FROM table x</c> over the page's practices (ids after
        /// <paramref name="after"/> up to <paramref name="upTo"/> that match the filter) and hands each row to
        /// <paramref name="read"/> with its practice: both are in practice id order, so one pass merges them.</summary>
        private async Task ForEachAsync(int after, int upTo, string table, string columns, string order, string? where, List<ExportRow> rows,
            CancellationToken ct, Action<DbDataReader, ExportRow> read)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"""
                SELECT x."PracticeId", {columns}
                FROM "{table}" x JOIN "Practices" p ON p."Id" = x."PracticeId"
                WHERE p."Id" > @after AND p."Id" <= @upTo{filter.Sql(cmd)}{where}
                ORDER BY x."PracticeId", {order}
                """;
            Add(cmd, "@after", after);
            Add(cmd, "@upTo", upTo);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var i = 0;
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt32(0);
                while (i < rows.Count && rows[i].Practice.Id < id) i++;
                if (i < rows.Count && rows[i].Practice.Id == id) read(r, rows[i]);
            }
        }

        public async Task<Dictionary<int, ExportOrganisation>> OrganisationsAsync(CancellationToken ct)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                SELECT o."Id", o."Key", o."Name", o."Acronym", o."Group", o."CountryCode", o."NameFr", o."NameEs", o."NameZh", o."IsSample"
                FROM "Organisations" o
                """;
            var orgs = new Dictionary<int, ExportOrganisation>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var o = new Organisation
                {
                    Id = r.GetInt32(0), Key = Str(r, 1), Name = r.GetString(2), Acronym = Str(r, 3), Group = Enum<ConstituentGroup>(r.GetString(4)),
                    CountryCode = Str(r, 5), NameFr = Str(r, 6), NameEs = Str(r, 7), NameZh = Str(r, 8), IsSample = r.GetBoolean(9),
                };
                orgs[o.Id] = new ExportOrganisation(o);
            }
            return orgs;
        }

        /// <summary>As AppDb's converter reads it: every DateTime is UTC (SQLite stores no kind). SQLite's text in EF's
        /// format is read here: the provider's DateTime.Parse was a tenth of the reading time.</summary>
        private DateTime Date(DbDataReader r, int i)
            => DateTime.SpecifyKind(sqlite && SqliteDate(r.GetString(i)) is { } d ? d : r.GetDateTime(i), DateTimeKind.Utc);

        /// <summary><c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> as DateTime.Parse reads it; null for anything else.</summary>
        internal static DateTime? SqliteDate(string s)
        {
            if (s.Length is < 19 or 20 or > 27 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || (s.Length > 19 && s[19] != '.'))
                return null;
            int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2), hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
            var fraction = s.Length > 19 ? Digits(s, 20, s.Length - 20) : 0;
            if ((year | month | day | hour | minute | second | fraction) < 0 || year < 1 || month is < 1 or > 12 || day < 1
                || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
                return null;
            for (var n = s.Length; n < 27; n++) fraction *= 10;
            return new DateTime(year, month, day, hour, minute, second).AddTicks(fraction);
        }

        /// <summary>The number written with <paramref name="count"/> ASCII digits, or -1.</summary>
        private static int Digits(string s, int start, int count)
        {
            var v = 0;
            for (var i = start; i < start + count; i++)
            {
                var d = s[i] - '0';
                if ((uint)d > 9) return -1 << 30;
                v = v * 10 + d;
            }
            return v;
        }
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>As EF's enum-to-string conversion reads a stored name.</summary>
    private static T Enum<T>(string s) where T : struct, Enum
        => System.Enum.TryParse<T>(s, out var v) || System.Enum.TryParse(s, ignoreCase: true, out v) ? v : default;
}
