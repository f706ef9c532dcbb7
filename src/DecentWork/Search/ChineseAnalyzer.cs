using System.Globalization;
using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace DecentWork.Search;

/// <summary>The tokens of <c>new SmartChineseAnalyzer(LuceneVersion.LUCENE_48)</c> — terms, position increments,
/// offsets, types, final offset — at a fraction of its cost (SmartCn allocates per candidate word and word pair of
/// every sentence). Tests compare the two token for token on varied text (ChineseAnalyzerTests).</summary>
/// <remarks>What is SmartCn's own is reused as it is: its dictionaries (see <see cref="ChineseDictionary"/>), its
/// sentence splitting (SegmentingTokenizerBase's buffer and ICU's sentence rules, about 2 % of its time), and its
/// Porter stemming and stop filter. Only the segmentation of a sentence is ours (<see cref="ChineseSegmenter"/>).</remarks>
/// <param name="wordPairs">For indexing: adds each pair of adjacent words as a term (<see cref="WordPairs"/>).</param>
public sealed class ChineseAnalyzer(bool wordPairs = false) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new ChineseTokenizer(reader);
        TokenStream ts = new PorterStemFilter(source);
        ts = new StopFilter(SearchAnalyzers.Version, ts, SmartChineseAnalyzer.DefaultStopSet);
        if (wordPairs) ts = new WordPairs.Filter(ts);
        return new TokenStreamComponents(source, ts);
    }

    /// <summary>HMMChineseTokenizer with our segmenter: sentences are found by the same base class and the same ICU
    /// iterator, so buffer boundaries, offsets and the final offset are SmartCn's by construction.</summary>
    private sealed class ChineseTokenizer : SegmentingTokenizerBase
    {
        private static readonly BreakIterator SentenceProto = BreakIterator.GetSentenceInstance(CultureInfo.InvariantCulture);

        // Cloned under a lock: a clone reads the prototype's state, and tokenizers are made on many threads.
        private static BreakIterator NewSentenceIterator()
        {
            lock (SentenceProto) return (BreakIterator)SentenceProto.Clone();
        }

        private readonly ChineseSegmenter _segmenter = new();
        private readonly ICharTermAttribute _term;
        private readonly IOffsetAttribute _offset;
        private readonly ITypeAttribute _type;
        private int _sentenceOffset;
        private int _next;
        private int _count;

        public ChineseTokenizer(TextReader reader) : base(reader, NewSentenceIterator())
        {
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        protected override void SetNextSentence(int sentenceStart, int sentenceEnd)
        {
            _segmenter.Segment(m_buffer, sentenceStart, sentenceEnd - sentenceStart);
            _sentenceOffset = m_offset + sentenceStart;
            _count = _segmenter.WordCount;
            _next = 0;
        }

        protected override bool IncrementWord()
        {
            if (_next == _count) return false;
            ClearAttributes();
            int start = _segmenter.WordStart(_next), end = _segmenter.WordEnd(_next);
            var buffer = _term.ResizeBuffer(end - start);
            _term.Length = _segmenter.Term(_next, buffer);
            _offset.SetOffset(CorrectOffset(_sentenceOffset + start), CorrectOffset(_sentenceOffset + end));
            _type.Type = "word";
            _next++;
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _next = _count = 0;
        }
    }
}
