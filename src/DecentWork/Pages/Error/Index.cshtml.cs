using System.Globalization;
using DecentWork.Shared;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Error;

/// <summary>The friendly page for every error status. It is re-executed for the failed request, which may be a POST
/// (a missing antiforgery token is a 400), so it takes any method and never checks a token itself.</summary>
[IgnoreAntiforgeryToken]
public class IndexModel : PageModel
{
    private static readonly int[] Known = [400, 403, 404, 500];

    public string Lang => HttpContext.Lang();
    public int Code => Response.StatusCode is >= 400 and < 600 ? Response.StatusCode : 404;
    public string Kind => Array.IndexOf(Known, Code) >= 0 ? Code.ToString(CultureInfo.InvariantCulture) : "Other";

    public void OnGet(int code)
    {
        // Visited directly rather than re-executed: answer with the status the URL names.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted) Response.StatusCode = code is >= 400 and < 600 ? code : StatusCodes.Status404NotFound;
    }
}
