using DecentWork.Pages.Editor;
using DecentWork.Projects;
using DecentWork.Shared;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DecentWork.Pages.Projects;

/// <summary>The editors' IATI upload: the file is streamed to a temporary file as it arrives (up to
/// <see cref="ProjectsApi.MaxUpload"/>), then imported, and the report shown.</summary>
/// <remarks>The automatic antiforgery check would read the whole form first — buffering the upload under the site's
/// 1 MB form limit — so the page puts its token as the form's first field and checks it before the file is read.</remarks>
[Authorize(Roles = "Admin,Editor")]
[IgnoreAntiforgeryToken]
public class ImportModel(IatiImporter importer, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IatiReport? Report { get; private set; }
    public FieldErrors Errors { get; } = new();

    public void OnGet() { }

    // No parameters: any would make the page bind its arguments, and binding creates the form value provider, which
    // reads (and buffers) the whole form before the handler runs.
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (!HttpContext.Actor().CanImportProjects) return Forbid();
        if (!MediaTypeHeaderValue.TryParse(Request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            return BadRequest();

        var reader = new MultipartReader(boundary, Request.Body) { BodyLengthLimit = ProjectsApi.MaxUpload + 64 * 1024 };
        string? token = null;
        FileStream? spool = null;
        try
        {
            try
            {
                while (await reader.ReadNextSectionAsync(ct) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                    var name = HeaderUtilities.RemoveQuotes(cd.Name).Value;
                    if (name == antiforgeryOptions.Value.FormFieldName && !cd.IsFileDisposition())
                    {
                        using var sr = new StreamReader(section.Body);
                        var buffer = new char[4096];
                        token = new string(buffer, 0, await sr.ReadBlockAsync(buffer, ct));
                    }
                    else if (name == "file" && cd.IsFileDisposition() && spool is null)
                    {
                        // Nothing of the file is read before the request is known to come from our own form.
                        if (token is null || !await ValidTokenAsync(token)) return BadRequest();
                        spool = await ProjectsApi.SpoolAsync(section.Body, ProjectsApi.MaxUpload, ct);
                        if (spool is null) { Errors.Add("file", t["Iati.TooLarge", ProjectsApi.MaxUpload / (1024 * 1024)], t["Iati.File"]); break; }
                    }
                }
            }
            catch (InvalidDataException)
            {
                Errors.Add("file", t["Iati.TooLarge", ProjectsApi.MaxUpload / (1024 * 1024)], t["Iati.File"]);
            }
            if (token is null || !await ValidTokenAsync(token)) return BadRequest();
            if (!Errors.Any && (spool is null || spool.Length == 0)) Errors.Add("file", t["Iati.NoFile"], t["Iati.File"]);
            if (Errors.Any)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            Report = await importer.ImportAsync(spool!, ct);
            return Page();
        }
        finally
        {
            if (spool is not null) await spool.DisposeAsync();
        }
    }

    /// <summary>The antiforgery service reads the request token from a header before it looks at the form, so the
    /// token taken from the first section is handed to it that way.</summary>
    private async Task<bool> ValidTokenAsync(string token)
    {
        Request.Headers[antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken"] = token;
        return await antiforgery.IsRequestValidAsync(HttpContext);
    }
}
