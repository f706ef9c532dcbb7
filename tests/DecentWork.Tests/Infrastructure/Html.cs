using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace DecentWork.Tests.Infrastructure;

/// <summary>Drives pages as a browser without JavaScript would: GET, read the form, fill it, POST it with the
/// antiforgery token and cookies the page gave.</summary>
public static class Html
{
    public static async Task<IHtmlDocument> PageAsync(this HttpClient c, string url, int expectedStatus = 200)
    {
        var r = await c.GetAsync(url);
        await r.Expect(expectedStatus);
        return await ParseAsync(r);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage r)
        => new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());

    /// <summary>Submits a form: every field it has, with the given values replacing or adding to them. A value of
    /// null removes the field. For repeated names (checkboxes), pass "a|b" to select several.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient c, IHtmlDocument doc, string formSelector,
        IDictionary<string, string?> values, string? button = null, string? pageUrl = null)
    {
        var form = doc.QuerySelector(formSelector) as IHtmlFormElement ?? throw new Xunit.Sdk.XunitException($"no form {formSelector}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var el in form.Elements)
        {
            switch (el)
            {
                case IHtmlInputElement i when !string.IsNullOrEmpty(i.Name) && i.Type is not ("submit" or "button" or "image" or "reset"):
                    if (i.Type is "checkbox" or "radio") { if (i.IsChecked) fields.Add(new(i.Name!, i.Value)); }
                    else fields.Add(new(i.Name!, i.Value));
                    break;
                case IHtmlTextAreaElement t when !string.IsNullOrEmpty(t.Name):
                    fields.Add(new(t.Name!, t.Value));
                    break;
                case IHtmlSelectElement s when !string.IsNullOrEmpty(s.Name):
                    foreach (var o in s.Options.Where(o => o.IsSelected)) fields.Add(new(s.Name!, o.Value));
                    break;
            }
        }
        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is null) continue;
            foreach (var v in value.Split('|')) fields.Add(new(name, v));
        }
        if (button is not null)
        {
            var b = form.QuerySelector(button) as IHtmlButtonElement ?? throw new Xunit.Sdk.XunitException($"no button {button}");
            if (!string.IsNullOrEmpty(b.Name)) fields.Add(new(b.Name!, b.Value));
            var formAction = b.GetAttribute("formaction");
            if (!string.IsNullOrEmpty(formAction)) return await c.PostAsync(formAction, new FormUrlEncodedContent(fields));
        }
        var action = form.GetAttribute("action");
        if (string.IsNullOrEmpty(action)) action = pageUrl ?? doc.Url;
        return await c.PostAsync(action, new FormUrlEncodedContent(fields));
    }
}
