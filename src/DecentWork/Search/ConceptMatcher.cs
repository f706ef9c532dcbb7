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
    }

    public readonly record struct Token(string Text, bool IsCjk, int Tag);

    /// <summary>A label found over tokens [Start, End).</summary>
    public readonly record struct Match(int Start, int End, IReadOnlyList<string> Concepts);

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public List<string>? Concepts;
    }

    /// <summary>Concept ids with the number of times a label of each occurs in the text.</summary>
    public Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in Scan(Tokenize(text)))
            foreach (var c in m.Concepts)
                counts[c] = counts.GetValueOrDefault(c) + 1;
        return counts;
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
