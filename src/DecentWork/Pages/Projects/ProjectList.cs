using DecentWork.Data;
using DecentWork.Projects;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Pages.Projects;

/// <summary>One line of a project list: the title in the reader's language where there is one.</summary>
public sealed record ProjectRow(int Id, string Identifier, string Title, string TitleLanguage, ActivityStatus? Status, DateOnly? Start, DateOnly? End);

public static class ProjectList
{
    public static IQueryable<Project> InCountry(AppDb db, string code)
        => db.Projects.AsNoTracking().Where(p => p.Countries.Any(c => c.CountryCode == code));

    /// <summary>The rows of an already filtered query, ordered by identifier and paged.</summary>
    public static async Task<List<ProjectRow>> RowsAsync(AppDb db, IQueryable<Project> q, string lang, int skip, int take, CancellationToken ct)
    {
        var rows = await q.OrderBy(p => p.IatiIdentifier).Skip(skip).Take(take)
            .Select(p => new
            {
                p.Id, p.IatiIdentifier, p.Status, p.DefaultLanguage,
                Titles = p.Texts.Where(x => x.Kind == ProjectTextKind.Title).OrderBy(x => x.Position).Select(x => new { x.Language, x.Text }).ToList(),
                Dates = p.Dates.Select(d => new { d.Type, d.Date }).ToList(),
            }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var title = ShowModel.Pick(r.Titles.Select(x => new ShowModel.Text(x.Language, x.Text)).ToList(), lang, r.DefaultLanguage);
            DateOnly? Date(params ActivityDateType[] types) => types.Select(t => r.Dates.FirstOrDefault(d => d.Type == t)?.Date).FirstOrDefault(d => d is not null);
            return new ProjectRow(r.Id, r.IatiIdentifier, title?.Value ?? r.IatiIdentifier, title?.Language ?? "und", r.Status,
                Date(ActivityDateType.ActualStart, ActivityDateType.PlannedStart), Date(ActivityDateType.ActualEnd, ActivityDateType.PlannedEnd));
        }).ToList();
    }
}
