using System.Globalization;
using System.Text;
using System.Text.Json;
using DecentWork.Practices;
using DecentWork.Shared;

namespace DecentWork.OpenData;

/// <summary>Writes export records to a stream as they are read, flushing after each page's worth, so a client
/// (or a pipe) sees data at once and the server never holds more than one page.</summary>
public static class ExportWriter
{
    public static readonly string[] Formats = ["jsonl", "csv"];

    public static string ContentType(string format) => format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static async Task<int> WriteAsync(Stream output, string format, IAsyncEnumerable<ExportRecord> records, CancellationToken ct = default)
        => format == "csv" ? await CsvAsync(output, records, ct) : await JsonLinesAsync(output, records, ct);

    public static async Task<int> JsonLinesAsync(Stream output, IAsyncEnumerable<ExportRecord> records, CancellationToken ct)
    {
        var n = 0;
        var buffer = new MemoryStream();
        await foreach (var r in records.WithCancellation(ct))
        {
            JsonSerializer.Serialize(buffer, r, PracticeContent.Json); // never indented: one record, one line
            buffer.WriteByte((byte)'\n');
            if (++n % 50 == 0 || buffer.Length > 1 << 20) await Drain(buffer, output, ct);
        }
        await Drain(buffer, output, ct);
        return n;
    }

    private static async Task Drain(MemoryStream buffer, Stream output, CancellationToken ct)
    {
        if (buffer.Length == 0) return;
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        await output.FlushAsync(ct);
        buffer.SetLength(0);
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
