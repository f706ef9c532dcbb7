using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DecentWork.Countries;
using DecentWork.Organisations;
using DecentWork.Shared;

namespace DecentWork.OpenData;

/// <summary>schema.org descriptions for the pages' &lt;script type="application/ld+json"&gt;. The encoder keeps
/// Chinese and accented letters readable but always escapes &lt; &gt; &amp; ' ", so no text a user wrote can close
/// the script element or open another.</summary>
public static class JsonLd
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("@context", "https://schema.org");
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A text in several languages: [{"@value": …, "@language": …}, …].</summary>
    public static void LangStrings(Utf8JsonWriter w, string name, IEnumerable<(string Lang, string Text)> values)
    {
        var list = values.Where(v => !string.IsNullOrWhiteSpace(v.Text)).ToList();
        if (list.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var (lang, text) in list)
        {
            w.WriteStartObject();
            w.WriteString("@value", text);
            w.WriteString("@language", Languages.HtmlTag(lang));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Country(Utf8JsonWriter w, Country c, string lang, string baseUrl)
    {
        w.WriteString("@type", "Country");
        w.WriteString("@id", $"{baseUrl}/{lang}/countries/{c.Code}");
        w.WriteString("name", c.Name(lang));
        w.WriteString("identifier", c.Code);
        w.WriteString("url", $"{baseUrl}/{lang}/countries/{c.Code}");
    }

    public static string CountryPage(Country c, IloRegion? region, string lang, string baseUrl) => Write(w =>
    {
        w.WriteString("@type", "Country");
        w.WriteString("@id", $"{baseUrl}/{lang}/countries/{c.Code}");
        LangStrings(w, "name", Languages.Supported.Select(l => (l, c.Name(l))));
        w.WriteString("identifier", c.Code);
        if (c.Iso2 is { Length: > 0 } iso2) w.WriteString("alternateName", iso2);
        w.WriteString("url", $"{baseUrl}/{lang}/countries/{c.Code}");
        if (region is not null)
        {
            w.WriteStartObject("containedInPlace");
            w.WriteString("@type", "Place");
            w.WriteString("identifier", region.Id);
            LangStrings(w, "name", Languages.Supported.Select(l => (l, region.Name(l))));
            w.WriteEndObject();
        }
    });

    public static void Organisation(Utf8JsonWriter w, Organisation o, string lang, string baseUrl)
    {
        w.WriteString("@type", "Organization");
        w.WriteString("@id", $"{baseUrl}/{lang}/organisations/{o.Id}");
        w.WriteString("name", o.DisplayName(lang));
        w.WriteString("url", $"{baseUrl}/{lang}/organisations/{o.Id}");
    }

    public static string OrganisationPage(Organisation o, Country? country, IEnumerable<string> practiceUrls, string lang, string baseUrl) => Write(w =>
    {
        w.WriteString("@type", "Organization");
        w.WriteString("@id", $"{baseUrl}/{lang}/organisations/{o.Id}");
        LangStrings(w, "name", new[] { (lang, o.DisplayName(lang)) }
            .Concat(new[] { ("en", o.Name), ("fr", o.NameFr ?? ""), ("es", o.NameEs ?? ""), ("zh", o.NameZh ?? "") }.Where(x => x.Item1 != lang)));
        if (o.Acronym is { Length: > 0 } acronym) w.WriteString("alternateName", acronym);
        w.WriteString("url", $"{baseUrl}/{lang}/organisations/{o.Id}");
        if (country is not null)
        {
            w.WriteStartObject("location");
            Country(w, country, lang, baseUrl);
            w.WriteEndObject();
        }
        var urls = practiceUrls.ToList();
        if (urls.Count > 0)
        {
            w.WriteStartArray("subjectOf");
            foreach (var u in urls)
            {
                w.WriteStartObject();
                w.WriteString("@type", "Report");
                w.WriteString("@id", u);
                w.WriteString("url", u);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    });
}
