using System.Globalization;

namespace DecentWork.Practices;

public enum DiffKind { Same, Added, Removed }

public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>One field that differs between two revisions, with a word-level diff of its text.</summary>
public sealed record FieldDiff(string Field, string? Language, string Name, string Before, string After, IReadOnlyList<DiffSegment> Segments);

public static class RevisionDiff
{
    /// <summary>Every field that differs, in reading order: texts per language, then metadata.</summary>
    public static List<FieldDiff> Compare(PracticeContent a, PracticeContent b)
    {
        var diffs = new List<FieldDiff>();
        if (a.Language != b.Language) Add(diffs, "language", null, "language", a.Language, b.Language);
        foreach (var lang in a.Texts.Keys.Union(b.Texts.Keys).Order(StringComparer.Ordinal))
        {
            a.Texts.TryGetValue(lang, out var ta);
            b.Texts.TryGetValue(lang, out var tb);
            Add(diffs, $"title[{lang}]", lang, "title", ta?.Title, tb?.Title);
            Add(diffs, $"summary[{lang}]", lang, "summary", ta?.Summary, tb?.Summary);
            foreach (var n in SectionsDto.Names)
                Add(diffs, $"{n}[{lang}]", lang, n, ta?.Sections.Get(n), tb?.Sections.Get(n));
        }
        AddList(diffs, "countries", a.Countries, b.Countries);
        AddList(diffs, "themes", a.Themes, b.Themes);
        AddList(diffs, "pillars", a.Pillars, b.Pillars);
        AddList(diffs, "sdgTargets", a.SdgTargets, b.SdgTargets);
        AddList(diffs, "standards", a.Standards, b.Standards);
        AddList(diffs, "organisations", a.Organisations.Select(o => $"{o.Id}:{o.Role}"), b.Organisations.Select(o => $"{o.Id}:{o.Role}"));
        Add(diffs, "period", null, "period", Period(a.Period), Period(b.Period));
        Add(diffs, "scale", null, "scale", a.Scale, b.Scale);
        Add(diffs, "licence", null, "licence", a.Licence, b.Licence);
        Add(diffs, "indicators", null, "indicators", string.Join("\n", a.Indicators.Select(Line)), string.Join("\n", b.Indicators.Select(Line)));
        Add(diffs, "sources", null, "sources", string.Join("\n", a.Sources.Select(Line)), string.Join("\n", b.Sources.Select(Line)));
        return diffs;
    }

    private static string Period(PeriodDto? p) => p is null ? "" : $"{p.Start}–{p.End}";

    private static string Line(IndicatorDto i) => string.Create(CultureInfo.InvariantCulture,
        $"{i.Name} ({i.Unit}): {i.Baseline?.Value} ({i.Baseline?.Year}) → {i.Result?.Value} ({i.Result?.Year}) — {i.Source}");

    private static string Line(SourceDto s) => $"{s.Title} — {s.Publisher} {s.Year} {s.Url}".Trim();

    private static void AddList(List<FieldDiff> diffs, string name, IEnumerable<string> a, IEnumerable<string> b)
        => Add(diffs, name, null, name, string.Join(" ", a), string.Join(" ", b));

    private static void Add(List<FieldDiff> diffs, string field, string? lang, string name, string? before, string? after)
    {
        before ??= "";
        after ??= "";
        if (before == after) return;
        diffs.Add(new FieldDiff(field, lang, name, before, after, Words(before, after)));
    }

    /// <summary>Splits text into words and the spaces between them; each CJK character is a token of its own, since
    /// Chinese has no spaces and a whole paragraph would otherwise be one "word".</summary>
    public static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (IsCjk(c)) { tokens.Add(c.ToString()); i++; continue; }
            var start = i;
            var space = char.IsWhiteSpace(c);
            var word = char.IsLetterOrDigit(c);
            i++;
            while (i < s.Length && !IsCjk(s[i]) && char.IsWhiteSpace(s[i]) == space && (space || (word && char.IsLetterOrDigit(s[i]))))
                i++;
            tokens.Add(s[start..i]);
        }
        return tokens;
    }

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';

    /// <summary>Longest-common-subsequence diff over tokens. Texts are bounded by the field limits; very long inputs
    /// fall back to a whole-field replacement to keep the work (and memory) bounded.</summary>
    public static List<DiffSegment> Words(string before, string after)
    {
        var a = Tokenize(before);
        var b = Tokenize(after);
        // Trim the common prefix and suffix first: most edits touch a small part of a long text.
        var pre = 0;
        while (pre < a.Count && pre < b.Count && a[pre] == b[pre]) pre++;
        var suf = 0;
        while (suf < a.Count - pre && suf < b.Count - pre && a[a.Count - 1 - suf] == b[b.Count - 1 - suf]) suf++;
        var result = new List<DiffSegment>();
        if (pre > 0) result.Add(new(DiffKind.Same, string.Concat(a.Take(pre))));
        var midA = a.Skip(pre).Take(a.Count - pre - suf).ToList();
        var midB = b.Skip(pre).Take(b.Count - pre - suf).ToList();
        if ((long)midA.Count * midB.Count > 4_000_000)
        {
            if (midA.Count > 0) result.Add(new(DiffKind.Removed, string.Concat(midA)));
            if (midB.Count > 0) result.Add(new(DiffKind.Added, string.Concat(midB)));
        }
        else
        {
            var n = midA.Count; var m = midB.Count;
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
                for (var j = m - 1; j >= 0; j--)
                    lcs[i, j] = midA[i] == midB[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && midA[x] == midB[y]) { Append(result, DiffKind.Same, midA[x]); x++; y++; }
                else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y])) { Append(result, DiffKind.Added, midB[y]); y++; }
                else { Append(result, DiffKind.Removed, midA[x]); x++; }
            }
        }
        if (suf > 0) Append(result, DiffKind.Same, string.Concat(a.Skip(a.Count - suf)));
        return result;
    }

    private static void Append(List<DiffSegment> segs, DiffKind kind, string text)
    {
        if (segs.Count > 0 && segs[^1].Kind == kind) segs[^1] = segs[^1] with { Text = segs[^1].Text + text };
        else segs.Add(new DiffSegment(kind, text));
    }
}
