using DecentWork.Accounts;
using DecentWork.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Account;

/// <summary>Sign-out is a POST (with the antiforgery token), so no link or image elsewhere can sign a user out.</summary>
public class SignOutModel(SignInManager<User> signIn) : PageModel
{
    public IActionResult OnGet()
    {
        Response.Headers.Allow = "POST";
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect($"/{HttpContext.Lang()}");
    }
}
