namespace DecentWork.Tests.Browser;

/// <summary>One kind of page the site has, with a URL that shows it (in {lang}) and who must be signed in to see it.
/// Every browser check (axe, Nu HTML checker, screenshots, weights) runs over this table: a new kind of page is one
/// line here.</summary>
public sealed record PageType(string Name, string Path, bool SignedIn = false, int Status = 200)
{
    public string Url(ReaderSite site, string lang) => Path
        .Replace("{lang}", lang)
        .Replace("{review}", site.UnderReview.ToString())
        .Replace("{org}", site.SampleOrganisation.ToString());

    public override string ToString() => Name;
}

public static class PageTypes
{
    public static readonly string[] Languages = ["en", "fr", "es", "zh"];

    public static readonly PageType[] All =
    [
        new("home", "/{lang}"),
        new("browse", "/{lang}/practices"),
        new("practice", "/{lang}/practices/18"), // French original: readers in other languages see the notice
        new("history", "/{lang}/practices/{review}/history", SignedIn: true),
        new("diff", "/{lang}/practices/{review}/diff?from=1&to=2", SignedIn: true),
        new("countries", "/{lang}/countries"),
        new("country", "/{lang}/countries/CHN"),
        new("themes", "/{lang}/themes"),
        new("theme", "/{lang}/themes/social-protection"),
        new("search", "/{lang}/search?q=social+protection"),
        new("organisation", "/{lang}/organisations/{org}"),
        new("sign-in", "/{lang}/account/signin"),
        new("my-practices", "/{lang}/editor", SignedIn: true),
        new("editor-new", "/{lang}/editor/new", SignedIn: true),
        new("editor", "/{lang}/editor/{review}", SignedIn: true),
        new("translation-editor", "/{lang}/editor/{review}/translations/fr", SignedIn: true),
        new("review-queue", "/{lang}/review", SignedIn: true),
        new("review", "/{lang}/review/{review}", SignedIn: true),
        new("thesaurus", "/{lang}/thesaurus", SignedIn: true),
        new("cooperation-board", "/{lang}/cooperation"),
        new("cooperation-request", "/{lang}/cooperation/requests/1"), // the sample requests
        new("cooperation-exchange", "/{lang}/cooperation/exchanges/1"),
        new("cooperation-country", "/{lang}/cooperation/countries/CHN"),
        new("notifications", "/{lang}/cooperation/notifications", SignedIn: true),
        new("projects", "/{lang}/projects"),
        new("projects-import", "/{lang}/projects/import", SignedIn: true),
        new("not-found", "/{lang}/no-such-page", Status: 404),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var p in All) data.Add(p.Name);
        return data;
    }

    public static PageType Named(string name) => All.Single(p => p.Name == name);
}
