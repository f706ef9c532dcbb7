using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DecentWork.Tests.Infrastructure;

public static class Http
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        try { return JsonNode.Parse(text)!; }
        catch (JsonException) { throw new Xunit.Sdk.XunitException($"not JSON ({(int)r.StatusCode}): {text}"); }
    }

    public static StringContent Body(object o) => new(JsonSerializer.Serialize(o), Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> PutWithETag(this HttpClient c, string url, object body, string? etag)
    {
        var req = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(body) };
        if (etag is not null) req.Headers.TryAddWithoutValidation("If-Match", etag);
        return await c.SendAsync(req);
    }

    public static async Task Expect(this HttpResponseMessage r, int status)
    {
        if ((int)r.StatusCode != status)
            throw new Xunit.Sdk.XunitException($"expected {status}, got {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>A complete practice in the API's create format.</summary>
    public static Dictionary<string, object?> Practice(string language = "en", string? title = null, string summary = "A summary.",
        int? organisationId = null) => new()
    {
        ["language"] = language,
        ["title"] = title ?? "Extending pension coverage " + Guid.NewGuid().ToString("N")[..6],
        ["summary"] = summary,
        ["sections"] = new Dictionary<string, string>
        {
            ["context"] = "Most workers had no pension.",
            ["approach"] = "- subsidised contributions\n- simplified registration",
            ["implementation"] = "Pilots in 2009, national in 2012.",
            ["results"] = "Coverage rose.",
            ["lessons"] = "Subsidies matter.",
            ["transferability"] = "Needs a population register.",
        },
        ["countries"] = new[] { "CHN" },
        ["themes"] = new[] { "pension-insurance" },
        ["pillars"] = new[] { "social-protection" },
        ["sdgTargets"] = new[] { "1.3" },
        ["standards"] = new[] { "C102" },
        ["organisations"] = organisationId is null ? Array.Empty<object>() : new object[] { new { id = organisationId, role = "lead" } },
        ["period"] = new { start = 2009, end = 2020 },
        ["scale"] = "national",
        ["indicators"] = new[] { new { name = "Coverage", unit = "%", baseline = new { value = 10.5, year = 2009 }, result = new { value = 61.2, year = 2020 }, source = "Admin data" } },
        ["sources"] = new[] { new { title = "World Social Protection Report", publisher = "ILO", year = 2021, url = "https://www.ilo.org/" } },
    };
}
