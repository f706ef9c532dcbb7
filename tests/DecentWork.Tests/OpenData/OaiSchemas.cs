using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace DecentWork.Tests.OpenData;

/// <summary>The official OAI-PMH, oai_dc, simple DC and xml.xsd schemas (local copies) plus the app's own dwx.xsd,
/// with a resolver that knows only those files: validation can never fetch anything.</summary>
public static class OaiSchemas
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "OpenData", "xsd");

    private static readonly Dictionary<string, string> Known = new()
    {
        ["http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"] = "OAI-PMH.xsd",
        ["http://www.openarchives.org/OAI/2.0/oai_dc.xsd"] = "oai_dc.xsd",
        ["http://dublincore.org/schemas/xmls/simpledc20021212.xsd"] = "simpledc20021212.xsd",
        ["http://www.w3.org/2001/03/xml.xsd"] = "xml.xsd",
        ["http://www.w3.org/2001/xml.xsd"] = "xml.xsd",
    };

    private sealed class LocalResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (Known.TryGetValue(absoluteUri.AbsoluteUri, out var file)) return File.OpenRead(Path.Combine(Dir, file));
            if (absoluteUri.IsFile && Path.GetDirectoryName(absoluteUri.LocalPath) == Dir.TrimEnd('/')) return File.OpenRead(absoluteUri.LocalPath);
            throw new XmlException($"schema resolution outside the local copies refused: {absoluteUri}");
        }
    }

    public static XmlSchemaSet Load(string dwxXsd)
    {
        var set = new XmlSchemaSet { XmlResolver = new LocalResolver() };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        foreach (var f in new[] { "OAI-PMH.xsd", "oai_dc.xsd" })
            using (var r = XmlReader.Create(Path.Combine(Dir, f), settings)) set.Add(null, r);
        using (var r = XmlReader.Create(new StringReader(dwxXsd), settings, "http://localhost/oai/dwx.xsd")) set.Add(null, r);
        set.Compile();
        return set;
    }

    /// <summary>Validates strictly (warnings too: an element with no schema is a failure) and returns the document.</summary>
    public static XDocument Validate(string xml, XmlSchemaSet schemas)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
        };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using (var r = XmlReader.Create(new StringReader(xml), settings)) while (r.Read()) { }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(5)) + "\n" + xml[..Math.Min(xml.Length, 3000)]);
        return XDocument.Parse(xml);
    }
}
