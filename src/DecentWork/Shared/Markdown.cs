using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace DecentWork.Shared;

/// <summary>Renders contributor Markdown to HTML that is safe to put in a page: raw HTML in the source is not
/// rendered, and the output goes through an allow-list sanitizer as a second line of defence.</summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Clear();
        foreach (var t in new[] { "p", "ul", "ol", "li", "strong", "em", "del", "a", "br", "blockquote", "code", "pre", "h3", "h4", "h5", "h6" })
            s.AllowedTags.Add(t);
        s.AllowedAttributes.Clear();
        s.AllowedAttributes.Add("href");
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("mailto");
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a) a.SetAttribute("rel", "nofollow noopener");
        };
        s.AllowedAttributes.Add("rel");
        return s;
    }

    // Parsing and sanitizing (an HTML parse per section) is most of a practice page's remaining render time, and the
    // same published sections are read again and again: the output depends only on the source text.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HtmlString> _rendered = new(StringComparer.Ordinal);
    private long _renderedChars;
    private const long RenderedCharsLimit = 16_000_000;

    public HtmlString Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return HtmlString.Empty;
        if (_rendered.TryGetValue(markdown, out var cached)) return cached;
        var result = RenderUncached(markdown);
        if (Interlocked.Add(ref _renderedChars, markdown.Length + result.Value!.Length) > RenderedCharsLimit)
        {
            _rendered.Clear();
            Interlocked.Exchange(ref _renderedChars, 0);
        }
        _rendered[markdown] = result;
        return result;
    }

    private HtmlString RenderUncached(string markdown)
    {
        // Headings inside a section would compete with the page's own outline: demote them.
        var html = Markdig.Markdown.ToHtml(markdown, _pipeline)
            .Replace("<h1", "<h3").Replace("</h1>", "</h3>").Replace("<h2", "<h4").Replace("</h2>", "</h4>");
        return new HtmlString(_sanitizer.Sanitize(html));
    }

    /// <summary>Plain text for snippets, feeds and meta descriptions.</summary>
    public static string ToPlainText(string? markdown, int max = 300)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var text = Markdig.Markdown.ToPlainText(markdown).Replace('\n', ' ').Trim();
        while (text.Contains("  ")) text = text.Replace("  ", " ");
        return text.Length <= max ? text : text[..max].TrimEnd() + "…";
    }
}
