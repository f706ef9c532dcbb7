using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DecentWork.Thesaurus.Rdf;

/// <summary>JSON-LD 1.1 in the forms thesauri are published in: expanded, or compact with a @context of prefixes
/// and terms (with "@id", "@type": "@id", "@language", "@container": "@set"/"@list"/"@language"), @graph, @vocab,
/// @base and a default @language. Remote contexts are refused: nothing is fetched.</summary>
public static class JsonLd
{
    private sealed record TermDef(string Iri, string? Type, string? Language, bool HasLanguage, string? Container);

    private sealed class Context
    {
        public Dictionary<string, TermDef> Terms = new(StringComparer.Ordinal);
        public string? Vocab, Base, Language;
        public Context Clone() => new() { Terms = new(Terms, StringComparer.Ordinal), Vocab = Vocab, Base = Base, Language = Language };
    }

    public static List<Triple> Parse(string text, string? baseUri)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e) { throw new RdfParseException("not valid JSON: " + e.Message, (int)(e.LineNumber ?? 0) + 1); }
        var triples = new List<Triple>();
        var blank = 0;
        var ctx = new Context { Base = baseUri };
        foreach (var n in root is JsonArray a ? a.ToList() : [root]) if (n is not null) Node(n, ctx, triples, ref blank);
        return triples;
    }

    private static Context WithContext(Context ctx, JsonNode? local)
    {
        if (local is null) return ctx;
        var c = ctx.Clone();
        foreach (var item in local is JsonArray arr ? arr.ToList() : [local])
        {
            if (item is null) { c = new Context { Base = ctx.Base }; continue; }
            if (item is JsonValue) throw new RdfParseException("remote @context is not supported (nothing is fetched)");
            var obj = (JsonObject)item;
            if (obj["@base"] is JsonValue b) c.Base = RdfSyntaxes.Resolve(c.Base, (string)b!);
            if (obj["@vocab"] is JsonValue v) c.Vocab = Expand((string)v!, c, vocab: true);
            if (obj.ContainsKey("@language")) c.Language = (string?)obj["@language"];
            foreach (var (k, def) in obj)
            {
                if (k.StartsWith('@')) continue;
                if (def is null) { c.Terms.Remove(k); continue; }
                if (def is JsonValue s) { c.Terms[k] = new TermDef(Expand((string)s!, c, vocab: true, term: k), null, null, false, null); continue; }
                var d = (JsonObject)def;
                var iri = d["@id"] is JsonValue id ? Expand((string)id!, c, vocab: true, term: k) : Expand(k, c, vocab: true, term: k);
                var type = d["@type"] is JsonValue t ? (string)t! is var ts && ts.StartsWith('@') ? ts : Expand(ts, c, vocab: true) : null;
                c.Terms[k] = new TermDef(iri, type, (string?)d["@language"], d.ContainsKey("@language"), (string?)d["@container"]);
            }
        }
        return c;
    }

    private static string Expand(string value, Context c, bool vocab, string? term = null)
    {
        if (value.StartsWith('@')) return value;
        if (vocab && value != term && c.Terms.TryGetValue(value, out var t)) return t.Iri;
        var colon = value.IndexOf(':');
        if (colon > 0)
        {
            var prefix = value[..colon];
            if (prefix == "_" ) return value;
            if (!value[(colon + 1)..].StartsWith("//") && prefix != term && c.Terms.TryGetValue(prefix, out var p)) return p.Iri + value[(colon + 1)..];
            if (RdfSyntaxes.IsAbsolute(value)) return value;
        }
        if (vocab && c.Vocab is not null) return c.Vocab + value;
        return RdfSyntaxes.Resolve(c.Base, value);
    }

    private static Term Subject(string id) => id.StartsWith("_:") ? Term.Blank(id[2..]) : Term.Iri(id);

    private static Term Node(JsonNode node, Context ctx, List<Triple> triples, ref int blank)
    {
        if (node is not JsonObject obj) throw new RdfParseException("a node must be a JSON object");
        var c = WithContext(ctx, obj["@context"]);
        var id = obj["@id"] is JsonValue idv ? Expand((string)idv!, c, vocab: false) : null;
        var subject = id is null ? Term.Blank("j" + (++blank).ToString(CultureInfo.InvariantCulture)) : Subject(id);
        foreach (var (key, value) in obj)
        {
            if (key is "@context" or "@id") continue;
            if (key == "@graph")
            {
                foreach (var n in value is JsonArray ga ? ga.ToList() : [value]) if (n is not null) Node(n, c, triples, ref blank);
                continue;
            }
            if (key == "@type")
            {
                foreach (var t in value is JsonArray ta ? ta.ToList() : [value])
                    triples.Add(new Triple(subject, Term.Iri(Vocab.Type), Term.Iri(Expand((string)t!, c, vocab: true))));
                continue;
            }
            if (key.StartsWith('@')) continue; // @index, @reverse and the like carry no triples we use
            var def = c.Terms.GetValueOrDefault(key);
            var predicate = def?.Iri ?? Expand(key, c, vocab: true);
            if (!RdfSyntaxes.IsAbsolute(predicate)) continue; // JSON-LD drops keys that do not expand to an IRI
            if (def?.Container == "@language" && value is JsonObject byLang)
            {
                foreach (var (lang, vs) in byLang)
                    foreach (var v in vs is JsonArray va ? va.ToList() : [vs])
                        triples.Add(new Triple(subject, Term.Iri(predicate), Term.Literal((string)v!, lang)));
                continue;
            }
            foreach (var v in value is JsonArray arr ? arr.ToList() : [value])
                if (v is not null) triples.Add(new Triple(subject, Term.Iri(predicate), Object(v, def, c, triples, ref blank)));
        }
        return subject;
    }

    private static Term Object(JsonNode v, TermDef? def, Context c, List<Triple> triples, ref int blank)
    {
        if (v is JsonValue jv)
        {
            if (def?.Type == "@id") return Subject(Expand((string)jv!, c, vocab: false));
            if (def?.Type == "@vocab") return Subject(Expand((string)jv!, c, vocab: true));
            return jv.GetValueKind() switch
            {
                JsonValueKind.String => def?.Type is { } dt ? Term.Literal((string)jv!, null, dt)
                    : Term.Literal((string)jv!, def is { HasLanguage: true } ? def.Language : c.Language),
                JsonValueKind.True or JsonValueKind.False => Term.Literal(jv.ToJsonString(), null, Vocab.Xsd + "boolean"),
                _ => jv.ToJsonString() is var num && num.IndexOfAny(['.', 'e', 'E']) < 0 ? Term.Literal(num, null, Vocab.Xsd + "integer")
                    : Term.Literal(double.Parse(num, CultureInfo.InvariantCulture).ToString("0.0##############E0", CultureInfo.InvariantCulture), null, Vocab.Xsd + "double"),
            };
        }
        if (v is JsonArray) throw new RdfParseException("nested arrays are not supported");
        var o = (JsonObject)v;
        if (o.ContainsKey("@value"))
        {
            if (o["@value"] is JsonValue nv && nv.GetValueKind() != JsonValueKind.String && o["@type"] is null) return Object(nv, null, c, triples, ref blank);
            var value = o["@value"] is JsonValue vv && vv.GetValueKind() == JsonValueKind.String ? (string)vv! : o["@value"]!.ToJsonString();
            if (o["@language"] is JsonValue l) return Term.Literal(value, (string)l!);
            if (o["@type"] is JsonValue t) return Term.Literal(value, null, Expand((string)t!, c, vocab: true));
            return Term.Literal(value);
        }
        if (o.ContainsKey("@list")) throw new RdfParseException("@list is not supported");
        return Node(o, c, triples, ref blank);
    }

    /// <summary>Compact JSON-LD: a @context of the prefixes, one node object per subject in @graph.</summary>
    public static string Write(IReadOnlyList<Triple> triples, IReadOnlyDictionary<string, string> prefixes)
    {
        var context = new JsonObject();
        foreach (var (p, ns) in prefixes) context[p] = ns;
        var graph = new JsonArray();
        foreach (var subject in triples.GroupBy(t => t.Subject))
        {
            var node = new JsonObject { ["@id"] = subject.Key.Kind == TermKind.Blank ? "_:" + subject.Key.Value : Compact(subject.Key.Value, prefixes) };
            foreach (var pred in subject.GroupBy(t => t.Predicate.Value))
            {
                if (pred.Key == Vocab.Type)
                {
                    node["@type"] = new JsonArray(pred.Select(t => (JsonNode)Compact(t.Object.Value, prefixes)!).ToArray());
                    continue;
                }
                node[Compact(pred.Key, prefixes)] = new JsonArray(pred.Select(t => (JsonNode)(t.Object.Kind switch
                {
                    TermKind.Iri => new JsonObject { ["@id"] = Compact(t.Object.Value, prefixes) },
                    TermKind.Blank => new JsonObject { ["@id"] = "_:" + t.Object.Value },
                    _ when t.Object.Language is { } l => new JsonObject { ["@value"] = t.Object.Value, ["@language"] = l },
                    _ when t.Object.Datatype is { } d => new JsonObject { ["@value"] = t.Object.Value, ["@type"] = Compact(d, prefixes) },
                    _ => new JsonObject { ["@value"] = t.Object.Value },
                })).ToArray());
            }
            graph.Add(node);
        }
        var doc = new JsonObject { ["@context"] = context, ["@graph"] = graph };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Compact(string iri, IReadOnlyDictionary<string, string> prefixes)
    {
        foreach (var (p, ns) in prefixes)
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && !iri[ns.Length..].StartsWith("//")) return p + ":" + iri[ns.Length..];
        return iri;
    }
}
