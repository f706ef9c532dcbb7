using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace DecentWork.Search;

public sealed partial class TermAtATimeQuery
{
    /// <summary>A term's postings in one segment read once from the index and kept for the segment's life, within a memory
    /// budget, bit-packed in blocks of <see cref="BlockSize"/>: documents as gaps and term frequencies (and, for the words
    /// of phrases, positions as gaps within each document), each block at the fewest bits its largest value needs.</summary>
    /// <remarks>Reading postings through Lucene's scorer costs some 30–50 ns a document here (block decoding, the norms
    /// lookup, two virtual calls each way; profiled at 100,000 practices); unpacking these blocks costs one or two. A
    /// search's words are drawn from a language's common vocabulary, so the same terms come back query after query.
    /// At a million practices the lists queries read did not fit 512 MB as plain arrays (five bytes a posting: four
    /// lists decoded and thrown away again per query); packed, a common word's posting takes about one byte, so five
    /// times as many lists stay. Each block records its last document, so a walk towards sparse candidates skips whole
    /// blocks unread. Terms on fewer than <see cref="MinDocFreq"/> documents of a segment are cheap to read as they are
    /// and are not kept (only their count is). A segment never changes, so nothing goes stale; when a segment's lists
    /// reach <see cref="BudgetBytes"/>, those not used since the previous eviction are dropped (and read again if a
    /// query asks).</remarks>
    public sealed class DecodedPostings
    {
        public const int MinDocFreq = 128;
        public const int BlockSize = 128;

        /// <summary>Per segment; set from <see cref="SearchOptions"/> at start-up.</summary>
        public static long BudgetBytes { get; set; } = 512L << 20;

        private sealed class PerSegment
        {
            public readonly System.Collections.Concurrent.ConcurrentDictionary<Term, DecodedPostings> Terms = new();
            public readonly System.Collections.Concurrent.ConcurrentDictionary<Term, DecodedPostings> WithPositions = new();
            public readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]?> Norms = new(StringComparer.Ordinal);
            public long Bytes;
        }

        private static readonly ConditionalWeakTable<object, PerSegment> Segments = new();

        public int DocFreq { get; private init; }
        /// <summary>Postings kept (0 when the term is not kept).</summary>
        public int Count { get; private init; }

        // Block k holds postings [k·BlockSize, min(Count, (k+1)·BlockSize)). Its documents start at bit _start[k] of
        // _packed: _docBits[k] bits per gap (gap − 1: documents are increasing), then _freqBits[k] bits per frequency − 1.
        private int[]? _last;
        private long[]? _start;
        private byte[]? _docBits, _freqBits;
        private ulong[]? _packed;
        // Positions, for the words of phrases: block k's start at bit _posStart[k] of _posPacked, _posBits[k] bits per
        // value — a document's first position, then the gaps to its next ones.
        private long[]? _posStart;
        private byte[]? _posBits;
        private ulong[]? _posPacked;

        /// <summary>Whether the postings are kept here (otherwise Lucene's scorer reads them).</summary>
        public bool IsKept => _last is not null;
        public bool HasPositions => _posPacked is not null;
        public int BlockCount => _last?.Length ?? 0;

        /// <summary>The last document of block k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int LastDoc(int k) => _last![k];

        /// <summary>Unpacks block k's documents and frequencies; returns how many postings it holds.</summary>
        public int Block(int k, int[] docs, int[] freqs)
        {
            var n = Math.Min(BlockSize, Count - k * BlockSize);
            var bit = _start![k];
            int db = _docBits![k], fb = _freqBits![k];
            var prev = k == 0 ? -1 : _last![k - 1];
            ref var bytes = ref Bytes(_packed!);
            if (db == 0)
                for (var i = 0; i < n; i++) docs[i] = ++prev; // consecutive documents
            else
            {
                var mask = (1UL << db) - 1;
                for (var i = 0; i < n; i++, bit += db)
                    docs[i] = prev += (int)(Read(ref bytes, bit) & mask) + 1;
            }
            Unpack(ref bytes, bit, fb, n, freqs, 1);
            return n;
        }

        /// <summary>Unpacks block k's positions: posting i of the block (whose frequency is freqs[i]) has positions
        /// [starts[i], starts[i + 1]) of <paramref name="positions"/>, which grows as needed.</summary>
        public void Positions(int k, int n, int[] freqs, ref int[] positions, int[] starts)
        {
            var total = 0;
            for (var i = 0; i < n; i++) { starts[i] = total; total += freqs[i]; }
            starts[n] = total;
            if (positions.Length < total) positions = new int[Math.Max(total, positions.Length * 2)];
            Unpack(ref Bytes(_posPacked!), _posStart![k], _posBits![k], total, positions, 0);
            for (var i = 0; i < n; i++)
            {
                var end = starts[i + 1];
                var p = 0;
                for (var j = starts[i]; j < end; j++) positions[j] = p += positions[j];
            }
        }

        // Values are read eight bytes at a time from the byte where they start, shifted and masked: no branch for a
        // value that straddles two words (at most 32 bits + 7 of shift fit in 64). Every packed array ends with a spare
        // word so the last read stays inside it.
        private static ref byte Bytes(ulong[] packed) => ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetArrayDataReference(packed));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Read(ref byte bytes, long bit)
            => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bit >> 3))) >> (int)(bit & 7);

        private static void Unpack(ref byte bytes, long bit, int bits, int n, int[] into, int add)
        {
            if (bits == 0)
            {
                Array.Fill(into, add, 0, n);
                return;
            }
            var mask = (1UL << bits) - 1;
            for (var i = 0; i < n; i++, bit += bits) into[i] = (int)(Read(ref bytes, bit) & mask) + add;
        }

        private static readonly DecodedPostings Absent = new();

        /// <param name="always">Keep the list even when the term is rare (word pairs).</param>
        public static DecodedPostings Of(AtomicReader reader, Term term, bool positions = false, bool always = false)
        {
            var seg = Segments.GetValue(reader.CoreCacheKey, _ => new PerSegment());
            var terms = positions ? seg.WithPositions : seg.Terms;
            if (terms.TryGetValue(term, out var known))
            {
                known._used = true;
                return known;
            }
            var decoded = Decode(reader, term, positions, always);
            decoded._used = true;
            if (Interlocked.Add(ref seg.Bytes, decoded.Size) > BudgetBytes) Evict(seg);
            return terms.GetOrAdd(term, decoded);
        }

        private long Size => 64 + 8L * (_packed?.Length ?? 0) + 14L * (_last?.Length ?? 0)
            + 8L * (_posPacked?.Length ?? 0) + 9L * (_posStart?.Length ?? 0);

        // Second chance: set on every use, cleared by an eviction that spares the lists used since the last one. A word
        // readers keep asking for stays; one asked for once goes at the next eviction.
        private volatile bool _used;

        private static void Evict(PerSegment seg)
        {
            lock (seg)
            {
                if (Interlocked.Read(ref seg.Bytes) <= BudgetBytes) return; // another thread has made room
                foreach (var terms in new[] { seg.Terms, seg.WithPositions })
                    foreach (var (term, p) in terms)
                    {
                        if (p._used) p._used = false;
                        else if (terms.TryRemove(term, out _)) Interlocked.Add(ref seg.Bytes, -p.Size);
                    }
                if (Interlocked.Read(ref seg.Bytes) <= BudgetBytes) return;
                // Everything was in use since the last eviction: the budget is too small for what readers ask; start afresh.
                seg.Terms.Clear();
                seg.WithPositions.Clear();
                Interlocked.Exchange(ref seg.Bytes, 0);
            }
        }

        private static long _decoded;

        /// <summary>Terms read from the index since start-up (each a miss of the kept postings).</summary>
        public static long Decoded => Interlocked.Read(ref _decoded);

        /// <summary>Terms kept and their bytes, over every segment still alive.</summary>
        public static (int Terms, long Bytes) Kept()
        {
            int terms = 0;
            long bytes = 0;
            foreach (var (_, seg) in Segments)
            {
                terms += seg.Terms.Count + seg.WithPositions.Count;
                bytes += Interlocked.Read(ref seg.Bytes);
            }
            return (terms, bytes);
        }

        private static DecodedPostings Decode(AtomicReader reader, Term term, bool positions, bool always)
        {
            Interlocked.Increment(ref _decoded);
            var te = reader.GetTerms(term.Field)?.GetEnumerator();
            if (te is null || !te.SeekExact(term.Bytes)) return Absent;
            var df = te.DocFreq;
            if (df < MinDocFreq && !always) return new DecodedPostings { DocFreq = df };
            var docs = new int[df];
            var freqs = new int[df];
            var n = 0;
            List<int>? all = null;
            // Every posting, deleted documents too (the live documents are checked when scoring, as the scorer does).
            if (!positions)
            {
                var postings = te.Docs(null, null, DocsFlags.FREQS);
                for (var d = postings.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.NextDoc())
                {
                    var f = postings.Freq;
                    // A frequency past the tf table: read the usual way (never seen on practice texts).
                    if (f > byte.MaxValue) return new DecodedPostings { DocFreq = df };
                    docs[n] = d;
                    freqs[n++] = f;
                }
            }
            else
            {
                if (te.DocsAndPositions(null, null, DocsAndPositionsFlags.NONE) is not { } enumerator) return new DecodedPostings { DocFreq = df };
                all = new List<int>((int)Math.Clamp(te.TotalTermFreq, df, int.MaxValue / 2));
                for (var d = enumerator.NextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = enumerator.NextDoc())
                {
                    var f = enumerator.Freq;
                    if (f > byte.MaxValue) return new DecodedPostings { DocFreq = df };
                    docs[n] = d;
                    freqs[n++] = f;
                    var last = 0;
                    for (var i = 0; i < f; i++)
                    {
                        var p = enumerator.NextPosition();
                        all.Add(p - last); // the first position as it is, then gaps
                        last = p;
                    }
                }
            }
            return Pack(df, docs, freqs, n, all);
        }

        /// <summary>Packs sorted documents with their frequencies (and position gaps, in posting order).</summary>
        internal static DecodedPostings Pack(int docFreq, int[] docs, int[] freqs, int count, List<int>? positionGaps)
        {
            var blocks = (count + BlockSize - 1) / BlockSize;
            var last = new int[blocks];
            var start = new long[blocks];
            var docBits = new byte[blocks];
            var freqBits = new byte[blocks];
            var writer = new BitWriter(count); // about a byte a posting
            for (var k = 0; k < blocks; k++)
            {
                int from = k * BlockSize, to = Math.Min(count, from + BlockSize);
                int maxGap = 0, maxFreq = 0;
                for (var i = from; i < to; i++)
                {
                    maxGap = Math.Max(maxGap, docs[i] - (i == 0 ? -1 : docs[i - 1]) - 1);
                    maxFreq = Math.Max(maxFreq, freqs[i] - 1);
                }
                last[k] = docs[to - 1];
                start[k] = writer.Bits;
                docBits[k] = (byte)BitsFor(maxGap);
                freqBits[k] = (byte)BitsFor(maxFreq);
                if (docBits[k] > 0)
                    for (var i = from; i < to; i++) writer.Write((uint)(docs[i] - (i == 0 ? -1 : docs[i - 1]) - 1), docBits[k]);
                if (freqBits[k] > 0)
                    for (var i = from; i < to; i++) writer.Write((uint)(freqs[i] - 1), freqBits[k]);
            }
            var result = new DecodedPostings
            {
                DocFreq = docFreq, Count = count, _last = last, _start = start, _docBits = docBits, _freqBits = freqBits, _packed = writer.ToArray(),
            };
            if (positionGaps is null) return result;
            var posStart = new long[blocks];
            var posBits = new byte[blocks];
            var pw = new BitWriter(positionGaps.Count);
            var at = 0;
            for (var k = 0; k < blocks; k++)
            {
                int from = k * BlockSize, to = Math.Min(count, from + BlockSize);
                var n = 0;
                for (var i = from; i < to; i++) n += freqs[i];
                var max = 0;
                for (var i = at; i < at + n; i++) max = Math.Max(max, positionGaps[i]);
                posStart[k] = pw.Bits;
                posBits[k] = (byte)BitsFor(max);
                if (posBits[k] > 0)
                    for (var i = at; i < at + n; i++) pw.Write((uint)positionGaps[i], posBits[k]);
                at += n;
            }
            return new DecodedPostings
            {
                DocFreq = docFreq, Count = count, _last = last, _start = start, _docBits = docBits, _freqBits = freqBits, _packed = result._packed,
                _posStart = posStart, _posBits = posBits, _posPacked = pw.ToArray(),
            };
        }

        private static int BitsFor(int max) => max == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)max);

        private sealed class BitWriter(int bytesHint)
        {
            private ulong[] _words = new ulong[Math.Max(2, bytesHint / 8 + 2)];
            public long Bits { get; private set; }

            public void Write(uint value, int bits)
            {
                var w = (int)(Bits >> 6);
                var sh = (int)(Bits & 63);
                if (w + 2 >= _words.Length) Array.Resize(ref _words, _words.Length * 2);
                _words[w] |= (ulong)value << sh;
                if (sh + bits > 64) _words[w + 1] |= (ulong)value >> (64 - sh);
                Bits += bits;
            }

            /// <summary>The words written, and one spare (see <see cref="Read"/>).</summary>
            public ulong[] ToArray() => _words.AsSpan(0, (int)((Bits + 63) >> 6) + 1).ToArray();
        }

        /// <summary>The field's norms of the segment as one byte per document; null when the field has none.</summary>
        public static byte[]? NormsOf(AtomicReader reader, string field)
        {
            var seg = Segments.GetValue(reader.CoreCacheKey, _ => new PerSegment());
            return seg.Norms.GetOrAdd(field, f =>
            {
                if (reader.GetNormValues(f) is not { } norms) return null;
                var bytes = new byte[reader.MaxDoc];
                for (var d = 0; d < bytes.Length; d++) bytes[d] = (byte)(norms.Get(d) & 0xFF);
                return bytes;
            });
        }

        private static readonly ConditionalWeakTable<TFIDFSimilarity, float[]> Tfs = new(), NormValues = new();

        public static float[] TfTable(TFIDFSimilarity sim)
            => Tfs.GetValue(sim, s => Enumerable.Range(0, 256).Select(f => s.Tf(f)).ToArray());

        public static float[] NormTable(TFIDFSimilarity sim)
            => NormValues.GetValue(sim, s => Enumerable.Range(0, 256).Select(b => s.DecodeNormValue(b)).ToArray());
    }

    /// <summary>A position in one term's kept postings, moving forward only: the block it is in, unpacked (and its
    /// positions, when asked for), and the posting within it.</summary>
    private sealed class PostingsCursor(DecodedPostings postings)
    {
        public readonly int[] Docs = new int[DecodedPostings.BlockSize];
        public readonly int[] Freqs = new int[DecodedPostings.BlockSize];
        private readonly int[] _starts = new int[DecodedPostings.BlockSize + 1];
        private int[] _positions = new int[4 * DecodedPostings.BlockSize];
        private int _block = -1, _n, _positionsOf = -1;
        public int I;

        /// <summary>Moves to the first posting whose document is ≥ target; false when there is none.</summary>
        public bool AdvanceTo(int target)
        {
            if (_block < 0 || Docs[_n - 1] < target)
            {
                var k = _block + 1;
                var blocks = postings.BlockCount;
                while (k < blocks && postings.LastDoc(k) < target) k++;
                if (k == blocks) return false;
                _block = k;
                _n = postings.Block(k, Docs, Freqs);
                I = 0;
            }
            while (Docs[I] < target) I++;
            return true;
        }

        public int Doc => Docs[I];

        /// <summary>The current posting's positions: [start, end) of the returned array.</summary>
        public int[] Positions(out int start, out int end)
        {
            if (_positionsOf != _block)
            {
                postings.Positions(_block, _n, Freqs, ref _positions, _starts);
                _positionsOf = _block;
            }
            start = _starts[I];
            end = _starts[I + 1];
            return _positions;
        }
    }
}
