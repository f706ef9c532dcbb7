using System.Text.Json;
using DecentWork.Pages.Practices;
using DecentWork.Shared;

namespace DecentWork.OpenData;

/// <summary>The practice page's schema.org Report, built from what the page shows (its published revision).</summary>
public static class PracticeJsonLd
{
    public static string For(ShowModel m, string baseUrl, string lang) => JsonLd.Write(w =>
    {
        var c = m.Content;
        var p = m.Practice;
        var url = baseUrl + PublicSite.PracticePath(lang, p.Id, c);
        w.WriteString("@type", "Report");
        w.WriteString("@id", url);
        w.WriteString("url", url);
        JsonLd.LangStrings(w, "name", m.Available.Select(l => (l, c.Texts[l].Title)));
        JsonLd.LangStrings(w, "description", m.Available.Select(l => (l, MarkdownRenderer.ToPlainText(c.Texts[l].Summary, int.MaxValue))));
        w.WriteStartArray("inLanguage");
        foreach (var l in m.Available) w.WriteStringValue(Languages.HtmlTag(l));
        w.WriteEndArray();
        w.WriteStartArray("about");
        foreach (var (id, label) in m.Themes)
        {
            w.WriteStartObject();
            w.WriteString("@type", "DefinedTerm");
            w.WriteString("@id", $"{baseUrl}/concepts/{id}");
            w.WriteString("termCode", id);
            w.WriteString("name", label);
            w.WriteString("url", $"{baseUrl}/{lang}/themes/{Uri.EscapeDataString(id)}");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("spatialCoverage");
        foreach (var (code, name) in m.Countries)
        {
            w.WriteStartObject();
            w.WriteString("@type", "Country");
            w.WriteString("name", name);
            w.WriteString("identifier", code);
            w.WriteString("url", $"{baseUrl}/{lang}/countries/{code}");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Orgs(w, "author", m.Organisations.Where(o => o.Role is "lead" or "partner" or null));
        Orgs(w, "publisher", m.Organisations.Where(o => o.Role is "lead" or null));
        Orgs(w, "funder", m.Organisations.Where(o => o.Role == "funder"));
        w.WriteString("license", PublicSite.LicenceUrl(c.Licence));
        if (p.PublishedAt is { } published) w.WriteString("datePublished", OaiRequest.Stamp(published));
        w.WriteString("dateModified", OaiRequest.Stamp(p.UpdatedAt));
        if (c.Period is { Start: { } start } period) w.WriteString("temporalCoverage", $"{start}/{(period.End?.ToString() ?? "..")}");
        w.WriteStartArray("isBasedOn");
        foreach (var s in c.Sources)
        {
            w.WriteStartObject();
            w.WriteString("@type", "CreativeWork");
            w.WriteString("name", s.Title);
            if (s.Url is { Length: > 0 }) w.WriteString("url", s.Url);
            if (s.Year is { } year) w.WriteString("datePublished", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (s.Publisher is { Length: > 0 })
            {
                w.WriteStartObject("publisher");
                w.WriteString("@type", "Organization");
                w.WriteString("name", s.Publisher);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        void Orgs(Utf8JsonWriter w, string name, IEnumerable<ShowModel.OrgView> orgs)
        {
            var list = orgs.ToList();
            if (list.Count == 0) return;
            w.WriteStartArray(name);
            foreach (var o in list)
            {
                w.WriteStartObject();
                w.WriteString("@type", "Organization");
                w.WriteString("@id", $"{baseUrl}/{lang}/organisations/{o.Id}");
                w.WriteString("name", o.Name);
                if (o.Acronym is { Length: > 0 } acr) w.WriteString("alternateName", acr);
                w.WriteString("url", $"{baseUrl}/{lang}/organisations/{o.Id}");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    });
}
