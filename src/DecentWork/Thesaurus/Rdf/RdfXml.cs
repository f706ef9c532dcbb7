using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace DecentWork.Thesaurus.Rdf;

/// <summary>RDF/XML: rdf:RDF, rdf:Description and typed node elements, rdf:about/rdf:ID/rdf:nodeID, property
/// elements with rdf:resource, rdf:nodeID, nested nodes, rdf:parseType="Resource", rdf:datatype, property
/// attributes, xml:lang and xml:base. Read without DTDs or external resolution (XXE and entity bombs are refused).</summary>
public static class RdfXml
{
    private static readonly XNamespace R = Vocab.Rdf;
    private static readonly XNamespace X = XNamespace.Xml;

    public static XmlReaderSettings SafeSettings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 1024, IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static List<Triple> Parse(string text, string? baseUri)
    {
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), SafeSettings);
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.SetBaseUri);
        }
        catch (XmlException e) { throw new RdfParseException(e.Message, e.LineNumber); }
        var state = new State();
        var root = doc.Root!;
        var b = Base(root, baseUri);
        if (root.Name == R + "RDF")
            foreach (var n in root.Elements()) NodeElement(n, state, b, Lang(root, null));
        else NodeElement(root, state, b, null);
        return state.Triples;
    }

    private sealed class State
    {
        public readonly List<Triple> Triples = [];
        public int Blank;
        public Term NewBlank() => Term.Blank("x" + (++Blank).ToString(CultureInfo.InvariantCulture));
    }

    private static string? Base(XElement e, string? inherited)
        => e.Attribute(X + "base") is { } xb ? RdfSyntaxes.Resolve(inherited, xb.Value) : inherited;

    private static string? Lang(XElement e, string? inherited) => e.Attribute(X + "lang") is { } l ? (l.Value.Length == 0 ? null : l.Value) : inherited;

    private static RdfParseException Error(XObject o, string message) => new(message, ((IXmlLineInfo)o).LineNumber);

    private static string Iri(XName n) => n.NamespaceName + n.LocalName;

    private static Term NodeElement(XElement e, State s, string? baseUri, string? lang)
    {
        baseUri = Base(e, baseUri);
        lang = Lang(e, lang);
        if (string.IsNullOrEmpty(e.Name.NamespaceName)) throw Error(e, $"element <{e.Name.LocalName}> has no namespace");
        Term subject = e.Attribute(R + "about") is { } about ? Term.Iri(RdfSyntaxes.Resolve(baseUri, about.Value))
            : e.Attribute(R + "ID") is { } id ? Term.Iri(RdfSyntaxes.Resolve(baseUri, "#" + id.Value))
            : e.Attribute(R + "nodeID") is { } nid ? Term.Blank(nid.Value)
            : s.NewBlank();
        if (e.Name != R + "Description") s.Triples.Add(new Triple(subject, Term.Iri(Vocab.Type), Term.Iri(Iri(e.Name))));
        foreach (var a in e.Attributes())
        {
            if (a.IsNamespaceDeclaration || a.Name.Namespace == X || a.Name == R + "about" || a.Name == R + "ID" || a.Name == R + "nodeID") continue;
            if (string.IsNullOrEmpty(a.Name.NamespaceName)) throw Error(a, $"attribute '{a.Name.LocalName}' has no namespace");
            s.Triples.Add(a.Name == R + "type"
                ? new Triple(subject, Term.Iri(Vocab.Type), Term.Iri(RdfSyntaxes.Resolve(baseUri, a.Value)))
                : new Triple(subject, Term.Iri(Iri(a.Name)), Term.Literal(a.Value, lang)));
        }
        var li = 0;
        foreach (var p in e.Elements()) PropertyElement(subject, p, s, baseUri, lang, ref li);
        return subject;
    }

    private static void PropertyElement(Term subject, XElement p, State s, string? baseUri, string? lang, ref int li)
    {
        baseUri = Base(p, baseUri);
        lang = Lang(p, lang);
        if (string.IsNullOrEmpty(p.Name.NamespaceName)) throw Error(p, $"element <{p.Name.LocalName}> has no namespace");
        var predicate = Term.Iri(p.Name == R + "li" ? Vocab.Rdf + "_" + (++li).ToString(CultureInfo.InvariantCulture) : Iri(p.Name));
        var parseType = p.Attribute(R + "parseType")?.Value;
        var children = p.Elements().ToList();
        if (parseType == "Resource")
        {
            var node = s.NewBlank();
            s.Triples.Add(new Triple(subject, predicate, node));
            var inner = 0;
            foreach (var c in children) PropertyElement(node, c, s, baseUri, lang, ref inner);
            return;
        }
        if (parseType == "Literal")
        {
            var xml = string.Concat(p.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
            s.Triples.Add(new Triple(subject, predicate, Term.Literal(xml, null, Vocab.Rdf + "XMLLiteral")));
            return;
        }
        if (parseType is not null) throw Error(p, $"rdf:parseType=\"{parseType}\" is not supported");
        if (children.Count > 1) throw Error(p, "a property element may hold only one node element");
        if (children.Count == 1)
        {
            s.Triples.Add(new Triple(subject, predicate, NodeElement(children[0], s, baseUri, lang)));
            return;
        }
        var resource = p.Attribute(R + "resource");
        var nodeId = p.Attribute(R + "nodeID");
        var datatype = p.Attribute(R + "datatype");
        var propAttrs = p.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace != X && a.Name.Namespace != R).ToList();
        if (resource is not null || nodeId is not null || propAttrs.Count > 0)
        {
            var o = resource is not null ? Term.Iri(RdfSyntaxes.Resolve(baseUri, resource.Value)) : nodeId is not null ? Term.Blank(nodeId.Value) : s.NewBlank();
            s.Triples.Add(new Triple(subject, predicate, o));
            foreach (var a in propAttrs) s.Triples.Add(new Triple(o, Term.Iri(Iri(a.Name)), Term.Literal(a.Value, lang)));
            return;
        }
        s.Triples.Add(new Triple(subject, predicate, datatype is not null
            ? Term.Literal(p.Value, null, RdfSyntaxes.Resolve(baseUri, datatype.Value))
            : Term.Literal(p.Value, lang)));
    }

    /// <summary>One rdf:Description per subject (typed node when it has one rdf:type), literals with xml:lang.</summary>
    public static string Write(IReadOnlyList<Triple> triples, IReadOnlyDictionary<string, string> prefixes)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            w.WriteStartElement("rdf", "RDF", Vocab.Rdf);
            foreach (var (p, ns) in prefixes) if (p != "rdf") w.WriteAttributeString("xmlns", p, null, ns);
            foreach (var subject in triples.GroupBy(t => t.Subject))
            {
                w.WriteStartElement("rdf", "Description", Vocab.Rdf);
                if (subject.Key.Kind == TermKind.Blank) w.WriteAttributeString("rdf", "nodeID", Vocab.Rdf, subject.Key.Value);
                else w.WriteAttributeString("rdf", "about", Vocab.Rdf, subject.Key.Value);
                foreach (var t in subject)
                {
                    var (ns, local) = Split(t.Predicate.Value);
                    w.WriteStartElement(prefixes.FirstOrDefault(x => x.Value == ns).Key, local, ns);
                    switch (t.Object.Kind)
                    {
                        case TermKind.Iri: w.WriteAttributeString("rdf", "resource", Vocab.Rdf, t.Object.Value); break;
                        case TermKind.Blank: w.WriteAttributeString("rdf", "nodeID", Vocab.Rdf, t.Object.Value); break;
                        default:
                            if (t.Object.Language is { } l) w.WriteAttributeString("xml", "lang", null, l);
                            else if (t.Object.Datatype is { } d) w.WriteAttributeString("rdf", "datatype", Vocab.Rdf, d);
                            w.WriteString(t.Object.Value);
                            break;
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        // StringBuilder output declares UTF-16; the text is sent and saved as UTF-8.
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"");
    }

    /// <summary>An XML element name needs the IRI split into namespace and an NCName local part.</summary>
    private static (string Ns, string Local) Split(string iri)
    {
        var i = iri.Length;
        while (i > 0 && (char.IsLetterOrDigit(iri[i - 1]) || iri[i - 1] is '_' or '-' or '.')) i--;
        while (i < iri.Length && !(char.IsLetter(iri[i]) || iri[i] == '_')) i++;
        if (i >= iri.Length || i == 0) throw new InvalidOperationException($"cannot write predicate <{iri}> in RDF/XML");
        return (iri[..i], iri[i..]);
    }
}
