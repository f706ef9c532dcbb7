using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DecentWork.Practices;
using DecentWork.Shared;

namespace DecentWork.OpenData;

/// <summary>Writes export records to a stream as they are read, flushing after each page, so a client (or a pipe)
/// sees data at once and the server never holds more than a few pages.</summary>
public static class ExportWriter
{
    public static readonly string[] Formats = ["jsonl", "csv"];

    public static string ContentType(string format) => format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static async Task<int> WriteAsync(Stream output, string format, PracticeExport export, ExportFilter filter, CancellationToken ct = default)
        => format == "csv" ? await CsvAsync(output, export.ReadAsync(filter, ct), ct) : await JsonLinesAsync(output, export, filter, ct);

    /// <summary>Written in chunks of about this much; the stream is flushed after every page.</summary>
    private const int Chunk = 1 << 20;

    /// <summary>Reading pages (the database, on one task) and writing them (JSON, on this one) overlap, so the export
    /// can use two cores; two pages in between keep memory bounded.</summary>
    public static async Task<int> JsonLinesAsync(Stream output, PracticeExport export, ExportFilter filter, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pages = Channel.CreateBounded<ExportPage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var page in export.ReadPagesAsync(filter, stop.Token)) await pages.Writer.WriteAsync(page, stop.Token);
                pages.Writer.Complete();
            }
            catch (Exception e) { pages.Writer.Complete(e); }
        }, CancellationToken.None);

        var n = 0;
        var buffer = new ArrayBufferWriter<byte>(2 * Chunk);
        var json = new ExportJson(filter.PublicOnly);
        try
        {
            await using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = PracticeContent.Json.Encoder });
            await foreach (var page in pages.Reader.ReadAllAsync(ct))
            {
                foreach (var row in page.Rows)
                {
                    // A record whose snapshots are not in canonical form goes through the serializer: the same line.
                    if (!json.TryWrite(w, row, page.Organisations))
                    {
                        w.Reset();
                        JsonSerializer.Serialize(w, ExportRecords.From(row, page.Organisations, filter.PublicOnly), PracticeContent.Json);
                    }
                    w.Flush();
                    w.Reset();
                    buffer.GetSpan(1)[0] = (byte)'\n'; // never indented: one record, one line
                    buffer.Advance(1);
                    n++;
                    if (buffer.WrittenCount >= Chunk) await Drain(buffer, output, flush: false, ct);
                }
                await Drain(buffer, output, flush: true, ct);
            }
        }
        finally
        {
            stop.Cancel();
            await reading;
        }
        return n;
    }

    private static async Task Drain(ArrayBufferWriter<byte> buffer, Stream output, bool flush, CancellationToken ct)
    {
        if (buffer.WrittenCount > 0) await output.WriteAsync(buffer.WrittenMemory, ct);
        if (flush) await output.FlushAsync(ct);
        buffer.ResetWrittenCount();
    }

    /// <summary>The CSV columns, in order (documented in docs/export.md).</summary>
    public static readonly string[] Columns =
    [
        "id", "language", "title", "summary", "status", "countries", "themes", "pillars", "sdgTargets", "standards",
        "organisations", "periodStart", "periodEnd", "scale", "licence", "translations", "indicators", "sources",
        "isSample", "createdAt", "updatedAt", "publishedAt", "revisions",
    ];

    public static async Task<int> CsvAsync(Stream output, IAsyncEnumerable<ExportRecord> records, CancellationToken ct)
    {
        // The BOM is what makes spreadsheet programs read the file as UTF-8 (Chinese otherwise turns to mojibake).
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await w.WriteLineAsync(string.Join(',', Columns));
        var n = 0;
        await foreach (var r in records.WithCancellation(ct))
        {
            string[] row =
            [
                r.Id.ToString(CultureInfo.InvariantCulture), r.Language, r.Title, r.Summary, r.Status,
                Join(r.Countries), Join(r.Themes), Join(r.Pillars), Join(r.SdgTargets), Join(r.Standards),
                Join(r.Organisations.Select(o => o.Name ?? o.Key ?? o.Id?.ToString(CultureInfo.InvariantCulture))),
                r.Period?.Start?.ToString(CultureInfo.InvariantCulture) ?? "", r.Period?.End?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.Scale ?? "", r.Licence, Join(r.Translations.Select(t => t.Language)),
                Join(r.Indicators.Select(Indicator)), Join(r.Sources.Select(s => s.Title)),
                r.IsSample ? "true" : "false", Date(r.CreatedAt), Date(r.UpdatedAt), r.PublishedAt is { } p ? Date(p) : "",
                r.Revisions.Count.ToString(CultureInfo.InvariantCulture),
            ];
            await w.WriteLineAsync(string.Join(',', row.Select(Csv.Escape)));
            if (++n % 200 == 0) await w.FlushAsync(ct);
        }
        await w.FlushAsync(ct);
        return n;
    }

    private static string Join(IEnumerable<string?> items) => string.Join("; ", items.Where(i => !string.IsNullOrEmpty(i)));

    private static string Date(DateTime d) => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Indicator(IndicatorDto i)
        => $"{i.Name}: {i.Result?.Value?.ToString(CultureInfo.InvariantCulture) ?? i.Baseline?.Value?.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(i.Unit) ? "" : " " + i.Unit)}";
}
