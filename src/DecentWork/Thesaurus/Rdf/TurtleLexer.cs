using System.Globalization;
using System.Text;

namespace DecentWork.Thesaurus.Rdf;

/// <summary>The character-level reading shared by the N-Triples and Turtle parsers: IRIs, blank node labels,
/// literals with their escapes, language tags and datatypes.</summary>
internal sealed class TurtleLexer(string text, int line = 1, bool ntriples = false)
{
    private int _pos;
    public int Line { get; private set; } = line;
    public bool AtEnd => _pos >= text.Length;
    public char Peek => _pos < text.Length ? text[_pos] : '\0';
    public char PeekAt(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';
    public int Position => _pos;

    public RdfParseException Error(string message) => new(message, Line);

    public char Next()
    {
        if (AtEnd) throw Error("unexpected end of input");
        var c = text[_pos++];
        if (c == '\n') Line++;
        return c;
    }

    public void Expect(char c)
    {
        if (Peek != c) throw Error(AtEnd ? $"expected '{c}' but the input ended" : $"expected '{c}' but found '{Peek}'");
        Next();
    }

    public bool StartsWith(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

    public bool StartsWithKeyword(string s)
        => text.Length - _pos >= s.Length && string.Compare(text, _pos, s, 0, s.Length, StringComparison.OrdinalIgnoreCase) == 0
           && (_pos + s.Length >= text.Length || !IsNameChar(text[_pos + s.Length]));

    public void Skip(int n) { for (var i = 0; i < n; i++) Next(); }

    /// <summary>Whitespace and comments.</summary>
    public void SkipSpace()
    {
        while (!AtEnd)
        {
            var c = Peek;
            if (c is ' ' or '\t' or '\r' or '\n') Next();
            else if (c == '#') { while (!AtEnd && Peek != '\n') Next(); }
            else break;
        }
    }

    public string ReadIri(string? baseUri, bool requireAbsolute = false)
    {
        Expect('<');
        var sb = new StringBuilder();
        while (true)
        {
            var c = Next();
            if (c == '>') break;
            if (c == '\\')
            {
                var u = Next();
                if (u is not ('u' or 'U')) throw Error("only \\u and \\U escapes are allowed in IRIs");
                sb.Append(ReadHex(u == 'u' ? 4 : 8));
                continue;
            }
            if (c <= 0x20 || c is '<' or '"' or '{' or '}' or '|' or '^' or '`') throw Error($"character U+{(int)c:X4} is not allowed in an IRI");
            sb.Append(c);
        }
        var iri = sb.ToString();
        if (requireAbsolute && !RdfSyntaxes.IsAbsolute(iri)) throw Error($"relative IRI <{iri}> is not allowed here");
        return RdfSyntaxes.Resolve(baseUri, iri);
    }

    private string ReadHex(int digits)
    {
        var hex = new StringBuilder();
        for (var i = 0; i < digits; i++) hex.Append(Next());
        if (!int.TryParse(hex.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
            throw Error($"bad escape \\u{hex}");
        return char.ConvertFromUtf32(cp);
    }

    public string ReadBlankLabel()
    {
        Expect('_');
        Expect(':');
        var sb = new StringBuilder();
        while (!AtEnd && (IsNameChar(Peek) || Peek == '.' && IsNameChar(PeekAt(1)))) sb.Append(Next());
        if (sb.Length == 0) throw Error("empty blank node label");
        return sb.ToString();
    }

    public static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' || c == '\u00B7' || c > 0x7F && !char.IsWhiteSpace(c) && !char.IsPunctuation(c);

    /// <summary>A quoted literal with its language tag or datatype; <paramref name="prefixed"/> resolves ^^pfx:name.</summary>
    public Term ReadLiteral(string? baseUri, Func<TurtleLexer, string> prefixed)
    {
        var q = Peek;
        var longQuote = !ntriples && StartsWith(new string(q, 3));
        if (q == '\'' && ntriples) throw Error("N-Triples literals use double quotes");
        Skip(longQuote ? 3 : 1);
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated string");
            if (longQuote ? StartsWith(new string(q, 3)) && !(PeekAt(3) == q) : Peek == q) break;
            var c = Next();
            if (c == '\\')
            {
                var e = Next();
                sb.Append(e switch
                {
                    't' => "\t", 'b' => "\b", 'n' => "\n", 'r' => "\r", 'f' => "\f", '"' => "\"", '\'' => "'", '\\' => "\\",
                    'u' => ReadHex(4), 'U' => ReadHex(8),
                    _ => throw Error($"unknown escape \\{e}"),
                });
                continue;
            }
            if (!longQuote && c is '\n' or '\r') throw Error("line break in a short string (use \\n or a long string)");
            sb.Append(c);
        }
        Skip(longQuote ? 3 : 1);
        if (Peek == '@')
        {
            Next();
            var tag = new StringBuilder();
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '-')) tag.Append(Next());
            if (tag.Length == 0 || !char.IsAsciiLetter(tag[0])) throw Error("bad language tag");
            return Term.Literal(sb.ToString(), tag.ToString());
        }
        if (Peek == '^' && PeekAt(1) == '^')
        {
            Skip(2);
            var dt = Peek == '<' ? ReadIri(baseUri, ntriples) : prefixed(this);
            return Term.Literal(sb.ToString(), null, dt);
        }
        return Term.Literal(sb.ToString());
    }
}
