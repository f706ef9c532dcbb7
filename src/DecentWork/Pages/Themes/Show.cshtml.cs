using DecentWork.Shared;
using DecentWork.Data;
using DecentWork.Pages.Practices;
using DecentWork.Thesaurus;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Themes;

public class ShowModel(AppDb db) : PageModel
{
    public string Id { get; private set; } = "";
    public string Label { get; private set; } = "";
    public string? Definition { get; private set; }
    public bool DefinitionInUiLanguage { get; private set; }
    public List<string> AltLabels { get; private set; } = [];
    public ThesaurusView Thesaurus { get; private set; } = null!;
    public List<string> Related { get; private set; } = [];
    public int Total { get; private set; }
    public List<PracticeCard> Items { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool OutOfRange { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var lang = HttpContext.Lang();
        var concept = await db.Concepts.AsNoTracking().Include(c => c.Labels).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (concept is null)
        {
            // Concept ids are lower-case slugs; a hand-typed capital letter should still arrive.
            var lower = id.ToLowerInvariant();
            if (lower != id && await db.Concepts.AnyAsync(c => c.Id == lower, ct)) return RedirectPermanent($"/{lang}/themes/{lower}");
            return NotFound();
        }
        Id = concept.Id;
        Label = concept.Label(lang);
        var def = lang switch { "fr" => concept.DefinitionFr, "es" => concept.DefinitionEs, "zh" => concept.DefinitionZh, _ => concept.DefinitionEn };
        DefinitionInUiLanguage = !string.IsNullOrEmpty(def);
        Definition = DefinitionInUiLanguage ? def : concept.DefinitionEn;
        AltLabels = concept.Labels.Where(l => l.Kind == LabelKind.Alt && l.Language == lang).Select(l => l.Text).Order(StringComparer.CurrentCulture).ToList();
        Thesaurus = await ThesaurusView.LoadAsync(db, lang, ct);
        Related = await db.ConceptRelations.AsNoTracking().Where(r => r.Kind == RelationKind.Related && (r.FromId == id || r.ToId == id))
            .Select(r => r.FromId == id ? r.ToId : r.FromId).Distinct().ToListAsync(ct);
        Related.Sort(Thesaurus.ByLabel);

        var ids = Thesaurus.WithDescendants(id).ToList();
        var q = Catalog.Public(db).Where(p => p.Concepts.Any(c => ids.Contains(c.ConceptId)));
        Total = await q.CountAsync(ct);
        var pageText = Request.Query["page"].FirstOrDefault();
        var page = 1;
        if (pageText is not null && (!int.TryParse(pageText, out page) || page < 1)) { OutOfRange = true; page = 0; }
        if (!OutOfRange && Total > 0 && (page - 1) * Catalog.PageSize >= Total) OutOfRange = true;
        if (!OutOfRange && Total > 0)
            Items = await Catalog.CardsAsync(db, Catalog.Latest(q).Skip((page - 1) * Catalog.PageSize).Take(Catalog.PageSize), lang, ct);
        Pager = new Pager(page, Total, Catalog.PageSize, n => $"/{lang}/themes/{Id}" + (n > 1 ? $"?page={n}" : ""));
        return Page();
    }
}
