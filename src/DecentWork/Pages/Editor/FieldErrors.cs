using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace DecentWork.Pages.Editor;

/// <summary>Validation messages keyed by the id of the input they belong to, so each page can show them next to the
/// field and list them, in page order, in the error summary.</summary>
public sealed class FieldErrors
{
    private readonly List<(string Id, string Message, string? Label)> _items = [];

    public bool Any => _items.Count > 0;
    /// <summary>The errors with the label of their field, so the summary says which field each message is about.</summary>
    public IReadOnlyList<(string Id, string Message, string? Label)> Items => _items;

    public void Add(string id, string message, string? label = null)
    {
        if (!_items.Exists(e => e.Id == id && e.Message == message)) _items.Add((id, message, label));
    }

    /// <summary>Puts the errors in the order of the fields on the page (a stable sort by the given rank).</summary>
    public void SortBy(Func<string, int> rank)
    {
        var sorted = _items.Select((e, i) => (e, i)).OrderBy(x => rank(x.e.Id)).ThenBy(x => x.i).Select(x => x.e).ToList();
        _items.Clear();
        _items.AddRange(sorted);
    }

    public bool Has(string id) => _items.Exists(e => e.Id == id);

    public string? Message(string id)
    {
        var messages = _items.Where(e => e.Id == id).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    public static string ErrorId(string id) => id + "-error";

    /// <summary>The aria-describedby value for a field: its hint, then its error; null when it has neither.</summary>
    public string? DescribedBy(string id, string? hintId = null)
    {
        var parts = new List<string>();
        if (hintId is not null) parts.Add(hintId);
        if (Has(id)) parts.Add(ErrorId(id));
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    public string? Invalid(string id) => Has(id) ? "true" : null;

    /// <summary>The message shown under a field: a text prefix ("Error:") rather than an icon, so it reads the same
    /// in every screen reader and in high-contrast mode.</summary>
    public IHtmlContent Show(string id, string prefix)
    {
        if (Message(id) is not { } message) return HtmlString.Empty;
        var p = new TagBuilder("p");
        p.AddCssClass("field-error");
        p.Attributes["id"] = ErrorId(id);
        var span = new TagBuilder("span");
        span.AddCssClass("error-prefix");
        span.InnerHtml.Append(prefix);
        p.InnerHtml.AppendHtml(span);
        // A full-width colon (Chinese) already separates; a space after it would show as a gap.
        p.InnerHtml.Append(prefix.EndsWith('：') ? message : " " + message);
        return p;
    }
}
