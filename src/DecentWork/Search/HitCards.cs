using System.Globalization;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>What a result shows of a practice — id, original language, and per language the title and the excerpt —
/// kept in one binary doc-values field rather than as stored fields.</summary>
/// <remarks>Stored fields are compressed in 16 KB blocks, and reading one document's decompresses its whole block:
/// that was a quarter of a query's time for ten hits (profiled at 20,000 practices). Doc values are read in place from
/// the memory-mapped file, a few hundred bytes per hit.</remarks>
public static class HitCards
{
    public const string Field = "card";

    private const char Separator = '\u001f';

    /// <summary>Lucene refuses a binary value over 32 KB; a card is a few KB at most (titles and excerpts are short),
    /// and is cut rather than failing a document if a title is absurdly long.</summary>
    private const int MaxTextLength = 2_000;

    public static BinaryDocValuesField Build(int id, string original, IEnumerable<(string Lang, string Title, string Excerpt)> texts)
    {
        var sb = new StringBuilder();
        sb.Append(id.ToString(CultureInfo.InvariantCulture)).Append(Separator).Append(original);
        foreach (var (lang, title, excerpt) in texts)
            sb.Append(Separator).Append(lang).Append(Separator).Append(Clean(title)).Append(Separator).Append(Clean(excerpt));
        return new BinaryDocValuesField(Field, new BytesRef(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static string Clean(string s)
    {
        if (s.Length > MaxTextLength) s = s[..MaxTextLength];
        return s.Contains(Separator) ? s.Replace(Separator, ' ') : s;
    }

    /// <summary>A hit's card in the reader's language when the practice has it, else in its original language.</summary>
    public sealed record Card(int Id, string Language, string Title, string Excerpt);

    /// <summary>Reads cards of top-level document numbers, segment by segment.</summary>
    public sealed class Reader(IndexSearcher searcher)
    {
        private readonly IList<AtomicReaderContext> _leaves = searcher.IndexReader.Leaves;
        private readonly Dictionary<int, BinaryDocValues?> _values = [];
        private readonly BytesRef _bytes = new();

        /// <summary>A document's card as UTF-8 bytes (empty in a segment without cards), valid until the next call.</summary>
        private ReadOnlySpan<byte> Bytes(int doc)
        {
            var i = ReaderUtil.SubIndex(doc, _leaves);
            if (!_values.TryGetValue(i, out var dv)) _values[i] = dv = _leaves[i].AtomicReader.GetBinaryDocValues(Field);
            if (dv is null) return [];
            dv.Get(doc - _leaves[i].DocBase, _bytes);
            return _bytes.Bytes.AsSpan(_bytes.Offset, _bytes.Length);
        }

        public Card Read(int doc, string reader)
        {
            // Only the chosen language's title and excerpt are decoded: the card holds every language's, and decoding it
            // whole then splitting it was most of what a search allocated (20 cards of a few KB on a page). The
            // separator is one byte in UTF-8 that never occurs inside a multi-byte character, so the bytes are cut as they are.
            var bytes = Bytes(doc);
            Span<Range> parts = stackalloc Range[MaxParts];
            var n = Cut(bytes, parts);
            if (n < 2) return new Card(0, Shared.Languages.Default, "", "");
            var id = int.Parse(bytes[parts[0]], CultureInfo.InvariantCulture);
            var originalBytes = bytes[parts[1]];
            int? mine = null, fallback = null;
            for (var p = 2; p + 2 < n; p += 3)
            {
                var lang = bytes[parts[p]];
                if (mine is null && Ascii.Equals(lang, reader)) mine = p;
                if (fallback is null && lang.SequenceEqual(originalBytes)) fallback = p;
            }
            var at = mine ?? fallback ?? (n >= 5 ? 2 : -1);
            var original = Encoding.UTF8.GetString(originalBytes);
            if (at < 0) return new Card(id, original, "", "");
            var language = at == fallback ? original : Encoding.UTF8.GetString(bytes[parts[at]]);
            return new Card(id, language, Encoding.UTF8.GetString(bytes[parts[at + 1]]), Encoding.UTF8.GetString(bytes[parts[at + 2]]));
        }

        /// <summary>Id, original language, and three parts per language (at most a few dozen languages); parts past
        /// the last slot stay in it, which drops only languages beyond that.</summary>
        private const int MaxParts = 2 + 3 * 40;

        private static int Cut(ReadOnlySpan<byte> bytes, Span<Range> parts)
        {
            int n = 0, start = 0;
            while (n < parts.Length - 1)
            {
                var end = bytes[start..].IndexOf((byte)Separator);
                if (end < 0) break;
                parts[n++] = new Range(start, start + end);
                start += end + 1;
            }
            parts[n++] = new Range(start, bytes.Length);
            return n;
        }

        /// <summary>Only the practice id at the head of a hit's card, for hits whose card is not shown.</summary>
        public int ReadId(int doc)
        {
            var id = 0;
            foreach (var b in Bytes(doc))
            {
                if (b is < (byte)'0' or > (byte)'9') break;
                id = id * 10 + (b - '0');
            }
            return id;
        }
    }
}
