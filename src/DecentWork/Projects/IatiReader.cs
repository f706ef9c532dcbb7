using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace DecentWork.Projects;

/// <summary>Reads IATI activity files (standard 2.01–2.03) one iati-activity at a time, so a file of any size is read
/// in the memory of its largest activity. <see cref="Check"/> reads the whole file once without keeping anything —
/// well-formed, the right root and version, no DTD, no oversized activity — so that a broken file is refused before
/// anything is saved; <see cref="Read"/> then yields the activities.</summary>
public static partial class IatiReader
{
    /// <summary>Real activities are a few kilobytes; one of many megabytes is a mistake or an attack.</summary>
    public const long MaxActivityBytes = 16 * 1024 * 1024;

    public static readonly string[] Versions = ["2.01", "2.02", "2.03"];

    private static readonly XName XmlLang = XNamespace.Xml + "lang";

    public sealed record FileInfo(string Version, int Activities);

    /// <summary>DTDs are refused outright: IATI never uses them, and they are how entity expansion ("billion laughs")
    /// and external entities (file:///etc/passwd) get in. No resolver, so nothing is ever fetched.</summary>
    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Reads the whole stream once and throws <see cref="IatiRefusedException"/> if the file cannot be imported.</summary>
    public static FileInfo Check(Stream stream, long maxActivityBytes = MaxActivityBytes)
    {
        var capped = new CappedStream(stream);
        return Guard(capped, maxActivityBytes, () =>
        {
            using var xr = XmlReader.Create(capped, Settings());
            var (version, _) = Root(xr);
            var count = 0;
            // Each activity as a whole, and every node outside activities, gets the same budget: one giant text node
            // between activities is no better than one giant activity.
            capped.Limit = capped.Position + maxActivityBytes;
            while (xr.Read())
            {
                if (xr.Depth == 1 && xr.NodeType == XmlNodeType.Element && IsActivity(xr)) count++;
                else if (xr.Depth > 1) continue; // inside an activity: its budget runs until its end tag
                capped.Limit = capped.Position + maxActivityBytes;
            }
            return new FileInfo(version, count);
        });
    }

    /// <summary>The activities of a file that passed <see cref="Check"/>, one at a time.</summary>
    public static IEnumerable<IatiActivity> Read(Stream stream, long maxActivityBytes = MaxActivityBytes)
    {
        var capped = new CappedStream(stream);
        using var xr = Guard(capped, maxActivityBytes, () => XmlReader.Create(capped, Settings()));
        var (version, fileLang) = Guard(capped, maxActivityBytes, () => Root(xr));
        var n = 0;
        while (true)
        {
            XElement? element = null;
            var line = 0;
            var more = Guard(capped, maxActivityBytes, () =>
            {
                capped.Limit = capped.Position + maxActivityBytes;
                if (xr.NodeType == XmlNodeType.Element && xr.Depth == 1 && IsActivity(xr) || Advance(xr))
                {
                    line = (xr as IXmlLineInfo)?.LineNumber ?? 0;
                    capped.Limit = capped.Position + maxActivityBytes;
                    element = (XElement)XNode.ReadFrom(xr);
                    return true;
                }
                return false;
            });
            if (!more) yield break;
            yield return Map(element!, ++n, line, fileLang, version);
        }
    }

    /// <summary>Moves to the next activity element at depth 1; false at the end of the file.</summary>
    private static bool Advance(XmlReader xr)
    {
        while (xr.Read())
            if (xr.NodeType == XmlNodeType.Element && xr.Depth == 1 && IsActivity(xr)) return true;
        return false;
    }

    private static bool IsActivity(XmlReader xr) => xr.LocalName == "iati-activity" && xr.NamespaceURI.Length == 0;

    private static (string Version, string? Lang) Root(XmlReader xr)
    {
        if (xr.MoveToContent() != XmlNodeType.Element) throw new IatiRefusedException("The file has no root element: it is not an IATI activity file.");
        if (xr.LocalName == "iati-activities" && xr.NamespaceURI.Length > 0)
            throw new IatiRefusedException($"The root element iati-activities is in the namespace '{Short(xr.NamespaceURI)}'; IATI activity files use no namespace.");
        if (xr.LocalName == "iati-organisations" && xr.NamespaceURI.Length == 0)
            throw new IatiRefusedException("This is an IATI organisation file; only IATI activity files (root iati-activities) are imported.");
        if (xr.LocalName != "iati-activities")
            throw new IatiRefusedException($"The root element is '{Short(xr.Name)}', not 'iati-activities': this is not an IATI activity file.");
        var version = xr.GetAttribute("version")?.Trim();
        if (string.IsNullOrEmpty(version))
            throw new IatiRefusedException("iati-activities has no version attribute; IATI activity files 2.01–2.03 are imported.");
        if (!Versions.Contains(version))
            throw new IatiRefusedException($"IATI version '{Short(version)}' is not imported; versions 2.01–2.03 are.");
        return (version, Language(xr.GetAttribute("xml:lang")));
    }

    /// <summary>Turns what the XML layer throws into a refusal that says what is wrong without quoting the file.</summary>
    private static T Guard<T>(CappedStream capped, long max, Func<T> read)
    {
        try { return read(); }
        catch (ActivityTooLargeException)
        {
            throw new IatiRefusedException($"An element near byte {capped.Position:N0} is larger than {max / (1024 * 1024)} MB; the file is refused (IATI activities are a few kilobytes).");
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new IatiRefusedException("The file declares a DTD (<!DOCTYPE …>). IATI files never need one, and DTDs carry entity-expansion and external-entity attacks, so the file is refused.");
        }
        catch (XmlException e) when (capped.Position <= 4096 && e.LineNumber <= 1)
        {
            throw new IatiRefusedException($"The file is not an XML document (line {e.LineNumber}, position {e.LinePosition}).");
        }
        catch (XmlException e)
        {
            throw new IatiRefusedException($"The file is not well-formed XML at line {e.LineNumber}, position {e.LinePosition}; nothing was imported.");
        }
        catch (DecoderFallbackException)
        {
            throw new IatiRefusedException("The file is not valid text in its declared encoding; nothing was imported.");
        }
    }

    // ---- one activity --------------------------------------------------------------------------------------------

    private static IatiActivity Map(XElement a, int n, int line, string? fileLang, string version)
    {
        var rawId = a.Element("iati-identifier")?.Value.Trim();
        var usable = !string.IsNullOrEmpty(rawId) && rawId.Length <= ProjectsModel.IdentifierLength;
        var activity = new IatiActivity
        {
            Identifier = usable ? rawId! : $"activity {n} (line {line})",
            Importable = usable,
        };
        if (string.IsNullOrEmpty(rawId)) { activity.Problem("iati-identifier", "missing; the activity is skipped"); return activity; }
        if (!usable) { activity.Problem("iati-identifier", $"longer than {ProjectsModel.IdentifierLength} characters; the activity is skipped"); return activity; }

        var ownLang = a.Attribute(XmlLang)?.Value ?? a.Attribute("default-language")?.Value;
        activity.Language = Language(ownLang) ?? fileLang;
        if (ownLang is not null && Language(ownLang) is null) activity.Problem("iati-activity/@xml:lang", $"not a language tag {Quote(ownLang)}");

        var currency = a.Attribute("default-currency")?.Value.Trim();
        if (!string.IsNullOrEmpty(currency))
        {
            if (IsCurrency(currency)) activity.Currency = currency.ToUpperInvariant();
            else activity.Problem("iati-activity/@default-currency", $"not an ISO 4217 code {Quote(currency)}");
        }
        if (a.Attribute("last-updated-datetime")?.Value is { } updated)
        {
            if (DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var u)) activity.LastUpdated = u.UtcDateTime;
            else activity.Problem("iati-activity/@last-updated-datetime", $"not a date-time {Quote(updated)}");
        }

        foreach (var title in a.Elements("title"))
            foreach (var narrative in Narratives(title, activity, "title"))
            {
                if (activity.Titles.Any(t => t.Language == narrative.Language))
                    activity.Problem("title/narrative", $"a second title in '{narrative.Language}'; the first is kept");
                else activity.Titles.Add(narrative);
            }
        if (activity.Titles.Count == 0) activity.Problem("title", "missing");

        foreach (var d in a.Elements("description"))
        {
            var type = Int(d, "type", activity, "description/@type", 1, 4);
            foreach (var narrative in Narratives(d, activity, "description")) activity.Descriptions.Add(new IatiDescription(type, narrative));
        }

        var reporting = a.Elements("reporting-org").ToList();
        if (reporting.Count == 0) activity.Problem("reporting-org", "missing");
        foreach (var r in reporting.Take(1))
            activity.Organisations.Add(new IatiOrganisation(true, null, Attr(r, "ref"), Attr(r, "type"), Narratives(r, activity, "reporting-org")));
        foreach (var p in a.Elements("participating-org"))
        {
            var role = Role(Attr(p, "role"));
            if (role is null) activity.Problem("participating-org/@role", $"not an organisation role (1–4) {Quote(Attr(p, "role") ?? "")}");
            activity.Organisations.Add(new IatiOrganisation(false, role, Attr(p, "ref"), Attr(p, "type"), Narratives(p, activity, "participating-org")));
        }

        if (a.Element("activity-status") is { } status)
        {
            var code = Int(status, "code", activity, "activity-status/@code", 1, 6);
            if (code is not null) activity.Status = (ActivityStatus)code.Value;
        }

        foreach (var c in a.Elements("recipient-country"))
        {
            var code = Attr(c, "code")?.ToUpperInvariant();
            if (code is null || !Iso2Regex().IsMatch(code)) { activity.Problem("recipient-country/@code", $"not an ISO 3166-1 alpha-2 code {Quote(code ?? "")}"); continue; }
            activity.Countries.Add(new IatiCountry(code, Percentage(c, activity, "recipient-country/@percentage")));
        }
        foreach (var r in a.Elements("recipient-region"))
        {
            var code = Attr(r, "code");
            if (code is null || code.Length > 20) { activity.Problem("recipient-region/@code", $"missing or too long {Quote(code ?? "")}"); continue; }
            activity.Regions.Add(new IatiCode(code, Vocabulary(r, activity, "recipient-region/@vocabulary"), Percentage(r, activity, "recipient-region/@percentage")));
        }
        foreach (var s in a.Elements("sector"))
        {
            var code = Attr(s, "code");
            if (code is null || code.Length > 20) { activity.Problem("sector/@code", $"missing or too long {Quote(code ?? "")}"); continue; }
            activity.Sectors.Add(new IatiCode(code, Vocabulary(s, activity, "sector/@vocabulary"), Percentage(s, activity, "sector/@percentage")));
        }

        foreach (var d in a.Elements("activity-date"))
        {
            var type = DateType(Attr(d, "type"));
            if (type is null) { activity.Problem("activity-date/@type", $"not an activity date type (1–4) {Quote(Attr(d, "type") ?? "")}"); continue; }
            var raw = Attr(d, "iso-date");
            if (Date(raw) is { } date) activity.Dates.Add(new IatiDate(type.Value, date));
            else activity.Problem("activity-date/@iso-date", $"not a date {Quote(raw ?? "")}");
        }

        foreach (var b in a.Elements("budget")) Budget(b, activity);
        return activity;
    }

    private static void Budget(XElement b, IatiActivity activity)
    {
        var type = Int(b, "type", activity, "budget/@type", 1, 2);
        var status = Int(b, "status", activity, "budget/@status", 1, 2);
        var start = PeriodDate(b, "period-start", activity);
        var end = PeriodDate(b, "period-end", activity);
        var v = b.Element("value");
        if (v is null) { activity.Problem("budget/value", "missing; the budget is skipped"); return; }
        var text = v.Value.Trim();
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            activity.Problem("budget/value", $"not a number {Quote(text)}");
            return;
        }
        var currency = Attr(v, "currency");
        if (currency is not null && !IsCurrency(currency))
        {
            activity.Problem("budget/value/@currency", $"not an ISO 4217 code {Quote(currency)}");
            return;
        }
        currency = currency?.ToUpperInvariant() ?? activity.Currency;
        if (currency is null)
        {
            activity.Problem("budget/value/@currency", "no currency here and no default-currency on the activity; the budget is skipped");
            return;
        }
        DateOnly? valueDate = null;
        if (Attr(v, "value-date") is { } vd)
        {
            valueDate = Date(vd);
            if (valueDate is null) activity.Problem("budget/value/@value-date", $"not a date {Quote(vd)}");
        }
        activity.Budgets.Add(new IatiBudget(type, status, start, end, value, currency, valueDate));
    }

    private static DateOnly? PeriodDate(XElement b, string name, IatiActivity activity)
    {
        var e = b.Element(name);
        if (e is null) { activity.Problem($"budget/{name}", "missing"); return null; }
        var raw = Attr(e, "iso-date");
        var d = Date(raw);
        if (d is null) activity.Problem($"budget/{name}/@iso-date", $"not a date {Quote(raw ?? "")}");
        return d;
    }

    /// <summary>The narratives of an element, each in its own xml:lang, else the nearest enclosing one, else the
    /// activity's default language. Text written straight into the element (IATI 1.x style) is taken too.</summary>
    private static List<IatiNarrative> Narratives(XElement parent, IatiActivity activity, string path)
    {
        var list = new List<IatiNarrative>();
        foreach (var n in parent.Elements("narrative"))
        {
            var text = n.Value.Trim();
            if (text.Length == 0) continue;
            list.Add(new IatiNarrative(NarrativeLanguage(n, activity, path + "/narrative"), text));
        }
        if (list.Count == 0 && string.Concat(parent.Nodes().OfType<XText>().Select(t => t.Value)).Trim() is { Length: > 0 } direct)
            list.Add(new IatiNarrative(NarrativeLanguage(parent, activity, path), direct));
        return list;
    }

    private static string NarrativeLanguage(XElement e, IatiActivity activity, string path)
    {
        for (var x = e; x is not null; x = x.Parent)
        {
            if (x.Attribute(XmlLang) is not { } attr || string.IsNullOrWhiteSpace(attr.Value)) continue;
            if (Language(attr.Value) is { } lang) return lang;
            activity.Problem(path + "/@xml:lang", $"not a language tag {Quote(attr.Value)}");
            break;
        }
        return activity.Language ?? "und";
    }

    /// <summary>A BCP 47 tag in lower case ("es", "en-gb"), or null if the value is not one.</summary>
    public static string? Language(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var t = tag.Trim().Replace('_', '-').ToLowerInvariant();
        return t.Length <= 16 && LanguageRegex().IsMatch(t) ? t : null;
    }

    private static OrganisationRole? Role(string? raw)
    {
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i is >= 1 and <= 4) return (OrganisationRole)i;
        // IATI 1.x wrote the role as a word; files half-migrated to 2.0x still do.
        return Enum.TryParse<OrganisationRole>(raw, ignoreCase: true, out var r) && !int.TryParse(raw, out _) ? r : null;
    }

    private static ActivityDateType? DateType(string? raw) => raw switch
    {
        "1" or "start-planned" => ActivityDateType.PlannedStart,
        "2" or "start-actual" => ActivityDateType.ActualStart,
        "3" or "end-planned" => ActivityDateType.PlannedEnd,
        "4" or "end-actual" => ActivityDateType.ActualEnd,
        _ => null,
    };

    /// <summary>xsd:date, allowing the time zone (2011-11-01Z, 2011-11-01+01:00) and a date-time where a date belongs.</summary>
    public static DateOnly? Date(string? raw)
    {
        if (raw is null) return null;
        var s = raw.Trim();
        if (s.Length > 10 && s[10] is 'T' or 'Z' or '+' or '-') s = s[..10];
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    private static int? Int(XElement e, string name, IatiActivity activity, string path, int min, int max)
    {
        var raw = Attr(e, name);
        if (raw is null) return null;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= min && i <= max) return i;
        activity.Problem(path, $"not a code from {min} to {max} {Quote(raw)}");
        return null;
    }

    private static decimal? Percentage(XElement e, IatiActivity activity, string path)
    {
        var raw = Attr(e, "percentage");
        if (raw is null) return null;
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100) return p;
        activity.Problem(path, $"not a percentage {Quote(raw)}");
        return null;
    }

    private static string Vocabulary(XElement e, IatiActivity activity, string path)
    {
        var v = Attr(e, "vocabulary") ?? "1";
        if (v.Length <= 10) return v;
        activity.Problem(path, $"too long {Quote(v)}");
        return "1";
    }

    private static string? Attr(XElement e, string name) => e.Attribute(name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    private static bool IsCurrency(string s) => CurrencyRegex().IsMatch(s.Trim());

    /// <summary>A value quoted in a problem, cut short: a report must never become a copy of the file.</summary>
    private static string Quote(string value) => $"'{Short(value)}'";

    private static string Short(string value) => value.Length <= 60 ? value : value[..57] + "…";

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Iso2Regex();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyRegex();

    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{1,8})*$")]
    private static partial Regex LanguageRegex();

    private sealed class ActivityTooLargeException() : IOException("element too large");

    /// <summary>Counts what the XML reader has pulled and stops it past <see cref="Limit"/>, so an oversized element
    /// is refused after reading the limit, not after buffering the element.</summary>
    private sealed class CappedStream(Stream inner) : Stream
    {
        public long Limit { get; set; } = long.MaxValue;
        private long _position;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            _position += n;
            if (_position > Limit) throw new ActivityTooLargeException();
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
