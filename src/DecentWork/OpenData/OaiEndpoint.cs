using System.Xml;
using Microsoft.Extensions.Options;

namespace DecentWork.OpenData;

/// <summary>OAI-PMH 2.0 at /oai (GET and POST). Errors are answered with HTTP 200 and an error element, as the
/// protocol requires; every response is written as it is produced.</summary>
public sealed class OaiEndpoint(OaiRecords records, ResumptionTokens tokens, PublicSite site, IOptions<OpenDataOptions> options, TimeProvider clock)
{
    public const string OaiNs = "http://www.openarchives.org/OAI/2.0/";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private sealed record Context(HttpContext Http, OaiRequest Request, string BaseUrl, string Ns, CancellationToken Ct);

    public async Task HandleAsync(HttpContext http, CancellationToken ct)
    {
        OaiRequest request;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (!http.Request.HasFormContentType || http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
            request = OaiRequest.Parse(await http.Request.ReadFormAsync(ct));
        }
        else request = OaiRequest.Parse(http.Request.Query);

        var baseUrl = site.BaseUrl(http.Request);
        var ctx = new Context(http, request, baseUrl, new Uri(baseUrl).Host, ct);
        if (request.Error is { } error) { await WriteErrorAsync(ctx, error); return; }
        switch (request.Verb)
        {
            case OaiVerb.Identify: await IdentifyAsync(ctx); break;
            case OaiVerb.ListMetadataFormats: await ListMetadataFormatsAsync(ctx); break;
            case OaiVerb.ListSets: await ListSetsAsync(ctx); break;
            case OaiVerb.GetRecord: await GetRecordAsync(ctx); break;
            default: await ListAsync(ctx); break;
        }
    }

    private async Task IdentifyAsync(Context ctx)
    {
        var earliest = await records.EarliestAsync(ctx.Ct) ?? clock.GetUtcNow().UtcDateTime;
        await WriteAsync(ctx, x =>
        {
            var w = x.W;
            w.WriteStartElement("Identify", OaiNs);
            w.WriteElementString("repositoryName", OaiNs, options.Value.RepositoryName);
            w.WriteElementString("baseURL", OaiNs, ctx.BaseUrl + "/oai");
            w.WriteElementString("protocolVersion", OaiNs, "2.0");
            w.WriteElementString("adminEmail", OaiNs, options.Value.AdminEmail);
            w.WriteElementString("earliestDatestamp", OaiNs, OaiRequest.Stamp(earliest));
            w.WriteElementString("deletedRecord", OaiNs, "persistent");
            w.WriteElementString("granularity", OaiNs, "YYYY-MM-DDThh:mm:ssZ");
            w.WriteEndElement();
            return Task.CompletedTask;
        });
    }

    /// <summary>Every item has both formats (both are made from the published revision every item has), so
    /// noMetadataFormats cannot occur; a deleted item still lists them, as its formats were once available.</summary>
    private async Task ListMetadataFormatsAsync(Context ctx)
    {
        if (ctx.Request.Identifier is { } identifier && (OaiRecords.ParseIdentifier(identifier, ctx.Ns) is not { } id || await records.FindAsync(id, ctx.Ct) is null))
        {
            await WriteErrorAsync(ctx, new OaiError("idDoesNotExist", "No item has this identifier."));
            return;
        }
        await WriteAsync(ctx, x =>
        {
            var w = x.W;
            w.WriteStartElement("ListMetadataFormats", OaiNs);
            foreach (var (prefix, schema, ns) in new[] { (OaiDc.Prefix, OaiDc.Schema, OaiDc.Namespace), (DwxFormat.Prefix, ctx.BaseUrl + DwxFormat.SchemaPath, DwxFormat.Namespace) })
            {
                w.WriteStartElement("metadataFormat", OaiNs);
                w.WriteElementString("metadataPrefix", OaiNs, prefix);
                w.WriteElementString("schema", OaiNs, schema);
                w.WriteElementString("metadataNamespace", OaiNs, ns);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            return Task.CompletedTask;
        });
    }

    /// <summary>Sets exist (themes, countries, ILO regions, pillars), so noSetHierarchy never applies. The list is a few
    /// hundred entries and is sent whole: ListSets never issues a resumption token, so any token given is bad.</summary>
    private async Task ListSetsAsync(Context ctx)
    {
        if (ctx.Request.ResumptionToken is not null)
        {
            await WriteErrorAsync(ctx, new OaiError("badResumptionToken", "ListSets does not issue resumption tokens."));
            return;
        }
        var refs = await records.ReferenceAsync(ctx.Ct);
        await WriteAsync(ctx, x =>
        {
            var w = x.W;
            w.WriteStartElement("ListSets", OaiNs);
            foreach (var c in refs.Concepts.Values.OrderBy(c => c.Id, StringComparer.Ordinal)) Set(w, "theme:" + c.Id, c.Label("en"));
            foreach (var c in refs.Countries.Values.OrderBy(c => c.Code, StringComparer.Ordinal)) Set(w, "country:" + c.Code, c.NameEn);
            foreach (var r in refs.Regions.OrderBy(r => r.Id, StringComparer.Ordinal)) Set(w, "region:" + r.Id, r.NameEn);
            foreach (var p in refs.Pillars.Values) Set(w, "pillar:" + p.Id, p.NameEn);
            w.WriteEndElement();
            return Task.CompletedTask;
        });

        static void Set(XmlWriter w, string spec, string name)
        {
            if (!OaiRequest.IsSetSpec(spec)) return;
            w.WriteStartElement("set", OaiNs);
            w.WriteElementString("setSpec", OaiNs, spec);
            w.WriteElementString("setName", OaiNs, XmlOut.Clean(name));
            w.WriteEndElement();
        }
    }

    private async Task GetRecordAsync(Context ctx)
    {
        var prefix = ctx.Request.Prefix!;
        var header = OaiRecords.ParseIdentifier(ctx.Request.Identifier!, ctx.Ns) is { } id ? await records.FindAsync(id, ctx.Ct) : null;
        if (header is null) { await WriteErrorAsync(ctx, new OaiError("idDoesNotExist", "No item has this identifier.")); return; }
        if (!IsFormat(prefix)) { await WriteErrorAsync(ctx, new OaiError("cannotDisseminateFormat", "This format is not available; see ListMetadataFormats.")); return; }
        var refs = await records.ReferenceAsync(ctx.Ct);
        var sets = await records.SetSpecsAsync([header.Id], refs, ctx.Ct);
        var content = await records.ContentAsync([header], ctx.Ct);
        var orgs = await records.OrganisationsAsync(content.Values, ctx.Ct);
        await WriteAsync(ctx, x =>
        {
            var w = x.W;
            w.WriteStartElement("GetRecord", OaiNs);
            WriteRecord(w, ctx, prefix, header, sets, content, refs, orgs);
            w.WriteEndElement();
            return Task.CompletedTask;
        });
    }

    private async Task ListAsync(Context ctx)
    {
        var verb = ctx.Request.Verb!.Value;
        OaiPosition position;
        if (ctx.Request.ResumptionToken is { } token)
        {
            if (tokens.Read(token, verb) is not { } p) { await WriteErrorAsync(ctx, new OaiError("badResumptionToken", "The resumption token is invalid or has expired.")); return; }
            position = p;
        }
        else
        {
            var s = ctx.Request.Selection();
            if (!IsFormat(s.Prefix)) { await WriteErrorAsync(ctx, new OaiError("cannotDisseminateFormat", "This format is not available; see ListMetadataFormats.")); return; }
            position = new OaiPosition(verb, s, 0, 0, 0, -1);
        }

        var query = await records.SelectAsync(position.Selection, ctx.Ct);
        if (query is null) { await WriteErrorAsync(ctx, new OaiError("noRecordsMatch", "No set has this setSpec.")); return; }
        var size = Math.Max(1, options.Value.OaiPageSize);
        var page = await OaiRecords.PageAsync(query, position.LastTicks == 0 ? null : new DateTime(position.LastTicks, DateTimeKind.Utc), position.LastId, size + 1, ctx.Ct);
        if (page.Count == 0 && position.Cursor == 0) { await WriteErrorAsync(ctx, new OaiError("noRecordsMatch", "No record matches the arguments.")); return; }
        // The total is counted once, on the first page, and carried along: counting again on every page would cost
        // what keyset paging saves.
        var total = position.Total >= 0 ? position.Total : await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(query, ctx.Ct);
        var more = page.Count > size;
        if (more) page.RemoveAt(page.Count - 1);

        var refs = await records.ReferenceAsync(ctx.Ct);
        var sets = await records.SetSpecsAsync(page.Select(h => h.Id).ToList(), refs, ctx.Ct);
        var content = verb == OaiVerb.ListRecords ? await records.ContentAsync(page, ctx.Ct) : [];
        var orgs = verb == OaiVerb.ListRecords ? await records.OrganisationsAsync(content.Values, ctx.Ct) : [];
        await WriteAsync(ctx, async x =>
        {
            var w = x.W;
            w.WriteStartElement(verb.ToString(), OaiNs);
            foreach (var h in page)
            {
                if (verb == OaiVerb.ListRecords) WriteRecord(w, ctx, position.Selection.Prefix, h, sets, content, refs, orgs);
                else WriteHeader(w, ctx, h, sets);
                await x.SendFullChunkAsync(ctx.Ct); // the page is flushed once, at its end
            }
            w.WriteStartElement("resumptionToken", OaiNs);
            w.WriteAttributeString("completeListSize", Math.Max(total, position.Cursor + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("cursor", position.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (more)
            {
                var last = page[^1];
                var (next, expires) = tokens.Issue(position with { LastTicks = last.Datestamp.Ticks, LastId = last.Id, Cursor = position.Cursor + page.Count, Total = total });
                w.WriteAttributeString("expirationDate", OaiRequest.Stamp(expires));
                w.WriteString(next);
            }
            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    private static bool IsFormat(string prefix) => prefix is OaiDc.Prefix or DwxFormat.Prefix;

    private static void WriteRecord(XmlWriter w, Context ctx, string prefix, OaiHeader h, ILookup<int, string> sets,
        Dictionary<int, Practices.PracticeContent> content, ReferenceSets refs, Dictionary<int, Organisations.Organisation> orgs)
    {
        w.WriteStartElement("record", OaiNs);
        WriteHeader(w, ctx, h, sets);
        if (!h.Deleted && content.TryGetValue(h.Id, out var c))
        {
            w.WriteStartElement("metadata", OaiNs);
            var data = new RecordData(h, c, refs, orgs, ctx.BaseUrl);
            if (prefix == OaiDc.Prefix) OaiDc.Write(w, data); else DwxFormat.Write(w, data);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteHeader(XmlWriter w, Context ctx, OaiHeader h, ILookup<int, string> sets)
    {
        w.WriteStartElement("header", OaiNs);
        if (h.Deleted) w.WriteAttributeString("status", "deleted");
        w.WriteElementString("identifier", OaiNs, OaiRecords.Identifier(ctx.Ns, h.Id));
        w.WriteElementString("datestamp", OaiNs, OaiRequest.Stamp(h.Datestamp));
        if (!h.Deleted) foreach (var s in sets[h.Id]) w.WriteElementString("setSpec", OaiNs, s);
        w.WriteEndElement();
    }

    private Task WriteErrorAsync(Context ctx, OaiError error) => WriteAsync(ctx, x =>
    {
        var w = x.W;
        w.WriteStartElement("error", OaiNs);
        w.WriteAttributeString("code", error.Code);
        w.WriteString(error.Message);
        w.WriteEndElement();
        return Task.CompletedTask;
    }, error);

    private async Task WriteAsync(Context ctx, Func<XmlOut, Task> body, OaiError? error = null)
    {
        var http = ctx.Http;
        http.Response.ContentType = "text/xml; charset=utf-8";
        await using var xml = new XmlOut(http.Response.Body);
        var w = xml.W;
        w.WriteStartDocument();
        w.WriteStartElement("OAI-PMH", OaiNs);
        w.WriteAttributeString("xmlns", "xsi", null, Xsi);
        w.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{OaiNs} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd");
        w.WriteElementString("responseDate", OaiNs, OaiRequest.Stamp(clock.GetUtcNow().UtcDateTime));
        w.WriteStartElement("request", OaiNs);
        var r = ctx.Request;
        if (error is null || r.EchoArguments)
        {
            if (r.Verb is { } verb) w.WriteAttributeString("verb", verb.ToString());
            if (r.Identifier is { } id && Uri.IsWellFormedUriString(id, UriKind.Absolute)) w.WriteAttributeString("identifier", id);
            if (OaiRequest.IsPrefix(r.Prefix)) w.WriteAttributeString("metadataPrefix", r.Prefix);
            if (r.From is not null) w.WriteAttributeString("from", r.From);
            if (r.Until is not null) w.WriteAttributeString("until", r.Until);
            if (OaiRequest.IsSetSpec(r.Set)) w.WriteAttributeString("set", r.Set);
            if (r.ResumptionToken is { } t && t.Length > 0 && XmlOut.Clean(t) == t) w.WriteAttributeString("resumptionToken", t);
        }
        w.WriteString(ctx.BaseUrl + "/oai");
        w.WriteEndElement();
        await body(xml);
        w.WriteEndElement();
        w.WriteEndDocument();
    }
}
