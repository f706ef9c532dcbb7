using System.Xml;
using DecentWork.Practices;
using DecentWork.Shared;
using DecentWork.Thesaurus;

namespace DecentWork.OpenData;

/// <summary>A record's context: its published content and the reference data to name what it refers to.</summary>
public sealed record RecordData(OaiHeader Header, PracticeContent Content, ReferenceSets Refs, Dictionary<int, Organisations.Organisation> Organisations, string BaseUrl);

/// <summary>Simple Dublin Core (oai_dc): every element that applies, each text in each of its languages.</summary>
public static class OaiDc
{
    public const string Prefix = "oai_dc";
    public const string Namespace = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public const string Schema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
    private const string Dc = "http://purl.org/dc/elements/1.1/";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static void Write(XmlWriter w, RecordData r)
    {
        var c = r.Content;
        w.WriteStartElement("oai_dc", "dc", Namespace);
        w.WriteAttributeString("xmlns", "dc", null, Dc);
        w.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{Namespace} {Schema}");
        var langs = PublicSite.Languages(c);
        foreach (var l in langs) El(w, "title", c.Texts[l].Title, l);
        foreach (var org in Orgs(r, "lead", "partner")) El(w, "creator", org);
        foreach (var org in Orgs(r, "funder")) El(w, "contributor", org);
        foreach (var id in c.Themes)
            if (r.Refs.Concepts.TryGetValue(id, out var concept))
                foreach (var label in concept.Labels.Where(x => x.Kind == LabelKind.Pref).OrderBy(x => Array.IndexOf(Languages.Supported, x.Language)))
                    El(w, "subject", label.Text, label.Language);
        foreach (var id in c.Pillars)
            if (r.Refs.Pillars.TryGetValue(id, out var pillar))
                foreach (var l in Languages.Supported) El(w, "subject", pillar.Name(l), l);
        foreach (var code in c.Standards) El(w, "subject", code);
        foreach (var l in langs) El(w, "description", MarkdownRenderer.ToPlainText(c.Texts[l].Summary, int.MaxValue), l);
        // The lead organisation publishes the practice; the platform only hosts it.
        foreach (var org in Orgs(r, "lead").Take(1)) El(w, "publisher", org);
        if (r.Header.PublishedAt is { } published) El(w, "date", published.ToString("yyyy-MM-dd"));
        El(w, "type", "Text");
        El(w, "type", "Report");
        El(w, "format", "text/html");
        El(w, "identifier", r.BaseUrl + PublicSite.PracticePath(Languages.Default, r.Header.Id, c));
        foreach (var s in c.Sources) El(w, "source", s.Url is { Length: > 0 } ? $"{s.Title} <{s.Url}>" : s.Title);
        foreach (var l in langs) El(w, "language", Languages.HtmlTag(l));
        foreach (var code in c.Countries)
            if (r.Refs.Countries.TryGetValue(code, out var country))
                foreach (var l in Languages.Supported) El(w, "coverage", country.Name(l), l);
        if (c.Period is { } p) El(w, "coverage", $"{p.Start}/{p.End}");
        El(w, "rights", PublicSite.LicenceUrl(c.Licence));
        w.WriteEndElement();
    }

    internal static IEnumerable<string> Orgs(RecordData r, params string[] roles)
        => r.Content.Organisations.Where(o => roles.Contains(o.Role ?? "lead")).Select(o => r.Organisations.GetValueOrDefault(o.Id)?.Name).OfType<string>();

    private static void El(XmlWriter w, string name, string? text, string? lang = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        w.WriteStartElement("dc", name, Dc);
        if (lang is not null) w.WriteAttributeString("xml", "lang", null, Languages.HtmlTag(lang));
        w.WriteString(XmlOut.Clean(text));
        w.WriteEndElement();
    }
}
