using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace DecentWork.Tests.Browser;

/// <summary>axe-core on every page type in every UI language, and the Nu HTML checker on the same pages: both must
/// find nothing. Counts are written to axe.md and vnu.md in the output folder.</summary>
[Collection("browser")]
public class AccessibilityTests(ReaderSite site, ITestOutputHelper output)
{
    public static TheoryData<string> PageNames => PageTypes.Names();

    // WCAG 2.1 A and AA, plus axe's best practices (landmarks, one main, headings in order).
    private const string RunAxe = """
        async () => {
          const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }
        """;

    [SkippableTheory, MemberData(nameof(PageNames))]
    public async Task Axe_finds_no_violation(string name)
    {
        var type = PageTypes.Named(name);
        var axe = Tools.Axe;
        await using var context = await site.ContextAsync(type.SignedIn ? site.Editor : null, bypassCsp: true);
        var page = await context.NewPageAsync();
        var found = new List<string>();
        var counts = new StringBuilder();
        foreach (var lang in PageTypes.Languages)
        {
            var response = await page.GotoAsync(type.Url(site, lang));
            Assert.Equal(type.Status, response!.Status);
            await page.AddScriptTagAsync(new() { Path = axe });
            var violations = await page.EvaluateAsync<string[]>(RunAxe);
            counts.Append($"| {name} | {lang} | {violations.Length} |\n");
            found.AddRange(violations.Select(v => $"[{lang}] {v}"));
        }
        Report.Write("axe", name, counts.ToString());
        foreach (var f in found) output.WriteLine(f);
        Assert.True(found.Count == 0, $"{name}: {found.Count} axe violations\n" + string.Join("\n", found));
    }

    [SkippableFact]
    public async Task Axe_reports_a_known_fault()
    {
        var axe = Tools.Axe;
        await using var context = await site.ContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><head><title>c</title></head><body><main><img src=\"a.png\"><p style=\"color:#bbb;background:#fff\">faint</p></main></body></html>");
        await page.AddScriptTagAsync(new() { Path = axe });
        var violations = await page.EvaluateAsync<string[]>(RunAxe);
        Assert.Contains(violations, v => v.StartsWith("image-alt"));
        Assert.Contains(violations, v => v.StartsWith("color-contrast"));
        Assert.Contains(violations, v => v.StartsWith("html-has-lang"));
    }

    [SkippableFact]
    public async Task The_Nu_HTML_checker_finds_no_error_on_any_page_type()
    {
        var vnu = Tools.Vnu;
        var folder = Path.Combine(Path.GetTempPath(), "dwx-vnu-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            using var anonymous = site.Http1(followRedirects: true);
            using var editor = await site.CookieClientAsync(site.Editor);
            var files = new List<string>();
            foreach (var type in PageTypes.All)
                foreach (var lang in PageTypes.Languages)
                {
                    var c = type.SignedIn ? editor : anonymous;
                    var url = type.Url(site, lang);
                    var r = await c.GetAsync(url);
                    if ((int)r.StatusCode is 301 or 302) r = await c.GetAsync(r.Headers.Location!.OriginalString);
                    Assert.Equal(type.Status, (int)r.StatusCode);
                    var file = Path.Combine(folder, $"{type.Name}.{lang}.html");
                    await File.WriteAllTextAsync(file, await r.Content.ReadAsStringAsync());
                    files.Add(file);
                }
            // A page with a known fault proves the checker ran and its report is read.
            var canary = Path.Combine(folder, "canary.html");
            await File.WriteAllTextAsync(canary, "<!DOCTYPE html><html lang=\"en\"><head><title>c</title></head><body><p><div>x</div></p><img src=\"a.png\"></body></html>");
            files.Add(canary);

            var psi = new ProcessStartInfo(Tools.Java!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-jar", vnu, "--format", "json", "--exit-zero-always" }.Concat(files)) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var json = await p.StandardError.ReadToEndAsync(); // vnu writes its report to standard error
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, $"vnu exited {p.ExitCode}: {json}{await stdout}");

            var errors = JsonDocument.Parse(json).RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() == "error")
                .Select(m => (File: m.GetProperty("url").GetString()!.Split('/')[^1],
                    Text: $"{m.GetProperty("message").GetString()} (line {(m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0)})"))
                .ToList();
            Assert.Contains(errors, e => e.File == "canary.html");
            errors.RemoveAll(e => e.File == "canary.html");
            var report = new StringBuilder();
            foreach (var type in PageTypes.All)
                foreach (var lang in PageTypes.Languages)
                    report.Append($"| {type.Name} | {lang} | {errors.Count(e => e.File == $"{type.Name}.{lang}.html")} |\n");
            Report.Write("vnu", "all", report.ToString());
            var shown = errors.Select(e => $"{e.File}: {e.Text}").Distinct().ToList();
            foreach (var e in shown) output.WriteLine(e);
            Assert.True(errors.Count == 0, $"{errors.Count} HTML errors\n" + string.Join("\n", shown.Take(60)));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}

/// <summary>Figures the browser tests produce, one file per check and page type under the output folder, so a note can
/// quote them without re-running anything.</summary>
public static class Report
{
    public static void Write(string check, string name, string rows)
    {
        var dir = Path.Combine(ReaderSite.OutputFolder, check);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".md"), rows);
    }
}
