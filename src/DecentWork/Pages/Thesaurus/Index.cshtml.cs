using DecentWork.Shared;
using DecentWork.Thesaurus;
using DecentWork.Thesaurus.Rdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Thesaurus;

/// <summary>The editors' thesaurus page: download it as SKOS in any syntax, upload a SKOS file to merge.</summary>
[Authorize(Roles = "Admin,Editor")]
public class IndexModel(SkosImport importer, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The site-wide body limit; larger thesauri go through <c>dwx thesaurus import</c>.</summary>
    public const long MaxUpload = WebSetup.MaxBodyBytes - 16 * 1024;

    public static readonly (string Value, string Label)[] Formats =
        [("ttl", "Turtle"), ("nt", "N-Triples"), ("rdfxml", "RDF/XML"), ("jsonld", "JSON-LD")];

    public SkosReport? Report { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? format, [FromServices] DecentWork.Search.SearchVocabulary vocabulary, CancellationToken ct)
    {
        if (file is null || file.Length == 0) ModelState.AddModelError("file", t["Skos.NoFile"]);
        else if (file.Length > MaxUpload) ModelState.AddModelError("file", t["Skos.TooLarge", MaxUpload / 1024]);
        var syntax = string.IsNullOrEmpty(format) ? file is null ? null : RdfSyntaxes.FromFileName(file.FileName) : RdfSyntaxes.Parse(format);
        if (file is { Length: > 0 } && syntax is null) ModelState.AddModelError("format", t["Skos.UnknownFormat"]);
        if (!ModelState.IsValid) return Page();

        string text;
        using (var reader = new StreamReader(file!.OpenReadStream())) text = await reader.ReadToEndAsync(ct);
        List<Triple> triples;
        var siteBase = ThesaurusApi.SiteBase(Request);
        try { triples = RdfSyntaxes.Read(syntax!.Value, text, siteBase + "/"); }
        catch (RdfParseException e)
        {
            ModelState.AddModelError("file", t["Skos.ParseError", e.Message]);
            return Page();
        }
        Report = await importer.ImportAsync(triples, siteBase, ct);
        // New or changed labels change what queries map to: drop the cached vocabulary so the next search reloads it.
        vocabulary.Invalidate();
        return Page();
    }
}
