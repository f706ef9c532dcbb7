using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace DecentWork.OpenData;

/// <summary>Where a list harvest stands: the request's selection and the keyset position after the last record
/// sent (its datestamp ticks and id). A position, not an offset, so page 10,000 costs what page 1 costs, and a
/// record added meanwhile shifts nothing.</summary>
public sealed record OaiPosition(OaiVerb Verb, OaiSelection Selection, long LastTicks, int LastId, int Cursor, int Total);

/// <summary>Resumption tokens sealed with Data Protection (encrypted and authenticated, keys shared by every node
/// through the database), with an expiry inside the seal: a changed or stale token cannot be read back.</summary>
public sealed class ResumptionTokens(IDataProtectionProvider provider, IOptions<OpenDataOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("DecentWork.OpenData.Oai.v1").ToTimeLimitedDataProtector();

    public (string Token, DateTime Expires) Issue(OaiPosition position)
    {
        var expires = clock.GetUtcNow().UtcDateTime + options.Value.OaiTokenLifetime;
        expires = new DateTime(expires.Ticks - expires.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return (_protector.Protect(JsonSerializer.Serialize(position), expires), expires);
    }

    public OaiPosition? Read(string token, OaiVerb verb)
    {
        try
        {
            var p = JsonSerializer.Deserialize<OaiPosition>(_protector.Unprotect(token, out _));
            return p is not null && p.Verb == verb ? p : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
