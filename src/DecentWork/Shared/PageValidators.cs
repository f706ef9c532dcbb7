using System.Buffers;
using System.IO.Hashing;
using Microsoft.Net.Http.Headers;

namespace DecentWork.Shared;

/// <summary>Gives every read page (a GET answered 200 with HTML) an ETag made from its bytes and answers a matching
/// If-None-Match with 304, so a reader on a slow line who comes back to a page gets ~200 bytes instead of the page.
/// Hashing what was rendered, rather than guessing from revision ids, cannot go stale when a page shows something
/// new (an endorsement, a similar practice).</summary>
/// <remarks>The page is held in pooled 16 KB chunks and hashed as it is written. A MemoryStream grew by doubling
/// into a fresh array per page — a search page is ~140 KB, so every request put two or three arrays on the large
/// object heap, and the background collections they set off took a tenth of the server's CPU under load.</remarks>
public sealed class PageValidators(RequestDelegate next)
{
    private const int MaxBuffered = 512 * 1024;

    public async Task InvokeAsync(HttpContext ctx)
    {
        // Only the pages (/{lang}/…): feeds, OAI-PMH, sitemaps and the API stream their answers and keep doing so.
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) || !IsPage(ctx.Request.Path))
        {
            await next(ctx);
            return;
        }
        var original = ctx.Response.Body;
        using var buffer = new PageBuffer();
        ctx.Response.Body = buffer;
        try { await next(ctx); }
        finally { ctx.Response.Body = original; }

        var r = ctx.Response;
        if (r.StatusCode == StatusCodes.Status200OK && !r.HasStarted && buffer.Length <= MaxBuffered
            && r.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && !r.Headers.ContainsKey(HeaderNames.SetCookie) && !r.Headers.ContainsKey(HeaderNames.ETag)
            && !r.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            var hash = buffer.Hash();
            // Weak: the same page is sent as Brotli, gzip or plain bytes.
            var etag = $"W/\"{Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
            r.Headers.ETag = etag;
            // Stored by the browser but checked with the server every time: readers always see the current page.
            r.Headers.CacheControl = ctx.User.Identity?.IsAuthenticated == true ? "private, no-cache" : "no-cache";
            if (Matches(ctx.Request.Headers.IfNoneMatch, etag))
            {
                r.StatusCode = StatusCodes.Status304NotModified;
                r.ContentLength = null;
                r.Headers.ContentType = default;
                return;
            }
        }
        if (HttpMethods.IsHead(ctx.Request.Method) || buffer.Length == 0) return;
        // The whole page is known: its length goes in the header (no chunked framing; a compressing layer outside
        // this one drops it again).
        if (!r.HasStarted && r.ContentLength is null) r.ContentLength = buffer.Length;
        // Into the server's pipe in one go and flushed once (a write to the body stream is flushed, so copying the
        // chunks to it one by one sent them one by one).
        buffer.WriteTo(r.BodyWriter);
        await r.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    private static bool IsPage(PathString path)
    {
        var value = path.Value ?? "";
        if (value.Length < 3) return false;
        var end = value.IndexOf('/', 1);
        return Languages.IsSupported(end < 0 ? value[1..] : value[1..end]);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
            foreach (var candidate in (header ?? "").Split(','))
            {
                var c = candidate.Trim();
                // Weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter.
                if (c == "*" || Opaque(c) == Opaque(etag)) return true;
            }
        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    /// <summary>A write-only stream of pooled chunks that hashes what it is given; the chunks go back to the pool when
    /// it is disposed.</summary>
    /// <remarks>XXH128, not SHA-256: a validator only has to change when the page does, and nobody gains by forging a
    /// collision (the most it could do is keep a reader on an older copy of a page the forger wrote both versions of).
    /// SHA-256 took ~2 % of the search page's server CPU (OpenSSL's context made per request, then the hash).</remarks>
    private sealed class PageBuffer : Stream
    {
        private const int ChunkSize = 16 * 1024;
        private readonly List<byte[]> _chunks = [];
        private readonly XxHash128 _hash = new();
        private int _used = ChunkSize; // bytes used in the last chunk; "full" until the first one is rented
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            _hash.Append(bytes);
            _length += bytes.Length;
            while (bytes.Length > 0)
            {
                if (_used == ChunkSize)
                {
                    _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                    _used = 0;
                }
                var n = Math.Min(bytes.Length, ChunkSize - _used);
                bytes[..n].CopyTo(_chunks[^1].AsSpan(_used));
                _used += n;
                bytes = bytes[n..];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

        /// <summary>Copies what was buffered to the real response's writer, without flushing it.</summary>
        public void WriteTo(IBufferWriter<byte> destination)
        {
            for (var i = 0; i < _chunks.Count; i++)
                destination.Write(_chunks[i].AsSpan(0, i == _chunks.Count - 1 ? _used : ChunkSize));
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
                _chunks.Clear();
            }
            base.Dispose(disposing);
        }
    }
}
