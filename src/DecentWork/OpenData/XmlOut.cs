using System.Text;
using System.Xml;

namespace DecentWork.OpenData;

/// <summary>An XmlWriter that streams to the response in chunks. Kestrel forbids synchronous writes, and the async
/// XmlWriter API doubles every call; so the writer fills a small buffer synchronously and each chunk is copied to
/// the body asynchronously. Memory stays at one chunk however long the document.</summary>
public sealed class XmlOut : IAsyncDisposable
{
    private const int ChunkBytes = 32 * 1024;
    private readonly MemoryStream _buffer = new();
    private readonly Stream _body;

    public XmlWriter W { get; }

    public XmlOut(Stream body)
    {
        _body = body;
        W = XmlWriter.Create(_buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false, CheckCharacters = true });
    }

    /// <summary>Sends what the writer has handed over once it fills a chunk, without flushing the writer: called after
    /// every record of a page, it costs nothing until then.</summary>
    public async Task SendFullChunkAsync(CancellationToken ct)
    {
        if (_buffer.Length < ChunkBytes) return;
        _buffer.Position = 0;
        await _buffer.CopyToAsync(_body, ct);
        _buffer.SetLength(0);
    }

    public async Task FlushAsync(CancellationToken ct, bool force = false)
    {
        W.Flush();
        if (!force && _buffer.Length < ChunkBytes) return;
        _buffer.Position = 0;
        await _buffer.CopyToAsync(_body, ct);
        _buffer.SetLength(0);
    }

    public async ValueTask DisposeAsync()
    {
        W.Dispose();
        _buffer.Position = 0;
        await _buffer.CopyToAsync(_body);
        await _buffer.DisposeAsync();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters a pasted text may hold), rather than
    /// failing half-way through a response.</summary>
    public static string Clean(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        if (s.All(XmlConvert.IsXmlChar) ) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i])) sb.Append(s[i]);
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) { sb.Append(s[i]).Append(s[i + 1]); i++; }
        }
        return sb.ToString();
    }
}
