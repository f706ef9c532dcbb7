using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace DecentWork.OpenData;

public enum OaiVerb { Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord }

/// <summary>An OAI-PMH error: its code and a message for the harvester's operator (protocol text, not UI).</summary>
public sealed record OaiError(string Code, string Message);

/// <summary>A harvest's selection. Until is exclusive here (the request's second or day, plus one), so that a
/// record stamped 12:00:00.4 is inside until=12:00:00Z, as a harvester at seconds granularity expects.</summary>
public sealed record OaiSelection(string Prefix, DateTime? From, DateTime? UntilExclusive, string? Set, string? FromRaw, string? UntilRaw);

/// <summary>The arguments of one request, checked against what the specification allows for its verb. Errors for
/// badVerb and badArgument are decided here; the others need the database and the token.</summary>
public sealed partial class OaiRequest
{
    public OaiVerb? Verb { get; private init; }
    public string? Identifier { get; private init; }
    public string? Prefix { get; private init; }
    public string? From { get; private init; }
    public string? Until { get; private init; }
    public string? Set { get; private init; }
    public string? ResumptionToken { get; private init; }
    public OaiError? Error { get; private init; }

    /// <summary>The request element echoes the arguments only when the request was understood (spec 3.2).</summary>
    public bool EchoArguments => Error is null || (Error.Code != "badVerb" && Error.Code != "badArgument");

    private static readonly Dictionary<OaiVerb, (string[] Required, string[] Optional)> Allowed = new()
    {
        [OaiVerb.Identify] = ([], []),
        [OaiVerb.ListMetadataFormats] = ([], ["identifier"]),
        [OaiVerb.ListSets] = ([], ["resumptionToken"]),
        [OaiVerb.ListIdentifiers] = (["metadataPrefix"], ["from", "until", "set", "resumptionToken"]),
        [OaiVerb.ListRecords] = (["metadataPrefix"], ["from", "until", "set", "resumptionToken"]),
        [OaiVerb.GetRecord] = (["identifier", "metadataPrefix"], []),
    };

    public static OaiRequest Parse(IEnumerable<KeyValuePair<string, StringValues>> args)
    {
        var all = args.ToList();
        var verbs = all.Where(a => a.Key == "verb").SelectMany(a => a.Value).ToList();
        if (verbs.Count == 0) return Fail("badVerb", "The verb argument is missing.");
        if (verbs.Count > 1) return Fail("badVerb", "The verb argument is repeated.");
        if (!Enum.TryParse<OaiVerb>(verbs[0], ignoreCase: false, out var verb) || !Enum.IsDefined(verb) || verbs[0] != verb.ToString())
            return Fail("badVerb", "The value of the verb argument is not a legal OAI-PMH verb.");

        var (required, optional) = Allowed[verb];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in all.Where(a => a.Key != "verb"))
        {
            if (!required.Contains(key) && !optional.Contains(key)) return Fail("badArgument", $"The argument '{Clip(key)}' is not allowed with {verb}.");
            if (value.Count != 1 || values.ContainsKey(key)) return Fail("badArgument", $"The argument '{key}' is repeated.");
            values[key] = value[0] ?? "";
        }

        if (values.TryGetValue("resumptionToken", out var token))
        {
            // The token is exclusive: it carries every other argument of the original request.
            if (values.Count > 1) return Fail("badArgument", "resumptionToken is an exclusive argument.");
            return new OaiRequest { Verb = verb, ResumptionToken = token };
        }
        foreach (var r in required)
            if (!values.ContainsKey(r)) return Fail("badArgument", $"The required argument '{r}' is missing.");

        var request = new OaiRequest
        {
            Verb = verb,
            Identifier = values.GetValueOrDefault("identifier"),
            Prefix = values.GetValueOrDefault("metadataPrefix"),
            From = values.GetValueOrDefault("from"),
            Until = values.GetValueOrDefault("until"),
            Set = values.GetValueOrDefault("set"),
        };
        var from = request.From is null ? null : ParseDate(request.From);
        var until = request.Until is null ? null : ParseDate(request.Until);
        if (request.From is not null && from is null) return Fail("badArgument", "from is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.", verb);
        if (request.Until is not null && until is null) return Fail("badArgument", "until is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.", verb);
        if (from is not null && until is not null)
        {
            if (from.Value.Seconds != until.Value.Seconds) return Fail("badArgument", "from and until have different granularities.", verb);
            if (from.Value.Start > until.Value.Start) return Fail("badArgument", "from is later than until.", verb);
        }
        return request;
    }

    public OaiSelection Selection() => new(Prefix!, ParseDate(From)?.Start, ParseDate(Until) is { } u ? u.Start + (u.Seconds ? TimeSpan.FromSeconds(1) : TimeSpan.FromDays(1)) : null,
        Set, From, Until);

    /// <summary>Day granularity (YYYY-MM-DD) or seconds (YYYY-MM-DDThh:mm:ssZ), the two this repository supports.</summary>
    public static (DateTime Start, bool Seconds)? ParseDate(string? s)
    {
        if (s is null) return null;
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DayPattern().IsMatch(s) && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, utc, out var d)) return (DateTime.SpecifyKind(d, DateTimeKind.Utc), false);
        if (SecondsPattern().IsMatch(s) && DateTime.TryParseExact(s, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, utc, out var t)) return (DateTime.SpecifyKind(t, DateTimeKind.Utc), true);
        return null;
    }

    public static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What the schema allows in the request element's attributes: a value outside it is not echoed.</summary>
    public static bool IsPrefix(string? s) => s is not null && PrefixPattern().IsMatch(s);
    public static bool IsSetSpec(string? s) => s is not null && SetPattern().IsMatch(s);

    private static OaiRequest Fail(string code, string message, OaiVerb? verb = null) => new() { Error = new OaiError(code, message), Verb = verb };
    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")] private static partial Regex DayPattern();
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")] private static partial Regex SecondsPattern();
    [GeneratedRegex(@"^[A-Za-z0-9\-_\.!~\*'\(\)]+$")] private static partial Regex PrefixPattern();
    [GeneratedRegex(@"^[A-Za-z0-9\-_\.!~\*'\(\)]+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*$")] private static partial Regex SetPattern();
}
