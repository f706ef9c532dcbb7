using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DecentWork.Pages.Home;

public class IndexModel : PageModel
{
    public void OnGet() { }
}
