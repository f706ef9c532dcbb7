using DecentWork.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Account;

public class DeniedModel : PageModel
{
    public string Lang => HttpContext.Lang();

    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
