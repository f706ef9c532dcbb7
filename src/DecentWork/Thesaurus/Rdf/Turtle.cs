using System.Globalization;
using System.Text;

namespace DecentWork.Thesaurus.Rdf;

/// <summary>RDF 1.1 Turtle: @prefix/@base (and SPARQL-style PREFIX/BASE), prefixed names, 'a', ';' and ',' lists,
/// blank nodes ([ … ] and _:x), collections, short and long literals with escapes, language tags, datatypes,
/// numbers and booleans. Strict: anything else is an error with its line.</summary>
public sealed class TurtleParser(string text, string? baseUri)
{
    private readonly TurtleLexer _c = new(text);
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly List<Triple> _triples = [];
    private string? _base = baseUri;
    private int _blank;

    public IReadOnlyDictionary<string, string> Prefixes => _prefixes;

    public List<Triple> Parse()
    {
        while (true)
        {
            _c.SkipSpace();
            if (_c.AtEnd) return _triples;
            if (_c.Peek == '@') Directive();
            else if (_c.StartsWithKeyword("PREFIX") || _c.StartsWithKeyword("BASE")) SparqlDirective();
            else
            {
                Statement();
                _c.SkipSpace();
                _c.Expect('.');
            }
        }
    }

    private void Directive()
    {
        _c.Next();
        if (_c.StartsWith("prefix")) { _c.Skip(6); PrefixBody(); }
        else if (_c.StartsWith("base")) { _c.Skip(4); _c.SkipSpace(); _base = _c.ReadIri(_base); }
        else throw _c.Error("unknown directive");
        _c.SkipSpace();
        _c.Expect('.');
    }

    private void SparqlDirective()
    {
        if (_c.StartsWithKeyword("PREFIX")) { _c.Skip(6); PrefixBody(); }
        else { _c.Skip(4); _c.SkipSpace(); _base = _c.ReadIri(_base); }
    }

    private void PrefixBody()
    {
        _c.SkipSpace();
        var sb = new StringBuilder();
        while (!_c.AtEnd && _c.Peek != ':')
        {
            if (!TurtleLexer.IsNameChar(_c.Peek) && _c.Peek != '.') throw _c.Error("bad prefix name");
            sb.Append(_c.Next());
        }
        _c.Expect(':');
        _c.SkipSpace();
        _prefixes[sb.ToString()] = _c.ReadIri(_base);
    }

    private void Statement()
    {
        Term subject;
        if (_c.Peek == '[')
        {
            subject = BlankPropertyList();
            _c.SkipSpace();
            if (_c.Peek == '.') return; // "[ … ] ." is a complete statement
        }
        else if (_c.Peek == '(') subject = Collection();
        else subject = Subject();
        _c.SkipSpace();
        PredicateObjectList(subject);
    }

    private Term Subject() => _c.Peek switch
    {
        '<' => Term.Iri(_c.ReadIri(_base)),
        '_' when _c.PeekAt(1) == ':' => Term.Blank(_c.ReadBlankLabel()),
        _ => Term.Iri(PrefixedName()),
    };

    private void PredicateObjectList(Term subject)
    {
        while (true)
        {
            _c.SkipSpace();
            var predicate = Verb();
            while (true)
            {
                _c.SkipSpace();
                _triples.Add(new Triple(subject, predicate, Object()));
                _c.SkipSpace();
                if (_c.Peek != ',') break;
                _c.Next();
            }
            if (_c.Peek != ';') return;
            while (_c.Peek == ';') { _c.Next(); _c.SkipSpace(); }
            if (_c.Peek is '.' or ']' || _c.AtEnd) return; // a trailing ';' is allowed
        }
    }

    private Term Verb()
    {
        if (_c.Peek == 'a' && !TurtleLexer.IsNameChar(_c.PeekAt(1)) && _c.PeekAt(1) != ':')
        {
            _c.Next();
            return Term.Iri(Vocab.Type);
        }
        return _c.Peek == '<' ? Term.Iri(_c.ReadIri(_base)) : Term.Iri(PrefixedName());
    }

    private Term Object()
    {
        var c = _c.Peek;
        if (c == '<') return Term.Iri(_c.ReadIri(_base));
        if (c == '_' && _c.PeekAt(1) == ':') return Term.Blank(_c.ReadBlankLabel());
        if (c == '[') return BlankPropertyList();
        if (c == '(') return Collection();
        if (c is '"' or '\'') return _c.ReadLiteral(_base, _ => PrefixedName());
        if (char.IsAsciiDigit(c) || c is '+' or '-' or '.' && char.IsAsciiDigit(_c.PeekAt(1))) return Number();
        if (_c.StartsWithKeyword("true") && !_c.StartsWith("true:")) { _c.Skip(4); return Term.Literal("true", null, Vocab.Xsd + "boolean"); }
        if (_c.StartsWithKeyword("false") && !_c.StartsWith("false:")) { _c.Skip(5); return Term.Literal("false", null, Vocab.Xsd + "boolean"); }
        return Term.Iri(PrefixedName());
    }

    private Term Number()
    {
        var sb = new StringBuilder();
        if (_c.Peek is '+' or '-') sb.Append(_c.Next());
        while (char.IsAsciiDigit(_c.Peek)) sb.Append(_c.Next());
        var type = "integer";
        if (_c.Peek == '.' && char.IsAsciiDigit(_c.PeekAt(1)))
        {
            sb.Append(_c.Next());
            while (char.IsAsciiDigit(_c.Peek)) sb.Append(_c.Next());
            type = "decimal";
        }
        if (_c.Peek is 'e' or 'E')
        {
            sb.Append(_c.Next());
            if (_c.Peek is '+' or '-') sb.Append(_c.Next());
            if (!char.IsAsciiDigit(_c.Peek)) throw _c.Error("bad exponent");
            while (char.IsAsciiDigit(_c.Peek)) sb.Append(_c.Next());
            type = "double";
        }
        if (sb.ToString().TrimStart('+', '-').Length == 0) throw _c.Error("bad number");
        return Term.Literal(sb.ToString(), null, Vocab.Xsd + type);
    }

    private Term BlankPropertyList()
    {
        _c.Expect('[');
        var node = Term.Blank("b" + (++_blank).ToString(CultureInfo.InvariantCulture));
        _c.SkipSpace();
        if (_c.Peek != ']') PredicateObjectList(node);
        _c.SkipSpace();
        _c.Expect(']');
        return node;
    }

    private Term Collection()
    {
        _c.Expect('(');
        var items = new List<Term>();
        while (true)
        {
            _c.SkipSpace();
            if (_c.Peek == ')') { _c.Next(); break; }
            items.Add(Object());
        }
        Term head = Term.Iri(Vocab.Rdf + "nil");
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var cell = Term.Blank("b" + (++_blank).ToString(CultureInfo.InvariantCulture));
            _triples.Add(new Triple(cell, Term.Iri(Vocab.Rdf + "first"), items[i]));
            _triples.Add(new Triple(cell, Term.Iri(Vocab.Rdf + "rest"), head));
            head = cell;
        }
        return head;
    }

    private string PrefixedName()
    {
        var prefix = new StringBuilder();
        while (!_c.AtEnd && _c.Peek != ':')
        {
            if (!TurtleLexer.IsNameChar(_c.Peek) && !(_c.Peek == '.' && prefix.Length > 0 && TurtleLexer.IsNameChar(_c.PeekAt(1))))
                throw _c.Error(_c.AtEnd ? "unexpected end of input" : $"unexpected '{_c.Peek}'");
            prefix.Append(_c.Next());
        }
        _c.Expect(':');
        if (!_prefixes.TryGetValue(prefix.ToString(), out var ns)) throw _c.Error($"undeclared prefix '{prefix}:'");
        var local = new StringBuilder();
        while (!_c.AtEnd)
        {
            var ch = _c.Peek;
            if (TurtleLexer.IsNameChar(ch) || ch == ':') local.Append(_c.Next());
            else if (ch == '.' && (TurtleLexer.IsNameChar(_c.PeekAt(1)) || _c.PeekAt(1) == ':')) local.Append(_c.Next());
            else if (ch == '\\') { _c.Next(); local.Append(_c.Next()); }
            else if (ch == '%') { local.Append(_c.Next()).Append(_c.Next()).Append(_c.Next()); }
            else break;
        }
        return ns + local;
    }
}

/// <summary>Writes Turtle grouped by subject, with the given prefixes, one predicate per line.</summary>
public static class TurtleWriter
{
    public static string Write(IReadOnlyList<Triple> triples, IReadOnlyDictionary<string, string> prefixes)
    {
        var sb = new StringBuilder();
        foreach (var (p, ns) in prefixes) sb.Append("@prefix ").Append(p).Append(": <").Append(ns).Append("> .\n");
        foreach (var subject in triples.GroupBy(t => t.Subject))
        {
            sb.Append('\n').Append(Name(subject.Key, prefixes));
            var first = true;
            foreach (var pred in subject.GroupBy(t => t.Predicate))
            {
                sb.Append(first ? "\n    " : " ;\n    ");
                first = false;
                sb.Append(pred.Key.Value == Vocab.Type ? "a" : Name(pred.Key, prefixes)).Append(' ');
                sb.Append(string.Join(", ", pred.Select(t => Name(t.Object, prefixes))));
            }
            sb.Append(" .\n");
        }
        return sb.ToString();
    }

    private static string Name(Term t, IReadOnlyDictionary<string, string> prefixes)
    {
        if (t.Kind != TermKind.Iri) return NTriples.Format(t);
        foreach (var (p, ns) in prefixes)
            if (t.Value.StartsWith(ns, StringComparison.Ordinal) && IsLocalName(t.Value[ns.Length..])) return p + ":" + t.Value[ns.Length..];
        return NTriples.Format(t);
    }

    private static bool IsLocalName(string s)
        => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && s[^1] != '.' && s[0] != '-';
}
