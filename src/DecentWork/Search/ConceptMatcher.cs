using System.Globalization;
using System.Text;

namespace DecentWork.Search;

/// <summary>Finds thesaurus concepts in a text by their labels (preferred or alternative, in any language), so that
/// documents and queries meet on concept ids whatever language each is written in. Documents and queries go through
/// the same code, so they agree on what counts as a mention.</summary>
/// <remarks>Text is cut into tokens — Latin-script words, folded (lower case, no accents, a light plural strip), and
/// single CJK characters — and labels are matched as token sequences, longest first. Latin labels therefore match
/// whole words only ("pension" is not found in "suspension"), and Chinese labels match as substrings, as Chinese
/// has no spaces between words.</remarks>
public sealed class ConceptMatcher
{
    private readonly Node _root = new();

    public ConceptMatcher(IEnumerable<(string ConceptId, string Label)> labels)
    {
        foreach (var (id, label) in labels)
        {
            var tokens = Tokenize(label);
            // One CJK character or a single short word would be found everywhere and say nothing.
            if (tokens.Count == 0 || tokens.Count == 1 && (tokens[0].IsCjk || tokens[0].Text.Length < 3)) continue;
            var node = _root;
            foreach (var t in tokens)
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(t.Text, out var next)) node.Children[t.Text] = next = new Node();
                node = next;
            }
            node.Concepts ??= [];
            if (!node.Concepts.Contains(id)) node.Concepts.Add(id);
        }
        SetLookups(_root);
    }

    private static void SetLookups(Node node)
    {
        if (node.Children is null) return;
        node.Lookup = node.Children.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var child in node.Children.Values) SetLookups(child);
    }

    public readonly record struct Token(string Text, bool IsCjk, int Tag);

    /// <summary>A label found over tokens [Start, End).</summary>
    public readonly record struct Match(int Start, int End, IReadOnlyList<string> Concepts);

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> Lookup;
        public List<string>? Concepts;
    }

    /// <summary>Concept ids with the number of times a label of each occurs in the text.</summary>
    /// <remarks>What <c>Scan(Tokenize(text))</c> finds, without a string per token: every practice's whole text goes
    /// through here when the index is built. Tokens are folded into one reused buffer and looked up as spans; the
    /// tests compare both paths.</remarks>
    public Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var t = _scratch ??= new Scratch();
        t.Clear();
        TokenizeInto(text, t);
        var i = 0;
        while (i < t.Count)
        {
            var node = _root;
            var end = -1;
            List<string>? concepts = null;
            for (var j = i; j < t.Count; j++)
            {
                if (node.Children is null || !node.Lookup.TryGetValue(t.Token(j), out node)) break;
                if (node.Concepts is not null) { end = j + 1; concepts = node.Concepts; }
            }
            if (concepts is not null)
            {
                foreach (var c in concepts) counts[c] = counts.GetValueOrDefault(c) + 1;
                i = end;
            }
            else i++;
        }
        return counts;
    }

    [ThreadStatic] private static Scratch? _scratch;

    /// <summary>Tokens as (start, length) in one character buffer, reused by each thread.</summary>
    private sealed class Scratch
    {
        public char[] Chars = new char[4096];
        public int Length;
        public int[] Starts = new int[512];
        public int[] Lengths = new int[512];
        public int Count;
        private int _wordStart = -1;

        public void Clear() { Length = 0; Count = 0; _wordStart = -1; }

        public ReadOnlySpan<char> Token(int i) => Chars.AsSpan(Starts[i], Lengths[i]);

        public void Append(char c)
        {
            if (Length == Chars.Length) Array.Resize(ref Chars, Chars.Length * 2);
            Chars[Length++] = c;
        }

        public void Append(string s) { foreach (var c in s) Append(c); }

        public void StartWord() { if (_wordStart < 0) _wordStart = Length; }

        /// <summary>Ends the word being folded, if any, applying <see cref="FoldPlural"/> in place.</summary>
        public void Flush()
        {
            if (_wordStart < 0) return;
            var start = _wordStart;
            _wordStart = -1;
            var w = Chars.AsSpan(start, Length - start);
            if (w.Length == 0) return;
            var n = FoldPluralLength(w);
            Length = start + n;
            Add(start, n);
        }

        public void Add(int start, int length)
        {
            if (Count == Starts.Length)
            {
                Array.Resize(ref Starts, Count * 2);
                Array.Resize(ref Lengths, Count * 2);
            }
            Starts[Count] = start;
            Lengths[Count++] = length;
        }
    }

    /// <summary><see cref="FoldPlural"/> done in place on a word at the end of the buffer; returns its new length.</summary>
    private static int FoldPluralLength(Span<char> w)
    {
        if (w.Length <= 3) return w.Length;
        if (w.EndsWith("ies") && w.Length > 4) { w[^3] = 'y'; return w.Length - 2; }
        if (w.EndsWith("aux")) { w[^3] = 'a'; w[^2] = 'l'; return w.Length - 1; }
        var n = w.Length;
        if (w[n - 1] == 's') n--;
        if (n > 3 && w[n - 1] == 'e') n--;
        return n;
    }

    private static void TokenizeInto(string text, Scratch into)
    {
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                // ASCII: a letter or digit joins the word (lower-cased), anything else ends it.
                if (c is >= 'a' and <= 'z' or >= '0' and <= '9') { into.StartWord(); into.Append(c); }
                else if (c is >= 'A' and <= 'Z') { into.StartWord(); into.Append((char)(c | 0x20)); }
                else into.Flush();
                i++;
                continue;
            }
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            i += consumed;
            if (IsCjk(rune))
            {
                into.Flush();
                var start = into.Length;
                if (rune.IsBmp) into.Append((char)rune.Value);
                else into.Append(rune.ToString());
                into.Add(start, into.Length - start);
            }
            else if (Rune.IsLetterOrDigit(rune)) { into.StartWord(); into.Append(Folded(rune)); }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark) { } // a combining accent: drop it
            else into.Flush();
        }
        into.Flush();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> FoldedRunes = new();

    /// <summary>What <see cref="AppendFolded"/> appends for a non-ASCII rune, remembered: accented letters repeat.</summary>
    private static string Folded(Rune rune)
    {
        if (FoldedRunes.TryGetValue(rune.Value, out var s)) return s;
        var sb = new StringBuilder(4);
        AppendFolded(sb, rune);
        return FoldedRunes[rune.Value] = sb.ToString();
    }

    /// <summary>Longest match first, left to right; a token belongs to at most one match.</summary>
    public List<Match> Scan(IReadOnlyList<Token> tokens)
    {
        var found = new List<Match>();
        var i = 0;
        while (i < tokens.Count)
        {
            var node = _root;
            int end = -1;
            List<string>? concepts = null;
            for (var j = i; j < tokens.Count; j++)
            {
                if (node.Children is null || !node.Children.TryGetValue(tokens[j].Text, out node)) break;
                if (node.Concepts is not null) { end = j + 1; concepts = node.Concepts; }
            }
            if (concepts is not null)
            {
                found.Add(new Match(i, end, concepts));
                i = end;
            }
            else i++;
        }
        return found;
    }

    public static List<Token> Tokenize(string text, int tag = 0)
    {
        var tokens = new List<Token>();
        Tokenize(text, tag, tokens);
        return tokens;
    }

    public static void Tokenize(string text, int tag, List<Token> into)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                Flush(word, tag, into);
                into.Add(new Token(rune.ToString(), true, tag));
            }
            else if (Rune.IsLetterOrDigit(rune)) AppendFolded(word, rune);
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark) { } // a combining accent: drop it
            else Flush(word, tag, into);
        }
        Flush(word, tag, into);
    }

    private static void Flush(StringBuilder word, int tag, List<Token> into)
    {
        if (word.Length == 0) return;
        into.Add(new Token(FoldPlural(word.ToString()), false, tag));
        word.Clear();
    }

    /// <summary>Lower case without accents (what the Latin analyzers' folding does), without the plural strip.</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) AppendFolded(sb, rune);
        return sb.ToString();
    }

    private static void AppendFolded(StringBuilder word, Rune rune)
    {
        var lower = Rune.ToLowerInvariant(rune);
        switch (lower.Value)
        {
            case 'œ': word.Append("oe"); return;
            case 'æ': word.Append("ae"); return;
            case 'ß': word.Append("ss"); return;
        }
        if (lower.Value < 0x80) { word.Append((char)lower.Value); return; }
        foreach (var c in lower.ToString().Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) word.Append(c);
    }

    /// <summary>A deliberately crude plural fold, the same for labels and text, so "pensiones", "pensions" and
    /// "pension" meet, and "sociaux" meets "social", without a stemmer per language (a query's language is unknown).</summary>
    internal static string FoldPlural(string w)
    {
        if (w.Length <= 3) return w;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith("aux", StringComparison.Ordinal)) return w[..^3] + "al";
        if (w.EndsWith('s')) w = w[..^1];
        if (w.Length > 3 && w.EndsWith('e')) w = w[..^1];
        return w;
    }

    public static bool IsCjk(Rune r) => r.Value is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FA1F;

    public static bool ContainsCjk(string s)
    {
        foreach (var r in s.EnumerateRunes()) if (IsCjk(r)) return true;
        return false;
    }
}
