using DecentWork.Pages.Search;
using Microsoft.AspNetCore.Html;

namespace DecentWork.Tests.Search;

/// <summary>The search page lets only &lt;mark&gt; through raw from a snippet: what the engine writes passes as it is,
/// anything else is rebuilt with every other part encoded.</summary>
public class SafeSnippetTests
{
    private static string Html(IHtmlContent c)
    {
        using var w = new StringWriter();
        c.WriteTo(w, System.Text.Encodings.Web.HtmlEncoder.Default);
        return w.ToString();
    }

    [Theory]
    [InlineData("La <mark>négociation</mark> collective &amp; l&#39;emploi des &quot;jeunes&quot; &lt;18 ans&gt;.")]
    [InlineData("建立覆盖全民的<mark>社会</mark><mark>保障</mark>体系。")]
    [InlineData("Pensiones no contributivas")]
    [InlineData("")]
    public void What_the_engine_writes_passes_unchanged(string snippet) => Assert.Equal(snippet, Html(IndexModel.SafeSnippet(snippet)));

    [Theory]
    [InlineData("<script>alert(1)</script> x", "&lt;script&gt;alert(1)&lt;/script&gt; x")]
    [InlineData("<mark><mark>a</mark>", "<mark>a</mark>")]
    [InlineData("</mark>a<mark>b", "a<mark>b</mark>")]
    [InlineData("<mark onclick=x>a</mark>", "&lt;mark onclick=x&gt;a")]
    [InlineData("a & b > c \" d", "a &amp; b &gt; c &quot; d")]
    [InlineData("&#x3c;img src=x&#x3e;", "&lt;img src=x&gt;")]
    public void Anything_else_is_rebuilt_with_only_mark_raw(string snippet, string expected)
        => Assert.Equal(expected, Html(IndexModel.SafeSnippet(snippet)));
}
