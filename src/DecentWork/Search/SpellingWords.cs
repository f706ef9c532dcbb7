using System.Text;

namespace DecentWork.Search;

/// <summary>The words a practice gives typo tolerance (<see cref="SpellingSuggester"/>): each Latin-script word of
/// <see cref="SpellingSuggester.MinLength"/> letters or more, lower-cased, accents kept, once per practice, one per
/// line for the "spell" field.</summary>
/// <remarks>The suggester reads only the field's terms and their document frequencies, so a word needs to be in the
/// field once per practice, not once per occurrence. The field used to be the whole text through Lucene's
/// StandardTokenizer, which made every long word of every Latin text a second token to invert; giving each word once
/// took about 6 % off indexing's CPU (bench/README.md, session 8). A word is a run of letters and digits; apostrophes
/// and every other character end it, so "l'emploi" and "worker's" give "emploi" and "worker" (the tokenizer kept
/// "l'emploi" whole, which the letters-only rule then dropped). A run with a digit, a combining mark or a letter of
/// another script is not a word to correct.</remarks>
public sealed class SpellingWords
{
    [ThreadStatic] private static SpellingWords? _forThread;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _word = new char[64];

    private SpellingWords() { _lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>(); }

    /// <summary>The words found since <see cref="ForThread"/>, one per line.</summary>
    public StringBuilder Lines { get; } = new(2048);

    /// <summary>This thread's instance, emptied: documents are built one at a time on each thread.</summary>
    public static SpellingWords ForThread()
    {
        var w = _forThread ??= new SpellingWords();
        w._seen.Clear();
        w.Lines.Clear();
        return w;
    }

    /// <summary>The words of <paramref name="text"/>, in order of first appearance, without repeats.</summary>
    public static List<string> Of(string text)
    {
        var w = new SpellingWords();
        w.Add(text);
        return [.. w.Lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    public void Add(string text)
    {
        var start = -1;
        var latin = true;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                    or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                if (start < 0) { start = i; latin = true; }
                if (latin && !SpellingSuggester.IsLatinLetter(c)) latin = false;
                continue;
            }
            if (start >= 0 && latin && i - start >= SpellingSuggester.MinLength) Keep(text.AsSpan(start, i - start));
            start = -1;
        }
    }

    private void Keep(ReadOnlySpan<char> word)
    {
        if (_word.Length < word.Length) _word = new char[word.Length * 2];
        word.CopyTo(_word);
        SearchAnalyzers.LowerCase(_word, word.Length);
        var lower = _word.AsSpan(0, word.Length);
        if (_lookup.Contains(lower)) return;
        _seen.Add(lower.ToString());
        Lines.Append(lower).Append('\n');
    }
}
