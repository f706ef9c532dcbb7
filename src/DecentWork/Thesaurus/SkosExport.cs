using DecentWork.Data;
using DecentWork.Thesaurus.Rdf;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Thesaurus;

public sealed class ThesaurusOptions
{
    /// <summary>The site's base for concept URIs where there is no request to take it from (the command line).</summary>
    public string BaseUri { get; set; } = "http://localhost:5000";
}

/// <summary>The thesaurus as SKOS triples: one skos:ConceptScheme, each concept with its URI under the site base,
/// prefLabel/altLabel/definition per language and broader/narrower/related links.</summary>
public sealed class SkosExport(AppDb db)
{
    public static Dictionary<string, string> Prefixes(string baseUri) => new(StringComparer.Ordinal)
    {
        ["rdf"] = Vocab.Rdf, ["skos"] = Vocab.Skos, ["dct"] = Vocab.Dct, ["c"] = ConceptBase(baseUri),
    };

    public static string ConceptBase(string baseUri) => baseUri.TrimEnd('/') + "/concepts/";
    public static string SchemeUri(string baseUri) => baseUri.TrimEnd('/') + "/concepts";

    public async Task<List<Triple>> TriplesAsync(string baseUri, CancellationToken ct = default)
    {
        var concepts = await db.Concepts.AsNoTracking().Include(c => c.Labels).OrderBy(c => c.Id).ToListAsync(ct);
        var rels = await db.ConceptRelations.AsNoTracking().ToListAsync(ct);
        var broader = rels.Where(r => r.Kind == RelationKind.Broader).ToLookup(r => r.FromId, r => r.ToId);
        var narrower = rels.Where(r => r.Kind == RelationKind.Broader).ToLookup(r => r.ToId, r => r.FromId);
        var related = rels.Where(r => r.Kind == RelationKind.Related).ToLookup(r => r.FromId, r => r.ToId);
        var cbase = ConceptBase(baseUri);
        var scheme = Term.Iri(SchemeUri(baseUri));
        var t = new List<Triple>
        {
            new(scheme, Term.Iri(Vocab.Type), Term.Iri(Vocab.Skos + "ConceptScheme")),
            new(scheme, Term.Iri(Vocab.Dct + "title"), Term.Literal("Decent Work Exchange thesaurus", "en")),
        };
        Term P(string local) => Term.Iri(Vocab.Skos + local);
        foreach (var c in concepts)
        {
            var s = Term.Iri(cbase + c.Id);
            t.Add(new(s, Term.Iri(Vocab.Type), P("Concept")));
            t.Add(new(s, P("inScheme"), scheme));
            foreach (var l in c.Labels.OrderBy(l => l.Kind).ThenBy(l => l.Language, StringComparer.Ordinal).ThenBy(l => l.Text, StringComparer.Ordinal))
                t.Add(new(s, P(l.Kind == LabelKind.Pref ? "prefLabel" : "altLabel"), Term.Literal(l.Text, l.Language)));
            foreach (var (lang, def) in new[] { ("en", c.DefinitionEn), ("fr", c.DefinitionFr), ("es", c.DefinitionEs), ("zh", c.DefinitionZh) })
                if (def is not null) t.Add(new(s, P("definition"), Term.Literal(def, lang)));
            if (!broader[c.Id].Any()) t.Add(new(s, P("topConceptOf"), scheme));
            foreach (var b in broader[c.Id].Order(StringComparer.Ordinal)) t.Add(new(s, P("broader"), Term.Iri(cbase + b)));
            foreach (var n in narrower[c.Id].Order(StringComparer.Ordinal)) t.Add(new(s, P("narrower"), Term.Iri(cbase + n)));
            foreach (var r in related[c.Id].Order(StringComparer.Ordinal)) t.Add(new(s, P("related"), Term.Iri(cbase + r)));
        }
        return t;
    }

    public async Task<string> WriteAsync(RdfSyntax syntax, string baseUri, CancellationToken ct = default)
        => RdfSyntaxes.Write(syntax, await TriplesAsync(baseUri, ct), Prefixes(baseUri));
}
