using DecentWork.Accounts;
using DecentWork.Pages.Editor;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.Account;

public class SignInModel(SignInManager<User> signIn, UserManager<User> users, IStringLocalizer<SharedResource> t) : PageModel
{
    public string Lang => HttpContext.Lang();
    public string? Email { get; private set; }
    public string? ReturnUrl { get; private set; }
    public FieldErrors Errors { get; } = new();
    public string? Problem { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        Email = email?.Trim();
        ReturnUrl = Local(returnUrl);
        var errors = new List<FieldError>();
        PracticeValidator.CheckText(errors, "email", Email, 256, required: true);
        if (string.IsNullOrEmpty(password)) errors.Add(new("password", "Required"));
        foreach (var e in errors) Errors.Add("f-" + e.Field, t.Message(e), t[e.Field == "email" ? "Account.Email" : "Account.Password"]);
        if (Errors.Any) return Page();

        var user = await users.FindByEmailAsync(Email!);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(ReturnUrl ?? $"/{Lang}");
        Problem = result.IsLockedOut ? t["Account.LockedOut"] : t["Account.WrongCredentials"];
        return Page();
    }

    /// <summary>Only a path on this site is followed after sign-in, so the form cannot be used to send users elsewhere.</summary>
    private string? Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
