using DecentWork.Shared;

namespace DecentWork.Tests.Shared;

public class MarkdownTests
{
    private readonly MarkdownRenderer _md = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("**bold** <style>body{display:none}</style>")]
    public void Nothing_executable_survives(string input)
    {
        // Raw HTML is shown as text, which is harmless; what matters is that no element or attribute can run code.
        var html = _md.Render(input).Value!;
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + html + "</body>");
        var elements = doc.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "iframe" or "svg" or "style" or "img" or "object" or "embed");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(elements, e => e.GetAttribute("href") is { } href && !href.StartsWith("http"));
    }

    [Fact]
    public void Markdown_still_renders_lists_emphasis_and_safe_links()
    {
        var html = _md.Render("- **社会保障**\n- [ILO](https://www.ilo.org)").Value!;
        Assert.Contains("<li><strong>社会保障</strong></li>", html);
        Assert.Contains("href=\"https://www.ilo.org\"", html);
        Assert.Contains("rel=\"nofollow noopener\"", html);
    }
}
