using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DecentWork.Tests.Shared;

/// <summary>No UI string may be missing in any language: every key in every resource file, and every key the code
/// and the pages ask for exists.</summary>
public partial class ResourcesTests
{
    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src", "DecentWork"));

    private static Dictionary<string, string> Load(string lang)
    {
        var file = Path.Combine(Root(), "Resources", lang == "en" ? "SharedResource.resx" : $"SharedResource.{lang}.resx");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
    }

    [Fact]
    public void Every_key_exists_in_every_language_and_is_not_empty()
    {
        var sets = new[] { "en", "fr", "es", "zh" }.ToDictionary(l => l, Load);
        var all = sets.Values.SelectMany(s => s.Keys).ToHashSet();
        var missing = (from k in all from l in sets.Keys where !sets[l].TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v) select $"{k} [{l}]").ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.True(all.Count > 50);
    }

    [Fact]
    public void Placeholders_match_across_languages()
    {
        var en = Load("en");
        foreach (var lang in new[] { "fr", "es", "zh" })
        {
            var other = Load(lang);
            foreach (var (k, v) in en)
            {
                var want = Placeholder().Matches(v).Select(m => m.Value).Order().ToList();
                var got = Placeholder().Matches(other.GetValueOrDefault(k) ?? "").Select(m => m.Value).Order().ToList();
                Assert.True(want.SequenceEqual(got), $"{k} [{lang}]: placeholders {string.Join(",", got)} vs {string.Join(",", want)}");
            }
        }
    }

    [Fact]
    public void Every_key_used_in_code_and_pages_exists()
    {
        var en = Load("en");
        var used = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(Root(), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cshtml") || f.EndsWith(".cs")) && !f.Contains("/bin/") && !f.Contains("/obj/")))
            foreach (Match m in KeyUse().Matches(File.ReadAllText(file)))
                used.Add(m.Groups[1].Value);
        var missing = used.Where(k => !en.ContainsKey(k)).Order().ToList();
        Assert.True(missing.Count == 0, "used but not in the resources: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // T["Key"] and T["Key", args] — keys are Dotted.Names by convention.
    [GeneratedRegex(@"\bT\[""([A-Za-z]+\.[A-Za-z0-9_.]+)""")]
    private static partial Regex KeyUse();
}
