using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using DecentWork.Practices;

namespace DecentWork.OpenData;

/// <summary>A range of bytes in a snapshot's UTF-8 text: one JSON value, quotes included for a string.</summary>
internal readonly record struct Part(int Start, int Length)
{
    public bool IsEmpty => Length == 0;
}

internal readonly record struct TextPart(string Language, Part Title, Part Summary, Part Sections);

internal readonly record struct OrgPart(int Id, Part Role);

/// <summary>Where the parts of a revision snapshot (<see cref="PracticeContent"/> JSON) lie in its UTF-8 text, found in
/// one pass that also checks the text is byte for byte what <see cref="PracticeContent.Serialize"/> would write again
/// after deserializing it: the same properties in the same order, none null that the serializer would drop, no
/// whitespace, numbers and string escapes in the serializer's own form, languages in SortedDictionary order. The export
/// copies those bytes instead of deserializing and serializing every snapshot (most of its time before); a snapshot that
/// fails the check — written by an older version, or by hand — goes through the serializer as before, so the output is
/// the same either way.</summary>
internal sealed class SnapshotView
{
    private static readonly byte[][] ContentNames = Names("language", "texts", "countries", "themes", "pillars", "sdgTargets",
        "standards", "organisations", "period", "scale", "licence", "indicators", "sources");
    private const int ContentRequired = 0b1_1100_1111_1111; // all but period (8) and scale (9): those are null when absent

    private static readonly byte[][] TextNames = Names("title", "summary", "sections");
    private static readonly byte[][] SectionNames = Names("context", "approach", "implementation", "results", "lessons", "transferability");
    private static readonly byte[][] OrgNames = Names("id", "role", "key");
    private static readonly byte[][] PeriodNames = Names("start", "end");
    private static readonly byte[][] IndicatorNames = Names("name", "unit", "baseline", "result", "source");
    private static readonly byte[][] ValueYearNames = Names("value", "year");
    private static readonly byte[][] SourceNames = Names("title", "publisher", "year", "url");

    private static byte[][] Names(params string[] names) => names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();

    private const int End = -1, Bad = -2;

    private readonly ArrayBufferWriter<byte> _escaped = new(256);
    private readonly Utf8JsonWriter _escaper;
    private byte[] _unescaped = new byte[256];

    public SnapshotView() => _escaper = new Utf8JsonWriter(_escaped, new JsonWriterOptions { Encoder = PracticeContent.Json.Encoder, SkipValidation = true });

    public byte[] Json { get; private set; } = [];
    public Part Language, Texts, Countries, Themes, Pillars, SdgTargets, Standards, Period, Scale, Licence, Indicators, Sources;
    public string LanguageText { get; private set; } = "";
    public List<TextPart> TextParts { get; } = [];
    public List<OrgPart> Orgs { get; } = [];

    public ReadOnlySpan<byte> this[Part p] => Json.AsSpan(p.Start, p.Length);

    /// <summary>False when the text is not in the serializer's canonical form (or not valid JSON): the caller then
    /// falls back to deserializing it.</summary>
    public bool TryRead(byte[] json)
    {
        Json = json;
        Language = Texts = Countries = Themes = Pillars = SdgTargets = Standards = Period = Scale = Licence = Indicators = Sources = default;
        LanguageText = "";
        TextParts.Clear();
        Orgs.Clear();
        try
        {
            var c = new Cursor(json, this);
            return Content(ref c) && !c.R.Read(); // Read throws on anything but whitespace after the object
        }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; } // e.g. an escaped lone surrogate
        catch (ArgumentException) { return false; }
    }

    private bool Content(ref Cursor c)
    {
        if (!c.Next() || c.Type != JsonTokenType.StartObject) return false;
        var next = 0;
        while (true)
        {
            var p = c.Property(ContentNames, ContentRequired, ref next);
            if (p == End) return true;
            if (p == Bad || !c.Next()) return false;
            var start = c.Start;
            switch (p)
            {
                case 0:
                    if (!c.String()) return false;
                    LanguageText = c.R.GetString()!;
                    Language = c.Token;
                    break;
                case 1:
                    if (!TextsObject(ref c)) return false;
                    Texts = new Part(start, c.End - start);
                    break;
                case 2 or 3 or 4 or 5 or 6:
                    if (!StringArray(ref c)) return false;
                    var part = new Part(start, c.End - start);
                    switch (p) { case 2: Countries = part; break; case 3: Themes = part; break; case 4: Pillars = part; break; case 5: SdgTargets = part; break; default: Standards = part; break; }
                    break;
                case 7:
                    if (!OrganisationArray(ref c)) return false;
                    break;
                case 8:
                    if (!Object(ref c, PeriodNames, 0, static (ref Cursor c, int _) => c.Int())) return false;
                    Period = new Part(start, c.End - start);
                    break;
                case 9:
                    if (!c.String()) return false;
                    Scale = c.Token;
                    break;
                case 10:
                    if (!c.String()) return false;
                    Licence = c.Token;
                    break;
                case 11:
                    if (!Array(ref c, static (ref Cursor c) => c.Type == JsonTokenType.Null || Object(ref c, IndicatorNames, 0, static (ref Cursor c, int p)
                        => p is 2 or 3 ? Object(ref c, ValueYearNames, 0, static (ref Cursor c, int q) => q == 0 ? c.Decimal() : c.Int()) : c.String()))) return false;
                    Indicators = new Part(start, c.End - start);
                    break;
                case 12:
                    if (!Array(ref c, static (ref Cursor c) => c.Type == JsonTokenType.Null || Object(ref c, SourceNames, 0, static (ref Cursor c, int p)
                        => p == 2 ? c.Int() : c.String()))) return false;
                    Sources = new Part(start, c.End - start);
                    break;
            }
        }
    }

    /// <summary>The texts by language, in the order a deserialized SortedDictionary (default comparer) gives back.</summary>
    private bool TextsObject(ref Cursor c)
    {
        if (c.Type != JsonTokenType.StartObject) return false;
        string? previous = null;
        while (true)
        {
            if (!c.Next()) return false;
            if (c.Type == JsonTokenType.EndObject) return true;
            if (c.Type != JsonTokenType.PropertyName || !c.CanonicalString()) return false;
            var language = c.R.GetString()!;
            if (previous is not null && LanguageOrder(previous, language) >= 0) return false;
            previous = language;
            if (!c.Next() || c.Type != JsonTokenType.StartObject) return false;
            Part title = default, summary = default, sections = default;
            var next = 0;
            while (true)
            {
                var p = c.Property(TextNames, 0b111, ref next);
                if (p == End) break;
                if (p == Bad || !c.Next()) return false;
                var start = c.Start;
                switch (p)
                {
                    case 0: if (!c.String()) return false; title = c.Token; break;
                    case 1: if (!c.String()) return false; summary = c.Token; break;
                    default:
                        if (!Object(ref c, SectionNames, 0, static (ref Cursor c, int _) => c.String())) return false;
                        sections = new Part(start, c.End - start);
                        break;
                }
            }
            TextParts.Add(new TextPart(language, title, summary, sections));
        }
    }

    /// <summary>The order of a SortedDictionary with the default (culture) comparer, which is the ordinal one for codes
    /// of lowercase letters (the codes languages are stored under): ICU compares those ten times slower.</summary>
    public static int LanguageOrder(string a, string b)
        => IsCode(a) && IsCode(b) ? string.CompareOrdinal(a, b) : Comparer<string>.Default.Compare(a, b);

    private static bool IsCode(string s) => !s.AsSpan().ContainsAnyExceptInRange('a', 'z');

    private bool OrganisationArray(ref Cursor c)
    {
        if (c.Type != JsonTokenType.StartArray) return false;
        while (true)
        {
            if (!c.Next()) return false;
            if (c.Type == JsonTokenType.EndArray) return true;
            if (c.Type != JsonTokenType.StartObject) return false; // a null here would have thrown in the old code too: let the fallback decide
            int id = 0;
            Part role = default;
            var next = 0;
            while (true)
            {
                var p = c.Property(OrgNames, 0b001, ref next);
                if (p == End) break;
                if (p == Bad || !c.Next()) return false;
                switch (p)
                {
                    case 0: if (!c.Int(out id)) return false; break;
                    case 1: if (!c.String()) return false; role = c.Token; break;
                    default: if (!c.String()) return false; break; // the exporting instance's key is written afresh
                }
            }
            Orgs.Add(new OrgPart(id, role));
        }
    }

    /// <summary>The BMP characters the serializer's encoder writes as they are (surrogates excluded).</summary>
    private static readonly bool[] Allowed = Enumerable.Range(0, 0x10000)
        .Select(c => c is < 0xD800 or > 0xDFFF && !PracticeContent.Json.Encoder!.WillEncode(c)).ToArray();

    /// <summary>Printable ASCII but '"' and '\\' (which an unescaped string token cannot hold) passes as it is.</summary>
    private static readonly bool AsciiPasses = Enumerable.Range(0x20, 0x5F).All(c => Allowed[c] || c is '"' or '\\');

    /// <summary>What <c>FindFirstCharacterToEncodeUtf8(raw) &lt; 0</c> answers for an unescaped string token, three
    /// times faster on accented and Chinese text: the encoder decodes every non-ASCII character on its slow path;
    /// this looks each up in a table made from the encoder itself. Anything unusual (four-byte characters, which the
    /// encoder escapes, or bytes that are not UTF-8) counts as needing escapes.</summary>
    private static bool NeedsNoEscaping(ReadOnlySpan<byte> s)
    {
        if (!AsciiPasses) return PracticeContent.Json.Encoder!.FindFirstCharacterToEncodeUtf8(s) < 0;
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (b < 0x80)
            {
                var ascii = s[i..].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                if (ascii < 0) return true;
                i += ascii;
                b = s[i];
                if (b < 0x80) return false; // a control character or DEL
            }
            int c;
            if ((b & 0xE0) == 0xC0)
            {
                if (b < 0xC2 || i + 1 >= s.Length || (s[i + 1] & 0xC0) != 0x80) return false;
                c = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
                i += 2;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                if (i + 2 >= s.Length || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return false;
                c = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
                if (c < 0x800) return false; // overlong; surrogates are not in the table
                i += 3;
            }
            else return false;
            if (!Allowed[c]) return false;
        }
        return true;
    }

    private delegate bool ValueCheck(ref Cursor c);
    private delegate bool PropertyCheck(ref Cursor c, int property);

    private static bool StringArray(ref Cursor c) => Array(ref c, static (ref Cursor c) => c.Type == JsonTokenType.Null || c.String());

    private static bool Array(ref Cursor c, ValueCheck item)
    {
        if (c.Type != JsonTokenType.StartArray) return false;
        while (true)
        {
            if (!c.Next()) return false;
            if (c.Type == JsonTokenType.EndArray) return true;
            if (!item(ref c)) return false;
        }
    }

    /// <summary>An object whose properties may only be <paramref name="names"/>, in that order, each checked by <paramref name="value"/>.</summary>
    private static bool Object(ref Cursor c, byte[][] names, int required, PropertyCheck value)
    {
        if (c.Type != JsonTokenType.StartObject) return false;
        var next = 0;
        while (true)
        {
            var p = c.Property(names, required, ref next);
            if (p == End) return true;
            if (p == Bad || !c.Next() || !value(ref c, p)) return false;
        }
    }

    /// <summary>The reader plus the end of the last token, to refuse whitespace between tokens.</summary>
    private ref struct Cursor(byte[] json, SnapshotView view)
    {
        public Utf8JsonReader R = new(json);
        private int _end = -1;

        public int Start { get; private set; }
        public readonly int End => _end;
        public JsonTokenType Type => R.TokenType;
        public readonly Part Token => new(Start, _end - Start);

        public bool Next()
        {
            if (!R.Read()) return false;
            var start = (int)R.TokenStartIndex;
            // Between two tokens of the serializer's output there is nothing, or one ',' or ':'.
            if (_end >= 0 && start != _end && !(start == _end + 1 && json[_end] is (byte)',' or (byte)':')) return false;
            Start = start;
            _end = start + R.TokenType switch
            {
                JsonTokenType.String or JsonTokenType.PropertyName => R.ValueSpan.Length + 2,
                JsonTokenType.StartObject or JsonTokenType.EndObject or JsonTokenType.StartArray or JsonTokenType.EndArray => 1,
                _ => R.ValueSpan.Length,
            };
            return true;
        }

        /// <summary>Reads a property name (one of <paramref name="names"/> after the last one seen) or the object's end;
        /// a required name may not be skipped.</summary>
        public int Property(byte[][] names, int required, ref int next)
        {
            if (!Next()) return Bad;
            if (Type == JsonTokenType.EndObject) return (required >> next) == 0 ? SnapshotView.End : Bad;
            if (Type != JsonTokenType.PropertyName || R.ValueIsEscaped) return Bad;
            for (var i = next; i < names.Length; i++)
            {
                if (!R.ValueSpan.SequenceEqual(names[i])) continue;
                if ((required & ((1 << i) - 1) & ~((1 << next) - 1)) != 0) return Bad;
                next = i + 1;
                return i;
            }
            return Bad;
        }

        public bool String() => Type == JsonTokenType.String && CanonicalString();

        /// <summary>Whether the string token is escaped exactly as the serializer (same encoder) would escape its value.</summary>
        public bool CanonicalString()
        {
            var raw = R.ValueSpan;
            if (!R.ValueIsEscaped) return NeedsNoEscaping(raw);
            if (view._unescaped.Length < raw.Length) view._unescaped = new byte[raw.Length * 2];
            var n = R.CopyString(view._unescaped);
            view._escaped.ResetWrittenCount();
            view._escaper.Reset();
            view._escaper.WriteStringValue(view._unescaped.AsSpan(0, n));
            view._escaper.Flush();
            return view._escaped.WrittenSpan.SequenceEqual(json.AsSpan(Start, _end - Start));
        }

        public bool Int() => Int(out _);

        public bool Int(out int value)
        {
            value = 0;
            Span<byte> text = stackalloc byte[16];
            return Type == JsonTokenType.Number && R.TryGetInt32(out value) && Utf8Formatter.TryFormat(value, text, out var n) && text[..n].SequenceEqual(R.ValueSpan);
        }

        public bool Decimal()
        {
            Span<byte> text = stackalloc byte[64];
            return Type == JsonTokenType.Number && R.TryGetDecimal(out var value) && Utf8Formatter.TryFormat(value, text, out var n) && text[..n].SequenceEqual(R.ValueSpan);
        }
    }
}
