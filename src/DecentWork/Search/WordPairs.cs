using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DecentWork.Search;

/// <summary>Adjacent word pairs, indexed as terms of their own in the Chinese fields, so that an exact phrase of
/// Chinese words is read from one short list instead of matching the positions of every word in every document.</summary>
/// <remarks>A Chinese query word is usually several SmartCn words (职业培训 → 职业 | 培训), searched as those words
/// plus the exact phrase. Both words are common, so the phrase meant walking the positions of each in a quarter of
/// the corpus: 40 ms of a query at a million practices. The pair "职业 培训" is a term at the position of its first
/// word, in the same field: its documents and frequencies are exactly the phrase's (two words at consecutive
/// positions), and a phrase of more words is a phrase of consecutive pairs, much rarer than its words. The pair is
/// stacked on its first word (position increment 0), so DefaultSimilarity, which discounts overlapping tokens, gives
/// the field the same length norm; and TF-IDF weighs terms by their own document frequency only, so no other term
/// scores differently. Phrases are still scored as Lucene scores the phrase of words (TermAtATimeQuery).</remarks>
public static class WordPairs
{
    /// <summary>Query tokens never hold a space (the tokenizers split on it), so a pair cannot meet a word.</summary>
    public const char Separator = ' ';

    public static string Pair(string first, string second) => first + Separator + second;

    /// <summary>Adds after each word that directly follows another (position increment 1) the pair of the two, stacked
    /// on the earlier word.</summary>
    /// <remarks>The held word is kept as its text and offsets, not as a captured state: between the pair and the
    /// word no other token is read, so every other attribute still holds the word's values, and cloning all
    /// attributes twice per word (CaptureState, RestoreState) was a sixth of the whole index build.</remarks>
    public sealed class Filter : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private char[] _last = new char[16];
        private int _lastLength = -1;
        private int _lastStart;
        private bool _held;
        private int _heldStart, _heldEnd;

        public Filter(TokenStream input) : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_held)
            {
                // The word after its pair: its text is the pair's tail, which is what _last now holds.
                _held = false;
                _last.AsSpan(0, _lastLength).CopyTo(_term.ResizeBuffer(_lastLength));
                _term.Length = _lastLength;
                _increment.PositionIncrement = 1;
                _offset.SetOffset(_heldStart, _heldEnd);
                _lastStart = _heldStart;
                return true;
            }
            if (!m_input.IncrementToken()) return false;
            if (_lastLength < 0 || _increment.PositionIncrement != 1)
            {
                Remember();
                return true;
            }
            // The word waits while its pair with the previous word goes first, on the previous word's position.
            var length = _term.Length;
            _held = true;
            _heldStart = _offset.StartOffset;
            _heldEnd = _offset.EndOffset;
            var pairLength = _lastLength + 1 + length;
            var buffer = _term.ResizeBuffer(pairLength);
            buffer.AsSpan(0, length).CopyTo(buffer.AsSpan(_lastLength + 1)); // overlapping: Span copies as memmove does
            _last.AsSpan(0, _lastLength).CopyTo(buffer);
            buffer[_lastLength] = Separator;
            _term.Length = pairLength;
            _increment.PositionIncrement = 0;
            _offset.SetOffset(_lastStart, _heldEnd);
            // The word becomes the one the next pair starts with (and what the next call emits).
            var wordAt = _lastLength + 1;
            if (_last.Length < length) _last = new char[Math.Max(length, _last.Length * 2)];
            buffer.AsSpan(wordAt, length).CopyTo(_last);
            _lastLength = length;
            return true;
        }

        private void Remember()
        {
            if (_last.Length < _term.Length) _last = new char[Math.Max(_term.Length, _last.Length * 2)];
            _term.Buffer.AsSpan(0, _term.Length).CopyTo(_last);
            _lastLength = _term.Length;
            _lastStart = _offset.StartOffset;
        }

        public override void Reset()
        {
            base.Reset();
            _lastLength = -1;
            _held = false;
        }
    }

    /// <summary>An exact phrase over a field indexed with <see cref="Filter"/>: Lucene scores it as the PhraseQuery it is;
    /// TermAtATimeQuery matches it on the pairs' lists and gives it the same score.</summary>
    public sealed class PhraseQuery : Lucene.Net.Search.PhraseQuery
    {
        /// <summary>The pairs to look up, with their offsets; null when the words are not at consecutive positions (a
        /// stop word between them), which only the words' own positions can answer.</summary>
        public (Term[] Pairs, int[] Offsets)? Pairs()
        {
            var terms = GetTerms();
            var positions = GetPositions();
            if (Slop != 0 || terms.Length < 2) return null;
            for (var i = 1; i < positions.Length; i++)
                if (positions[i] != positions[0] + i || terms[i].Field != terms[0].Field) return null;
            var pairs = new Term[terms.Length - 1];
            var offsets = new int[pairs.Length];
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = new Term(terms[0].Field, Pair(terms[i].Text, terms[i + 1].Text));
                offsets[i] = i;
            }
            return (pairs, offsets);
        }
    }
}
