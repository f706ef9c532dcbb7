using DecentWork.Thesaurus.Rdf;

namespace DecentWork.Tests.Thesaurus;

/// <summary>Each parser on the small examples of its W3C specification (copied under Examples/), then on what
/// must be refused.</summary>
public class RdfParserTests
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Thesaurus", "Examples", name));

    private static HashSet<string> Lines(IEnumerable<Triple> triples) => triples.Select(t => t.ToString()).ToHashSet();

    [Fact]
    public void Turtle_spec_example_1_gives_its_seven_triples()
    {
        var t = new TurtleParser(Example("turtle-example1.ttl"), null).Parse();
        Assert.Equal(7, t.Count);
        var lines = Lines(t);
        Assert.Contains("<http://example.org/#green-goblin> <http://www.perceive.net/schemas/relationship/enemyOf> <http://example.org/#spiderman> .", lines);
        Assert.Contains("<http://example.org/#spiderman> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .", lines);
        Assert.Contains("<http://example.org/#spiderman> <http://xmlns.com/foaf/0.1/name> \"Человек-паук\"@ru .", lines);
    }

    [Fact]
    public void Turtle_literals_numbers_booleans_escapes_blank_nodes_and_collections()
    {
        var t = new TurtleParser(Example("turtle-literals.ttl"), null).Parse();
        var lines = Lines(t);
        Assert.Contains("<http://example.org/vocab/show/218> <http://www.w3.org/2000/01/rdf-schema#label> \"That Seventies Show\" .", lines);
        Assert.Contains("<http://example.org/vocab/show/218> <http://example.org/vocab/show/localName> \"Cette Série des Années Septante\"@fr-be .", lines);
        Assert.Contains("<http://example.org/vocab/show/218> <http://example.org/vocab/show/blurb> \"This is a multi-line\\nliteral with many quotes (\\\"\\\"\\\"\\\"\\\")\\nand up to two sequential apostrophes ('').\" .", lines);
        Assert.Contains("<http://en.wikipedia.org/wiki/Helium> <http://example.org/elementsatomicNumber> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .", lines);
        Assert.Contains("<http://en.wikipedia.org/wiki/Helium> <http://example.org/elementsatomicMass> \"4.002602\"^^<http://www.w3.org/2001/XMLSchema#decimal> .", lines);
        Assert.Contains("<http://en.wikipedia.org/wiki/Helium> <http://example.org/elementsspecificGravity> \"1.663E-4\"^^<http://www.w3.org/2001/XMLSchema#double> .", lines);
        Assert.Contains("<http://example.org/helium> <http://example.org/isNoble> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .", lines);
        Assert.Contains(t, x => x.Predicate.Value == "http://example.org/escaped" && x.Object.Value == "tab\tnewline\nquote\" é😀");
        Assert.Contains(t, x => x.Predicate.Value == "http://example.org/name" && x.Subject.Kind == TermKind.Blank && x.Object.Value == "Bob");
        Assert.Equal(2, t.Count(x => x.Predicate.Value == Vocab.Rdf + "first"));
    }

    [Fact]
    public void NTriples_spec_examples_parse_with_comments_blank_nodes_datatypes_and_language_tags()
    {
        var t = NTriples.Parse(Example("ntriples-example.nt"));
        Assert.Equal(10, t.Count);
        Assert.Equal(Term.Literal("That Seventies Show"), t[3].Object); // ^^xsd:string is the same literal as a plain one
        Assert.Equal(t[3], t[4]);
        Assert.Equal("fr-be", t[6].Object.Language);
        Assert.Equal("This is a multi-line\nliteral with many quotes (\"\"\"\"\")\nand two apostrophes ('').", t[7].Object.Value);
        Assert.Equal(TermKind.Blank, t[1].Subject.Kind);
        // What N-Triples writes, it reads back equal.
        Assert.Equal(Lines(t), Lines(NTriples.Parse(NTriples.Write(t))));
    }

    [Fact]
    public void RdfXml_spec_examples_property_attributes_nested_nodes_lang_datatype_parse_type_and_base()
    {
        var t = RdfXml.Parse(Example("rdfxml-example.rdf"), null);
        var lines = Lines(t);
        Assert.Contains("<http://www.w3.org/TR/rdf-syntax-grammar> <http://purl.org/dc/elements/1.1/title> \"RDF1.1 XML Syntax\" .", lines);
        var editor = t.Single(x => x.Predicate.Value == "http://example.org/stuff/1.0/editor" && x.Subject.Value == "http://www.w3.org/TR/rdf-syntax-grammar").Object;
        Assert.Equal(TermKind.Blank, editor.Kind);
        Assert.Contains(new Triple(editor, Term.Iri("http://example.org/stuff/1.0/fullName"), Term.Literal("Dave Beckett")), t);
        Assert.Contains(new Triple(editor, Term.Iri("http://example.org/stuff/1.0/homePage"), Term.Iri("http://purl.org/net/dajobe/")), t);
        Assert.Contains("<http://example.org/buecher/baum> <http://purl.org/dc/elements/1.1/title> \"Der Baum\"@de .", lines);
        Assert.Contains("<http://example.org/buecher/baum> <http://purl.org/dc/elements/1.1/description> \"Das Buch ist außergewöhnlich\"@de .", lines);
        Assert.Contains("<http://example.org/buecher/baum> <http://purl.org/dc/elements/1.1/title> \"The Tree\"@en .", lines);
        Assert.Contains("<http://example.org/item01> <http://example.org/stuff/1.0/size> \"123\"^^<http://www.w3.org/2001/XMLSchema#int> .", lines);
        Assert.Contains(t, x => x.Subject.Value == "http://example.org/item01" && x.Object.Kind == TermKind.Blank);
        Assert.Contains("<http://example.org/here/#snack> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/stuff/1.0/Document> .", lines);
        Assert.Contains("<http://example.org/here/#snack> <http://example.org/stuff/1.0/link> <http://example.org/here/fruit/apple> .", lines);
    }

    [Fact]
    public void JsonLd_compact_with_context_and_expanded_form()
    {
        var t = JsonLd.Parse(Example("jsonld-compact.jsonld"), null);
        var lines = Lines(t);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://schema.org/name> \"Manu Sporny\"@ja .", lines);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://schema.org/url> <http://manu.sporny.org/> .", lines);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://schema.org/image> <http://manu.sporny.org/images/manu.png> .", lines);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .", lines);
        Assert.Contains("_:b0 <http://xmlns.com/foaf/0.1/name> \"Gregg Kellogg\"@en .", lines);

        var e = Lines(JsonLd.Parse(Example("jsonld-expanded.jsonld"), null));
        Assert.Equal(5, e.Count);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://xmlns.com/foaf/0.1/name> \"Markus Lanthaler\" .", e);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://xmlns.com/foaf/0.1/homepage> <http://www.tugraz.at/> .", e);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://example.org/age> \"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .", e);
        Assert.Contains("<http://me.markus-lanthaler.com/> <http://example.org/label> \"Markus\"@de .", e);
    }

    [Theory]
    [InlineData(RdfSyntax.Turtle, "<a> <b> \"unterminated .")]
    [InlineData(RdfSyntax.Turtle, "ex:a ex:b ex:c .")]
    [InlineData(RdfSyntax.Turtle, "<http://a> <http://b> <http://c>")]
    [InlineData(RdfSyntax.Turtle, "<http://a> <http://b> \"x\\q\" .")]
    [InlineData(RdfSyntax.NTriples, "<http://a> <http://b> <c> .")]
    [InlineData(RdfSyntax.NTriples, "<http://a> <http://b> 'single' .")]
    [InlineData(RdfSyntax.NTriples, "<http://a> <http://b> \"x\" . extra")]
    [InlineData(RdfSyntax.RdfXml, "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description><title>x</title></rdf:Description></rdf:RDF>")]
    [InlineData(RdfSyntax.RdfXml, "<!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]><r>&b;</r>")]
    [InlineData(RdfSyntax.RdfXml, "<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><r>&x;</r>")]
    [InlineData(RdfSyntax.JsonLd, "{\"@context\": \"http://schema.org/\", \"name\": \"x\"}")]
    [InlineData(RdfSyntax.JsonLd, "{not json")]
    public void Malformed_input_is_refused_with_a_parse_error(RdfSyntax syntax, string text)
        => Assert.Throws<RdfParseException>(() => RdfSyntaxes.Read(syntax, text, null));

    [Fact]
    public void Every_writer_output_reads_back_to_the_same_graph()
    {
        var triples = new TurtleParser(Example("turtle-example1.ttl"), null).Parse()
            .Concat(NTriples.Parse(Example("ntriples-example.nt")).Where(t => t.Subject.Kind == TermKind.Iri)).Distinct().ToList();
        var prefixes = new Dictionary<string, string> { ["foaf"] = "http://xmlns.com/foaf/0.1/", ["rdf"] = Vocab.Rdf };
        foreach (var syntax in Enum.GetValues<RdfSyntax>())
            Assert.Equal(Lines(triples), Lines(RdfSyntaxes.Read(syntax, RdfSyntaxes.Write(syntax, triples, prefixes), null)));
    }
}
