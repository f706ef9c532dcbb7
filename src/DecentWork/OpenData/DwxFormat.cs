using System.Globalization;
using System.Xml;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;

namespace DecentWork.OpenData;

/// <summary>The platform's own complete format: everything a practice's published revision holds, so a harvester
/// can rebuild the practice. Its schema is served at /oai/dwx.xsd. The namespace is a URN rather than the site's
/// address because it must stay the same on every installation while the schema file is static.</summary>
public static class DwxFormat
{
    public const string Prefix = "dwx";
    public const string Namespace = "urn:decent-work-exchange:dwx:1.0";
    public const string SchemaPath = "/oai/dwx.xsd";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private const string Xml = "http://www.w3.org/XML/1998/namespace";

    public static void Write(XmlWriter w, RecordData r)
    {
        var c = r.Content;
        var inv = CultureInfo.InvariantCulture;
        w.WriteStartElement("dwx", "practice", Namespace);
        w.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{Namespace} {r.BaseUrl}{SchemaPath}");
        w.WriteAttributeString("id", r.Header.Id.ToString(inv));
        w.WriteAttributeString("originalLanguage", c.Language);
        w.WriteAttributeString("licence", c.Licence);
        if (c.Scale is { Length: > 0 }) w.WriteAttributeString("scale", c.Scale);
        if (c.Period?.Start is { } ps) w.WriteAttributeString("periodStart", ps.ToString(inv));
        if (c.Period?.End is { } pe) w.WriteAttributeString("periodEnd", pe.ToString(inv));
        El(w, "url", r.BaseUrl + PublicSite.PracticePath(Languages.Default, r.Header.Id, c));
        El(w, "licenceUrl", PublicSite.LicenceUrl(c.Licence));
        if (r.Header.PublishedAt is { } pub) El(w, "published", OaiRequest.Stamp(pub));
        El(w, "updated", OaiRequest.Stamp(r.Header.Datestamp));
        foreach (var (lang, text) in c.Texts)
        {
            w.WriteStartElement("text", Namespace);
            w.WriteAttributeString("xml", "lang", Xml, Languages.HtmlTag(lang));
            w.WriteAttributeString("original", lang == c.Language ? "true" : "false");
            El(w, "title", text.Title);
            El(w, "summary", text.Summary);
            foreach (var name in SectionsDto.Names)
                if (text.Sections.Get(name) is { Length: > 0 } body)
                {
                    w.WriteStartElement("section", Namespace);
                    w.WriteAttributeString("name", name);
                    w.WriteString(XmlOut.Clean(body));
                    w.WriteEndElement();
                }
            w.WriteEndElement();
        }
        foreach (var code in c.Countries)
        {
            w.WriteStartElement("country", Namespace);
            w.WriteAttributeString("code", code);
            if (r.Refs.Countries.TryGetValue(code, out var country))
            {
                if (country.IloRegionId is { } region) w.WriteAttributeString("iloRegion", region);
                foreach (var l in Languages.Supported) Named(w, "name", country.Name(l), l);
            }
            w.WriteEndElement();
        }
        foreach (var id in c.Themes)
        {
            w.WriteStartElement("theme", Namespace);
            w.WriteAttributeString("id", id);
            w.WriteAttributeString("uri", $"{r.BaseUrl}/concepts/{id}");
            if (r.Refs.Concepts.TryGetValue(id, out var concept))
                foreach (var label in concept.Labels.Where(x => x.Kind == LabelKind.Pref)) Named(w, "label", label.Text, label.Language);
            w.WriteEndElement();
        }
        foreach (var id in c.Pillars)
        {
            w.WriteStartElement("pillar", Namespace);
            w.WriteAttributeString("id", id);
            if (r.Refs.Pillars.TryGetValue(id, out var pillar)) foreach (var l in Languages.Supported) Named(w, "name", pillar.Name(l), l);
            w.WriteEndElement();
        }
        foreach (var id in c.SdgTargets) Empty(w, "sdgTarget", "id", id);
        foreach (var code in c.Standards) Empty(w, "standard", "code", code);
        foreach (var o in c.Organisations)
        {
            var org = r.Organisations.GetValueOrDefault(o.Id);
            w.WriteStartElement("organisation", Namespace);
            w.WriteAttributeString("id", o.Id.ToString(inv));
            w.WriteAttributeString("role", o.Role ?? "lead");
            if (org is not null)
            {
                w.WriteAttributeString("group", org.Group.ToString());
                if (org.CountryCode is { } cc) w.WriteAttributeString("country", cc);
                if (org.Acronym is { Length: > 0 } acr) w.WriteAttributeString("acronym", acr);
                Named(w, "name", org.Name, null);
                Named(w, "name", org.NameFr, "fr");
                Named(w, "name", org.NameEs, "es");
                Named(w, "name", org.NameZh, "zh");
            }
            w.WriteEndElement();
        }
        foreach (var i in c.Indicators)
        {
            w.WriteStartElement("indicator", Namespace);
            El(w, "name", i.Name ?? "");
            El(w, "unit", i.Unit ?? "");
            ValueYear(w, "baseline", i.Baseline);
            ValueYear(w, "result", i.Result);
            if (i.Source is { Length: > 0 }) El(w, "source", i.Source);
            w.WriteEndElement();
        }
        foreach (var s in c.Sources)
        {
            w.WriteStartElement("source", Namespace);
            if (s.Year is { } y) w.WriteAttributeString("year", y.ToString(inv));
            if (s.Url is { Length: > 0 }) w.WriteAttributeString("url", s.Url);
            El(w, "title", s.Title ?? "");
            if (s.Publisher is { Length: > 0 }) El(w, "publisher", s.Publisher);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void ValueYear(XmlWriter w, string name, Practices.ValueYear? v)
    {
        if (v is null) return;
        w.WriteStartElement(name, Namespace);
        if (v.Value is { } value) w.WriteAttributeString("value", value.ToString(CultureInfo.InvariantCulture));
        if (v.Year is { } year) w.WriteAttributeString("year", year.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void El(XmlWriter w, string name, string text) => w.WriteElementString(name, Namespace, XmlOut.Clean(text));

    private static void Named(XmlWriter w, string name, string? text, string? lang)
    {
        if (string.IsNullOrEmpty(text)) return;
        w.WriteStartElement(name, Namespace);
        if (lang is not null) w.WriteAttributeString("xml", "lang", Xml, Languages.HtmlTag(lang));
        w.WriteString(XmlOut.Clean(text));
        w.WriteEndElement();
    }

    private static void Empty(XmlWriter w, string name, string attr, string value)
    {
        w.WriteStartElement(name, Namespace);
        w.WriteAttributeString(attr, value);
        w.WriteEndElement();
    }
}
