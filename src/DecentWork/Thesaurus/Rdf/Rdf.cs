using System.Globalization;
using System.Text;

namespace DecentWork.Thesaurus.Rdf;

/// <summary>An RDF term: an IRI, a blank node (<c>_:label</c>) or a literal with an optional language or datatype.</summary>
public sealed record Term(string Value, TermKind Kind, string? Language = null, string? Datatype = null)
{
    public static Term Iri(string v) => new(v, TermKind.Iri);
    public static Term Blank(string label) => new(label, TermKind.Blank);
    public static Term Literal(string v, string? lang = null, string? datatype = null)
        => new(v, TermKind.Literal, lang?.ToLowerInvariant(), lang is null && datatype != Vocab.XsdString ? datatype : null);

    public override string ToString() => NTriples.Format(this);
}

public enum TermKind { Iri, Blank, Literal }

public sealed record Triple(Term Subject, Term Predicate, Term Object)
{
    public override string ToString() => $"{Subject} {Predicate} {Object} .";
}

public static class Vocab
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Type = Rdf + "type";
    public const string XsdString = Xsd + "string";
    public const string LangString = Rdf + "langString";
}

/// <summary>A syntax error with where it happened, so an editor can find it in the file.</summary>
public sealed class RdfParseException(string message, int line = 0)
    : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    public int Line { get; } = line;
}

public enum RdfSyntax { Turtle, NTriples, RdfXml, JsonLd }

public static class RdfSyntaxes
{
    public static RdfSyntax? Parse(string? name) => name?.Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "ttl" or "turtle" => RdfSyntax.Turtle,
        "nt" or "ntriples" or "n-triples" => RdfSyntax.NTriples,
        "rdf" or "rdfxml" or "rdf-xml" or "xml" or "owl" => RdfSyntax.RdfXml,
        "jsonld" or "json-ld" or "json" => RdfSyntax.JsonLd,
        _ => null,
    };

    public static RdfSyntax? FromFileName(string file) => Parse(Path.GetExtension(file));

    public static string Extension(RdfSyntax s) => s switch
    {
        RdfSyntax.Turtle => "ttl", RdfSyntax.NTriples => "nt", RdfSyntax.RdfXml => "rdf", _ => "jsonld",
    };

    public static string ContentType(RdfSyntax s) => s switch
    {
        RdfSyntax.Turtle => "text/turtle; charset=utf-8",
        RdfSyntax.NTriples => "application/n-triples; charset=utf-8",
        RdfSyntax.RdfXml => "application/rdf+xml; charset=utf-8",
        _ => "application/ld+json; charset=utf-8",
    };

    public static List<Triple> Read(RdfSyntax s, string text, string? baseUri = null) => s switch
    {
        RdfSyntax.Turtle => new TurtleParser(text, baseUri).Parse(),
        RdfSyntax.NTriples => NTriples.Parse(text),
        RdfSyntax.RdfXml => RdfXml.Parse(text, baseUri),
        _ => JsonLd.Parse(text, baseUri),
    };

    public static string Write(RdfSyntax s, IReadOnlyList<Triple> triples, IReadOnlyDictionary<string, string> prefixes) => s switch
    {
        RdfSyntax.Turtle => TurtleWriter.Write(triples, prefixes),
        RdfSyntax.NTriples => NTriples.Write(triples),
        RdfSyntax.RdfXml => RdfXml.Write(triples, prefixes),
        _ => JsonLd.Write(triples, prefixes),
    };

    /// <summary>Resolves a relative IRI reference against a base (RFC 3986, via System.Uri).</summary>
    public static string Resolve(string? baseUri, string iri)
    {
        if (IsAbsolute(iri) || baseUri is null || !Uri.TryCreate(baseUri, UriKind.Absolute, out var b)) return iri;
        var noFragment = baseUri.Split('#')[0];
        if (iri.Length == 0) return noFragment;
        if (iri[0] == '#') return noFragment + iri;
        return Uri.TryCreate(b, iri, out var r) ? r.AbsoluteUri : iri;
    }

    public static bool IsAbsolute(string iri)
    {
        var colon = iri.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(iri[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(iri[i]) || iri[i] is '+' or '-' or '.')) return false;
        return true;
    }
}

/// <summary>N-Triples (W3C Recommendation 2014): one triple per line, absolute IRIs, escapes in literals.</summary>
public static class NTriples
{
    public static List<Triple> Parse(string text)
    {
        var result = new List<Triple>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            var c = new TurtleLexer(line, lineNo, ntriples: true);
            c.SkipSpace();
            if (c.AtEnd) continue;
            var s = c.Peek == '<' ? Term.Iri(c.ReadIri(null, requireAbsolute: true)) : c.Peek == '_' ? Term.Blank(c.ReadBlankLabel()) : throw c.Error("subject must be an IRI or a blank node");
            c.SkipSpace();
            var p = Term.Iri(c.ReadIri(null, requireAbsolute: true));
            c.SkipSpace();
            var o = c.Peek switch
            {
                '<' => Term.Iri(c.ReadIri(null, requireAbsolute: true)),
                '_' => Term.Blank(c.ReadBlankLabel()),
                '"' => c.ReadLiteral(null, _ => throw c.Error("prefixed names are not allowed in N-Triples")),
                _ => throw c.Error("object must be an IRI, a blank node or a literal"),
            };
            c.SkipSpace();
            c.Expect('.');
            c.SkipSpace();
            if (!c.AtEnd) throw c.Error("unexpected text after '.'");
            result.Add(new Triple(s, p, o));
        }
        return result;
    }

    public static string Write(IEnumerable<Triple> triples)
    {
        var sb = new StringBuilder();
        foreach (var t in triples) sb.Append(Format(t.Subject)).Append(' ').Append(Format(t.Predicate)).Append(' ').Append(Format(t.Object)).Append(" .\n");
        return sb.ToString();
    }

    public static string Format(Term t) => t.Kind switch
    {
        TermKind.Iri => "<" + EscapeIri(t.Value) + ">",
        TermKind.Blank => "_:" + t.Value,
        _ => "\"" + Escape(t.Value) + "\"" + (t.Language is not null ? "@" + t.Language : t.Datatype is not null ? "^^<" + EscapeIri(t.Datatype) + ">" : ""),
    };

    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ when c < 0x20 => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    private static string EscapeIri(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (c <= 0x20 || "<>\"{}|^`\\".Contains(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        return sb.ToString();
    }
}
