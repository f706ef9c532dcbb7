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

    /// <summary>Keys built from a value at run time (T["Status." + status]) exist for every value there is.</summary>
    [Fact]
    public void Keys_built_from_values_exist_for_every_value()
    {
        var en = Load("en");
        var wanted = Enum.GetNames<DecentWork.Practices.PracticeStatus>().Select(v => "Status." + v)
            .Concat(Enum.GetNames<DecentWork.Organisations.ConstituentGroup>().Select(v => "Group." + v))
            .Concat(DecentWork.Practices.PracticeLimits.Scales.Select(v => "Scale." + v))
            .Concat(DecentWork.Practices.PracticeLimits.OrganisationRoles.Select(v => "Role." + v))
            .Concat(DecentWork.Shared.Languages.Supported.Select(v => "Lang." + v))
            .Concat(M49Names().Select(n => "Country.M49." + new string(n.Where(char.IsLetter).ToArray())));
        var missing = wanted.Where(k => !en.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> M49Names()
    {
        using var reader = new StreamReader(Path.Combine(Root(), "Data", "Seed", "country-codes.csv"));
        var rows = DecentWork.Shared.Csv.Read(reader).ToList();
        var cols = new[] { rows[0].IndexOf("Region Name"), rows[0].IndexOf("Sub-region Name") };
        return rows.Skip(1).SelectMany(r => cols.Select(c => c < r.Count ? r[c].Trim() : "")).Where(n => n.Length > 0).Distinct();
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // T["Key"] and T["Key", args] — keys are Dotted.Names by convention.
    [GeneratedRegex(@"\bT\[""([A-Za-z]+\.[A-Za-z0-9_.]*[A-Za-z0-9_])""")]
    private static partial Regex KeyUse();
}
