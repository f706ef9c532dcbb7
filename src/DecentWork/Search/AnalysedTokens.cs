using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace DecentWork.Search;

/// <summary>A field's tokens, analysed ahead of time and replayed to the index writer: what lets a rebuild analyse on
/// every core while one thread still adds the documents in practice order.</summary>
/// <remarks>Only what the writer reads of a token is kept — its text, position increment and offsets, and the final
/// increment and offset reported at the end — so the inverted field is the one the analyzer would have produced.
/// Adding documents from several threads would also use every core, but in an order that changes from one rebuild to
/// the next, and with it which of two equally scored practices comes first.</remarks>
public sealed class AnalysedTokens : TokenStream
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly IOffsetAttribute _offset;

    private char[] _chars;
    private int _charCount;
    private int[] _tokens; // per token: start in _chars, length, position increment, start offset
    private int[] _ends;   // end offsets
    private int _count;
    private int _finalIncrement;
    private int _finalOffset;
    private int _next;

    /// <summary>What the analysing threads share with the one thread that replays their tokens to the writer: the
    /// attributes of every replayed stream, built once (building them per field took a lock in Lucene's attribute
    /// factory three times a field, contended between the analysing threads). Streams sharing attributes must be
    /// consumed one at a time, which one writer thread does.</summary>
    public sealed class Replay
    {
        internal readonly AttributeSource Source = new();

        public Replay()
        {
            Source.AddAttribute<ICharTermAttribute>();
            Source.AddAttribute<IPositionIncrementAttribute>();
            Source.AddAttribute<IOffsetAttribute>();
        }

        /// <summary>Replaces the text of every analysed field of <paramref name="doc"/> with its tokens, analysed now
        /// by <paramref name="analyzer"/> (the index writer's). Keyword-like fields are included: the analyzer reuses
        /// their streams per thread, so they cost nothing extra.</summary>
        public Document Analyse(Document doc, Analyzer analyzer)
        {
            foreach (var f in doc.Fields)
            {
                if (f is not Field field || !field.IndexableFieldType.IsIndexed || !field.IndexableFieldType.IsTokenized) continue;
                if (field.GetTokenStreamValue() is not null || field.GetStringValue() is not { } text) continue;
                var tokens = new AnalysedTokens(this, text.Length);
                tokens.Capture(analyzer, field.Name, text);
                field.SetTokenStream(tokens);
            }
            return doc;
        }
    }

    private AnalysedTokens(Replay owner, int textLength) : base(owner.Source)
    {
        // Sized for the text: a token's characters are (nearly always) fewer than the text's, and Latin words
        // average five or six letters plus a separator (a Chinese word two characters).
        _chars = new char[textLength + 16];
        _ends = new int[textLength / 3 + 8];
        _tokens = new int[4 * _ends.Length];
        _term = GetAttribute<ICharTermAttribute>();
        _increment = GetAttribute<IPositionIncrementAttribute>();
        _offset = GetAttribute<IOffsetAttribute>();
    }

    private void Capture(Analyzer analyzer, string name, string text)
    {
        using var ts = analyzer.GetTokenStream(name, text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var increment = ts.AddAttribute<IPositionIncrementAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        ts.Reset();
        while (ts.IncrementToken()) Append(term.Buffer, term.Length, increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
        ts.End();
        _finalIncrement = increment.PositionIncrement;
        _finalOffset = offset.EndOffset;
    }

    private void Append(char[] buffer, int length, int increment, int start, int end)
    {
        if (_charCount + length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + length));
        Array.Copy(buffer, 0, _chars, _charCount, length);
        if (_count == _ends.Length)
        {
            Array.Resize(ref _ends, _count * 2);
            Array.Resize(ref _tokens, _count * 8);
        }
        var t = 4 * _count;
        _tokens[t] = _charCount;
        _tokens[t + 1] = length;
        _tokens[t + 2] = increment;
        _tokens[t + 3] = start;
        _ends[_count++] = end;
        _charCount += length;
    }

    public override bool IncrementToken()
    {
        if (_next == _count) return false;
        ClearAttributes();
        var t = 4 * _next;
        _term.CopyBuffer(_chars, _tokens[t], _tokens[t + 1]);
        _increment.PositionIncrement = _tokens[t + 2];
        _offset.SetOffset(_tokens[t + 3], _ends[_next]);
        _next++;
        return true;
    }

    public override void End()
    {
        base.End();
        _increment.PositionIncrement = _finalIncrement;
        _offset.SetOffset(_finalOffset, _finalOffset);
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
