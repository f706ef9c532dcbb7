using System.Reflection;
using Lucene.Net.Analysis.Cn.Smart;

namespace DecentWork.Search;

/// <summary>SmartCn's core and bigram dictionaries, read once from SmartCn's own loaded singletons and laid out for
/// look-ups that allocate nothing: a trie of the words that start with a Hanzi, and the bigram hash table itself.</summary>
/// <remarks>Every value the trie holds is what SmartCn's own <c>WordDictionary</c> methods answer, asked in the order
/// its segmenter asks them (<c>GetPrefixMatch</c> starting from the previous match, then <c>IsEqual</c>, then
/// <c>GetFrequency</c>): its binary searches have quirks (entries merged before they were sorted, a prefix search
/// that starts where the shorter prefix was found), and asking them rather than re-deriving them keeps every quirk.
/// A string missing from the trie is a prefix of no entry, and SmartCn's prefix search finds nothing for it either.
/// The bigram table is SmartCn's (64-bit hashes of "word@word" with double hashing), probed the way it probes it:
/// two strings with the same hash count as one there, so they must here too.</remarks>
internal sealed class ChineseDictionary
{
    public const char FirstHanzi = (char)0x4E00;
    public const char LastHanzi = (char)0x9FA5;
    private const int HanziCount = LastHanzi - FirstHanzi + 1;
    private const int PrimeBigramLength = 402137; // BigramDictionary.PRIME_BIGRAM_LENGTH

    public static readonly int MaxFrequency = Utility.MAX_FREQUENCE;

    private static readonly Lazy<ChineseDictionary> Shared = new(() => new ChineseDictionary(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ChineseDictionary Instance => Shared.Value;

    /// <summary>SmartCn's character classes (its <c>CharType</c>), by character.</summary>
    public readonly byte[] CharTypes = new byte[char.MaxValue + 1];

    // Per Hanzi: SmartCn's frequency of the single character, and the trie node of words starting with it (-1: none).
    private readonly int[] _single = new int[HanziCount];
    private readonly int[] _root = new int[HanziCount];

    // Per trie node below the roots: whether SmartCn takes the prefix as a word of two characters or more, and its frequency.
    private bool[] _isWord = new bool[1024];
    private int[] _frequency = new int[1024];
    private int _nodes;

    // Children: open addressing on (parent + 1) << 16 | character; 0 marks an empty slot.
    private long[] _childKeys = new long[1 << 10];
    private int[] _childNodes = new int[1 << 10];
    private int _children;

    private readonly long[] _bigramHashes;
    private readonly int[] _bigramFrequencies;

    /// <summary>SmartCn's frequencies of its placeholder words: a Latin string, a number, the sentence's start and end.</summary>
    public readonly int StringFrequency, NumberFrequency, StartFrequency, EndFrequency;

    private ChineseDictionary()
    {
        for (var c = 0; c <= char.MaxValue; c++) CharTypes[c] = (byte)Utility.GetCharType((char)c);

        var words = new WordDictionaryCalls();
        StringFrequency = words.Frequency(Utility.STRING_CHAR_ARRAY);
        NumberFrequency = words.Frequency(Utility.NUMBER_CHAR_ARRAY);
        StartFrequency = words.Frequency(Utility.START_CHAR_ARRAY);
        EndFrequency = words.Frequency(Utility.END_CHAR_ARRAY);
        BuildTrie(words);

        var bigrams = Singleton("BigramDictionary");
        _bigramHashes = Field<long[]>(bigrams, "bigramHashTable");
        _bigramFrequencies = Field<int[]>(bigrams, "frequencyTable");
        if (_bigramHashes.Length != PrimeBigramLength || _bigramFrequencies.Length != PrimeBigramLength)
            throw new InvalidOperationException("SmartCn's bigram dictionary is not laid out as this segmenter expects.");
    }

    public int SingleFrequency(char hanzi) => _single[hanzi - FirstHanzi];

    /// <summary>The trie node of the one-character prefix, or -1 when SmartCn's prefix search finds no entry for it.</summary>
    public int Root(char hanzi) => _root[hanzi - FirstHanzi];

    /// <summary>The node of the prefix one character longer, or -1 when no entry starts with it.</summary>
    public int Child(int node, char c)
    {
        var key = ((long)(node + 1) << 16) | c;
        var mask = _childKeys.Length - 1;
        for (var i = Slot(key, mask); ; i = (i + 1) & mask)
        {
            var k = _childKeys[i];
            if (k == key) return _childNodes[i];
            if (k == 0) return -1;
        }
    }

    public bool IsWord(int node) => _isWord[node];

    public int Frequency(int node) => _frequency[node];

    private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 40) & mask;

    private void BuildTrie(WordDictionaryCalls words)
    {
        var one = new char[1];
        var path = new List<char>(16);
        for (var c = FirstHanzi; c <= LastHanzi; c++)
        {
            one[0] = c;
            _single[c - FirstHanzi] = words.Frequency(one);
            _root[c - FirstHanzi] = -1;
            var found = words.PrefixMatch(one, 0);
            if (found == -1) continue;
            var root = NewNode(false, 0);
            _root[c - FirstHanzi] = root;
            var items = words.Entries(c);
            if (items is null) continue;
            // Entries are the words' characters after the first; only Hanzi extend a word in SmartCn's segmenter.
            var known = new Dictionary<int, int>(); // node → its prefix match, to continue the search from
            known[root] = found;
            foreach (var item in items)
            {
                if (item is null) continue;
                var node = root;
                path.Clear();
                path.Add(c);
                foreach (var x in item)
                {
                    if (CharTypes[x] != (byte)CharType.HANZI) break;
                    path.Add(x);
                    var child = Child(node, x);
                    if (child == -1)
                    {
                        var word = path.ToArray();
                        var match = words.PrefixMatch(word, known[node]);
                        if (match == -1)
                        {
                            // SmartCn's search missed an entry that is there: it stops here, so must we.
                            AddChild(node, x, -2);
                            break;
                        }
                        var isWord = words.IsEqual(word, match);
                        child = NewNode(isWord, isWord ? words.Frequency(word) : 0);
                        known[child] = match;
                        AddChild(node, x, child);
                    }
                    if (child < 0) break;
                    node = child;
                }
            }
        }
        // A missed entry was kept as -2 so that a later entry would not ask again; to readers it is no child.
        for (var i = 0; i < _childNodes.Length; i++)
            if (_childNodes[i] == -2) _childNodes[i] = -1;
    }

    private int NewNode(bool isWord, int frequency)
    {
        if (_nodes == _isWord.Length)
        {
            Array.Resize(ref _isWord, _nodes * 2);
            Array.Resize(ref _frequency, _nodes * 2);
        }
        _isWord[_nodes] = isWord;
        _frequency[_nodes] = frequency;
        return _nodes++;
    }

    private void AddChild(int node, char c, int child)
    {
        if (2 * (_children + 1) > _childKeys.Length)
        {
            var keys = _childKeys;
            var nodes = _childNodes;
            _childKeys = new long[keys.Length * 2];
            _childNodes = new int[keys.Length * 2];
            _children = 0;
            for (var i = 0; i < keys.Length; i++)
                if (keys[i] != 0) Insert(keys[i], nodes[i]);
        }
        Insert(((long)(node + 1) << 16) | c, child);
    }

    private void Insert(long key, int child)
    {
        var mask = _childKeys.Length - 1;
        var i = Slot(key, mask);
        while (_childKeys[i] != 0) i = (i + 1) & mask;
        _childKeys[i] = key;
        _childNodes[i] = child;
        _children++;
    }

    /// <summary>SmartCn's bigram frequency of a pair, given the hashes of its text "first@second" (see
    /// <see cref="Hash"/>): <c>BigramDictionary.GetBigramItemIndex</c>, probe for probe.</summary>
    public int BigramFrequency(long hash1, int hash2)
    {
        var start = (int)(hash1 % PrimeBigramLength);
        var step = hash2 % PrimeBigramLength;
        if (start < 0) start += PrimeBigramLength;
        if (step < 0) step += PrimeBigramLength;
        var hashes = _bigramHashes;
        var index = start;
        // With a step of zero SmartCn probes the same slot until it gives up: the answer is that slot's.
        if (step == 0) return hashes[index] == hash1 ? _bigramFrequencies[index] : 0;
        var i = 1;
        while (hashes[index] != 0 && hashes[index] != hash1 && i < PrimeBigramLength)
        {
            index = (int)((start + (long)i * step) % PrimeBigramLength);
            i++;
        }
        return i < PrimeBigramLength && hashes[index] == hash1 ? _bigramFrequencies[index] : 0;
    }

    /// <summary>The two hashes SmartCn keys a bigram by (<c>AbstractDictionary.Hash1</c>, a 64-bit FNV-1 over each
    /// character's two bytes, and <c>Hash2</c>), extended by one character, so a pair is hashed as it is read.</summary>
    public static void Hash(ref long hash1, ref int hash2, char c)
    {
        const long prime = 1099511628211L;
        hash1 = (hash1 ^ (c & 0xFF)) * prime;
        hash1 = (hash1 ^ (c >> 8)) * prime;
        hash2 = ((hash2 << 5) + hash2 + c) & 0xFF;
        hash2 = ((hash2 << 5) + hash2 + c) >> 8;
    }

    public const long Hash1Seed = unchecked((long)0xcbf29ce484222325L);
    public const int Hash2Seed = 5381;

    private static readonly Assembly SmartCn = typeof(SmartChineseAnalyzer).Assembly;

    private static object Singleton(string type)
    {
        var t = SmartCn.GetType("Lucene.Net.Analysis.Cn.Smart.Hhmm." + type, throwOnError: true)!;
        return t.GetMethod("GetInstance", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)
            ?? throw new InvalidOperationException($"SmartCn's {type} did not load.");
    }

    private static T Field<T>(object o, string name)
        => (T)(o.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(o)
            ?? throw new InvalidOperationException($"SmartCn's {o.GetType().Name} has no {name}: the segmenter needs a review for this SmartCn version."));

    /// <summary>SmartCn's own word dictionary, asked through delegates (it is internal to SmartCn).</summary>
    internal sealed class WordDictionaryCalls
    {
        private readonly object _dict = Singleton("WordDictionary");
        private readonly Func<char[], int> _frequency;
        private readonly Func<char[], int, int> _prefixMatch;
        private readonly Func<char[], int, bool> _isEqual;
        private readonly Func<char, short> _tableIndex;
        private readonly short[] _wordIndexTable;
        private readonly char[][][] _entries;

        public WordDictionaryCalls()
        {
            var t = _dict.GetType();
            const BindingFlags any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
            _frequency = Bind<Func<char[], int>>(t.GetMethod("GetFrequency", any, [typeof(char[])]));
            _prefixMatch = Bind<Func<char[], int, int>>(t.GetMethod("GetPrefixMatch", any, [typeof(char[]), typeof(int)]));
            _isEqual = Bind<Func<char[], int, bool>>(t.GetMethod("IsEqual", any, [typeof(char[]), typeof(int)]));
            _tableIndex = Bind<Func<char, short>>(t.GetMethod("GetWordItemTableIndex", any, [typeof(char)]));
            _wordIndexTable = Field<short[]>(_dict, "wordIndexTable");
            _entries = Field<char[][][]>(_dict, "wordItem_charArrayTable");
        }

        private T Bind<T>(MethodInfo? m) where T : Delegate
            => (T)Delegate.CreateDelegate(typeof(T), _dict, m ?? throw new InvalidOperationException($"SmartCn's WordDictionary lacks a method for {typeof(T)}."));

        public int Frequency(char[] word) => _frequency(word);
        public int PrefixMatch(char[] word, int knownStart) => _prefixMatch(word, knownStart);
        public bool IsEqual(char[] word, int index) => _isEqual(word, index);

        /// <summary>The entries (each without its first character) of words starting with <paramref name="first"/>.</summary>
        public char[][]? Entries(char first)
        {
            var i = _tableIndex(first);
            return i == -1 ? null : _entries[_wordIndexTable[i]];
        }
    }
}
