using Lucene.Net.Analysis.Cn.Smart;

namespace DecentWork.Search;

/// <summary>SmartCn's HHMM segmentation of one sentence (its <c>HHMMSegmenter</c>, <c>SegGraph</c>, <c>BiSegGraph</c>
/// and <c>SegTokenFilter</c>), on arrays this instance keeps from one sentence to the next: SmartCn builds a
/// dictionary of lists, a token object and a char array per candidate word, and another array per word pair.</summary>
/// <remarks>One instance per tokenizer, so per thread. The candidate words are SmartCn's SegGraph in its index order
/// (by start, then as added); the shortest path relaxes each pair in the order SmartCn's Viterbi meets it, with the
/// same double arithmetic and the same strict comparison, so ties fall the same way.</remarks>
internal sealed class ChineseSegmenter
{
    // SmartCn's WordType values, as the kinds of candidate words.
    private const byte Begin = (byte)WordType.SENTENCE_BEGIN, End = (byte)WordType.SENTENCE_END,
        Chinese = (byte)WordType.CHINESE_WORD, Latin = (byte)WordType.STRING, Number = (byte)WordType.NUMBER,
        Delimiter = (byte)WordType.DELIMITER, FullWidthLatin = (byte)WordType.FULLWIDTH_STRING,
        FullWidthNumber = (byte)WordType.FULLWIDTH_NUMBER;

    private const byte Space = (byte)CharType.SPACE_LIKE, Hanzi = (byte)CharType.HANZI, Letter = (byte)CharType.LETTER,
        FullWidthLetter = (byte)CharType.FULLWIDTH_LETTER, Digit = (byte)CharType.DIGIT,
        FullWidthDigit = (byte)CharType.FULLWIDTH_DIGIT, DelimiterChar = (byte)CharType.DELIMITER;

    private static readonly string StringWord = new(Utility.STRING_CHAR_ARRAY), NumberWord = new(Utility.NUMBER_CHAR_ARRAY),
        StartWord = new(Utility.START_CHAR_ARRAY), EndWord = new(Utility.END_CHAR_ARRAY);

    private readonly ChineseDictionary _dict = ChineseDictionary.Instance;

    private char[] _text = [];
    private int _offset;
    private byte[] _types = new byte[64];
    private int[] _firstAt = new int[65];

    // Candidate words (SmartCn's SegTokens), in SegGraph index order.
    private int _count;
    private int[] _start = new int[128], _end = new int[128], _weight = new int[128], _prev = new int[128];
    private byte[] _kind = new byte[128];
    private double[] _distance = new double[128];

    // The best path's words, without the sentence's start and end.
    private int[] _words = new int[64];

    public int WordCount { get; private set; }

    /// <summary>Segments <paramref name="text"/>[offset, offset + length) as SmartCn segments one sentence.</summary>
    public void Segment(char[] text, int offset, int length)
    {
        _text = text;
        _offset = offset;
        if (_types.Length < length) _types = new byte[Math.Max(length, 2 * _types.Length)];
        if (_firstAt.Length < length + 1) _firstAt = new int[Math.Max(length + 1, 2 * _firstAt.Length)];
        var types = _dict.CharTypes;
        for (var i = 0; i < length; i++) _types[i] = types[text[offset + i]];
        BuildGraph(length);
        ShortestPath(length);
    }

    public int WordStart(int i) => _start[_words[i]];
    public int WordEnd(int i) => _end[_words[i]];

    /// <summary>The i-th word's term as SmartCn's WordSegmenter and SegTokenFilter leave it.</summary>
    public int Term(int i, char[] dest)
    {
        var t = _words[i];
        int start = _start[t], end = _end[t], n = 0;
        var text = _text.AsSpan(_offset);
        switch (_kind[t])
        {
            case Chinese:
                // A word may run over spaces between its characters; its term is the characters alone.
                for (var p = start; p < end; p++)
                    if (_types[p] != Space) dest[n++] = text[p];
                return n;
            case Delimiter:
                dest[0] = ',';
                return 1;
            case Latin:
                for (var p = start; p < end; p++) dest[n++] = text[p] is >= 'A' and <= 'Z' ? (char)(text[p] + 32) : text[p];
                return n;
            case FullWidthLatin or FullWidthNumber:
                for (var p = start; p < end; p++)
                {
                    var c = text[p];
                    if (c >= '０') c = (char)(c - 65248);
                    if (c is >= 'A' and <= 'Z') c = (char)(c + 32);
                    dest[n++] = c;
                }
                return n;
            default: // a number
                text[start..end].CopyTo(dest);
                return end - start;
        }
    }

    /// <summary>SmartCn's HHMMSegmenter.CreateSegGraph: every Hanzi alone and every dictionary word starting there,
    /// each run of Latin letters or of digits as one placeholder word, each delimiter and unknown character alone.</summary>
    private void BuildGraph(int n)
    {
        _count = 0;
        Add(Begin, -1, 0, _dict.StartFrequency);
        var text = _text.AsSpan(_offset, n);
        var types = _types;
        var i = 0;
        while (i < n)
        {
            int j;
            switch (types[i])
            {
                case Space:
                    i++;
                    break;
                case Hanzi:
                    Add(Chinese, i, i + 1, _dict.SingleFrequency(text[i]));
                    var node = _dict.Root(text[i]);
                    j = i + 1;
                    while (node >= 0)
                    {
                        if (_dict.IsWord(node)) Add(Chinese, i, j, _dict.Frequency(node));
                        while (j < n && types[j] == Space) j++;
                        if (j >= n || types[j] != Hanzi) break;
                        node = _dict.Child(node, text[j]);
                        j++;
                    }
                    i++;
                    break;
                case Letter or FullWidthLetter:
                    var wide = types[i] == FullWidthLetter;
                    for (j = i + 1; j < n && types[j] is Letter or FullWidthLetter; j++) wide |= types[j] == FullWidthLetter;
                    Add(wide ? FullWidthLatin : Latin, i, j, _dict.StringFrequency);
                    i = j;
                    break;
                case Digit or FullWidthDigit:
                    var wideDigit = types[i] == FullWidthDigit;
                    for (j = i + 1; j < n && types[j] is Digit or FullWidthDigit; j++) wideDigit |= types[j] == FullWidthDigit;
                    Add(wideDigit ? FullWidthNumber : Number, i, j, _dict.NumberFrequency);
                    i = j;
                    break;
                case DelimiterChar:
                    Add(Delimiter, i, i + 1, ChineseDictionary.MaxFrequency);
                    i++;
                    break;
                default:
                    Add(Latin, i, i + 1, _dict.StringFrequency);
                    i++;
                    break;
            }
        }
        Add(End, n, n + 1, _dict.EndFrequency);

        // The first candidate starting at or after each position: where SmartCn looks for a word's successors.
        var t = 1;
        for (var p = 0; p <= n; p++)
        {
            while (_start[t] < p) t++;
            _firstAt[p] = t;
        }
    }

    private void Add(byte kind, int start, int end, int weight)
    {
        if (_count == _kind.Length)
        {
            var size = 2 * _count;
            Array.Resize(ref _kind, size);
            Array.Resize(ref _start, size);
            Array.Resize(ref _end, size);
            Array.Resize(ref _weight, size);
            Array.Resize(ref _prev, size);
            Array.Resize(ref _distance, size);
        }
        _kind[_count] = kind;
        _start[_count] = start;
        _end[_count] = end;
        _weight[_count] = weight;
        _count++;
    }

    /// <summary>SmartCn's BiSegGraph: an edge from each word to every word at the next start that has any, weighted by
    /// the smoothed bigram probability, and the lightest path from the sentence's start to its end.</summary>
    private void ShortestPath(int n)
    {
        var count = _count;
        var distance = _distance;
        distance[0] = 0;
        for (var t = 1; t < count; t++) distance[t] = double.MaxValue;

        // BiSegGraph's arithmetic term for term: the same operations in the same order give the same doubles.
        const double smooth = 0.1;
        var tiny = 1.0 / (double)ChineseDictionary.MaxFrequency;
        var max = (double)ChineseDictionary.MaxFrequency + 0.0;
        for (var t1 = 0; t1 < count - 1; t1++)
        {
            var next = _firstAt[_end[t1]];
            var nextStart = _start[next];
            long h1 = ChineseDictionary.Hash1Seed;
            var h2 = ChineseDictionary.Hash2Seed;
            HashWord(t1, ref h1, ref h2);
            ChineseDictionary.Hash(ref h1, ref h2, '@');
            var oneWordFreq = (double)_weight[t1];
            var left = smooth * (1.0 + oneWordFreq) / max;
            var unseen = double.NaN; // the weight of a pair the bigram dictionary lacks, the usual case
            var from = distance[t1];
            for (var t2 = next; t2 < count && _start[t2] == nextStart; t2++)
            {
                long a = h1;
                var b = h2;
                HashWord(t2, ref a, ref b);
                var pairFreq = _dict.BigramFrequency(a, b);
                double weight;
                if (pairFreq == 0 && !double.IsNaN(unseen)) weight = unseen;
                else
                {
                    weight = 0.0 - Math.Log(left + (1.0 - smooth) * ((1.0 - tiny) * (double)pairFreq / (1.0 + oneWordFreq) + tiny));
                    if (pairFreq == 0) unseen = weight;
                }
                if (from + weight < distance[t2])
                {
                    distance[t2] = from + weight;
                    _prev[t2] = t1;
                }
            }
        }

        var words = 0;
        if (_words.Length < count) _words = new int[Math.Max(count, 2 * _words.Length)];
        for (var t = _prev[count - 1]; t != 0; t = _prev[t]) _words[words++] = t;
        Array.Reverse(_words, 0, words);
        WordCount = words;
    }

    /// <summary>Extends the bigram hashes by a word's text as BiSegGraph joins it: the dictionary word, or the
    /// placeholder SmartCn gives strings, numbers and the sentence's ends, or the delimiter itself.</summary>
    private void HashWord(int t, ref long h1, ref int h2)
    {
        switch (_kind[t])
        {
            case Chinese:
                var text = _text.AsSpan(_offset);
                for (var p = _start[t]; p < _end[t]; p++)
                    if (_types[p] != Space) ChineseDictionary.Hash(ref h1, ref h2, text[p]);
                return;
            case Delimiter:
                ChineseDictionary.Hash(ref h1, ref h2, _text[_offset + _start[t]]);
                return;
        }
        var word = _kind[t] switch
        {
            Begin => StartWord,
            End => EndWord,
            Latin or FullWidthLatin => StringWord,
            _ => NumberWord,
        };
        foreach (var c in word) ChineseDictionary.Hash(ref h1, ref h2, c);
    }
}
