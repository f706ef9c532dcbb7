using System.Text;
using Xunit.Abstractions;

namespace DecentWork.Tests.Browser;

/// <summary>Every page type at a phone's width (360 px) and a desktop's (1280 px), in Chinese and English: saved as
/// PNG files under the output folder, and checked for the breakages a reader would see — a page wider than the
/// screen, text boxes lying on top of each other — and for any request that leaves the site.</summary>
[Collection("browser")]
public class ScreenshotTests(ReaderSite site, ITestOutputHelper output)
{
    public static TheoryData<string> PageNames => PageTypes.Names();

    // Headings, labels and the controls' own text: the boxes whose overlap makes a page unreadable. Pairs where one
    // contains the other (a label holding a checkbox's text) are not overlaps.
    private const string Layout = """
        () => {
          const doc = document.scrollingElement;
          const els = [...document.querySelectorAll('h1,h2,h3,h4,label,legend,dt,th,button,.main-nav a,.lang-switch a,.brand')]
            .filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                           return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('.visually-hidden,.skip-link'); });
          const overlaps = [];
          for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
            const a = els[i], b = els[j];
            if (a.contains(b) || b.contains(a)) continue;
            const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
            const w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
            if (w > 2 && h > 2) overlaps.push(`${a.tagName}"${a.textContent.trim().slice(0, 30)}" × ${b.tagName}"${b.textContent.trim().slice(0, 30)}"`);
          }
          return { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, overlaps: overlaps.slice(0, 10) };
        }
        """;

    public sealed class LayoutResult
    {
        public int ScrollWidth { get; set; }
        public int InnerWidth { get; set; }
        public string[] Overlaps { get; set; } = [];
    }

    [SkippableFact]
    public async Task The_layout_check_sees_a_page_wider_than_the_screen_and_text_on_text()
    {
        await using var context = await site.ContextAsync(width: 360);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><body><h1>Title</h1><label style=\"position:absolute;top:10px;left:10px\">On top</label><div style=\"width:900px\">wide</div></body></html>");
        var layout = await page.EvaluateAsync<LayoutResult>(Layout);
        Assert.True(layout.ScrollWidth > layout.InnerWidth);
        Assert.Single(layout.Overlaps);
    }

    [SkippableTheory, MemberData(nameof(PageNames))]
    public async Task Fits_the_screen_at_360_and_1280_px_in_Chinese_and_English(string name)
    {
        var type = PageTypes.Named(name);
        var folder = Path.Combine(ReaderSite.OutputFolder, "screenshots");
        Directory.CreateDirectory(folder);
        var problems = new List<string>();
        var rows = new StringBuilder();
        foreach (var width in new[] { 360, 1280 })
        {
            await using var context = await site.ContextAsync(type.SignedIn ? site.Editor : null, width);
            var page = await context.NewPageAsync();
            var outside = new List<string>();
            page.Request += (_, r) => { if (!r.Url.StartsWith(site.BaseUrl.GetLeftPart(UriPartial.Authority)) && !r.Url.StartsWith("data:")) outside.Add(r.Url); };
            foreach (var lang in new[] { "zh", "en" })
            {
                var response = await page.GotoAsync(type.Url(site, lang), new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Load });
                Assert.Equal(type.Status, response!.Status);
                var file = Path.Combine(folder, $"{name}.{lang}.{width}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                Assert.True(new FileInfo(file).Length > 1000, $"{file} is empty");
                var layout = await page.EvaluateAsync<LayoutResult>(Layout);
                rows.Append($"| {name} | {lang} | {width} | {layout.ScrollWidth} | {layout.Overlaps.Length} |\n");
                if (layout.ScrollWidth > layout.InnerWidth)
                    problems.Add($"{lang} {width}px: page is {layout.ScrollWidth}px wide (horizontal scroll)");
                problems.AddRange(layout.Overlaps.Select(o => $"{lang} {width}px: overlap {o}"));
            }
            problems.AddRange(outside.Select(u => $"{width}px: request outside the site: {u}"));
        }
        Report.Write("layout", name, rows.ToString());
        foreach (var p in problems) output.WriteLine(p);
        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }
}
