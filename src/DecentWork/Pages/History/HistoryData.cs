using DecentWork.Data;
using DecentWork.Practices;
using DecentWork.Shared;
using Microsoft.AspNetCore.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace DecentWork.Pages.History;

public sealed record RevisionRow(int Number, DateTime At, string? User, string? Note, string[] Fields, bool Published);

/// <summary>What the history and diff pages share: who may see them, the practice's title and its revisions.</summary>
public static class HistoryData
{
    /// <summary>The history is for those who may see the working copy; everyone else gets a 404, as for an unpublished practice.</summary>
    public static async Task<(Practice Practice, string Title, string TitleLang)?> LoadAsync(AppDb db, HttpContext http, int id, CancellationToken ct)
    {
        var p = await db.Practices.AsNoTracking().Include(x => x.Texts).FirstOrDefaultAsync(x => x.Id == id, ct);
        var actor = http.Actor();
        if (p is null || !(actor.CanEdit(p) || actor.IsReviewer)) return null;
        var lang = http.Lang();
        var text = p.Texts.FirstOrDefault(t => t.Language == lang && t.Title.Length > 0) ?? p.Original ?? p.Texts.FirstOrDefault();
        return (p, text?.Title ?? "", text?.Language ?? p.OriginalLanguage);
    }

    public static async Task<List<RevisionRow>> RevisionsAsync(AppDb db, Practice p, CancellationToken ct)
    {
        var rows = await db.Revisions.AsNoTracking().Where(r => r.PracticeId == p.Id).OrderByDescending(r => r.Number)
            .Select(r => new { r.Id, r.Number, r.CreatedAt, r.UserName, r.Note, r.ChangedFields }).ToListAsync(ct);
        return rows.Select(r => new RevisionRow(r.Number, r.CreatedAt, r.UserName, r.Note,
            r.ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Id == p.PublishedRevisionId)).ToList();
    }

    /// <summary>"summary[fr]" → "Summary (French)", using the labels the editor uses.</summary>
    public static string FieldLabel(IStringLocalizer t, string field)
    {
        var name = field;
        string? lang = null;
        var bracket = field.IndexOf('[');
        if (bracket > 0 && field.EndsWith(']'))
        {
            name = field[..bracket];
            lang = field[(bracket + 1)..^1];
        }
        var key = name switch
        {
            "created" => "History.Created",
            "title" or "summary" or "context" or "approach" or "implementation" or "results" or "lessons" or "transferability"
                => "Section." + char.ToUpperInvariant(name[0]) + name[1..],
            "language" => "Field.Language",
            "countries" => "Field.Countries",
            "themes" => "Field.Themes",
            "pillars" => "Field.Pillars",
            "sdgTargets" => "Field.SdgTargets",
            "standards" => "Field.Standards",
            "organisations" => "Field.Organisations",
            "period" => "Field.Period",
            "scale" => "Field.Scale",
            "licence" => "Field.Licence",
            "indicators" => "Field.Indicators",
            "sources" => "Field.Sources",
            _ => null,
        };
        var label = key is null ? name : t[key].Value;
        return lang is not null && Languages.IsSupported(lang) ? t["History.FieldInLanguage", label, t["Lang." + lang]] : label;
    }

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The word diff as one run of HTML: built in code because the block keeps its white space (pre-wrap), which
    /// the indentation of Razor markup would otherwise pollute. Screen readers hear where each change starts and ends.</summary>
    public static IHtmlContent Segments(IEnumerable<DiffSegment> segments, IStringLocalizer t)
    {
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            var text = Encoder.Encode(s.Text);
            sb.Append(s.Kind switch
            {
                DiffKind.Added => $"<ins><span class=\"visually-hidden\">[{Encoder.Encode(t["History.AddedStart"])}] </span>{text}<span class=\"visually-hidden\"> [{Encoder.Encode(t["History.AddedEnd"])}]</span></ins>",
                DiffKind.Removed => $"<del><span class=\"visually-hidden\">[{Encoder.Encode(t["History.RemovedStart"])}] </span>{text}<span class=\"visually-hidden\"> [{Encoder.Encode(t["History.RemovedEnd"])}]</span></del>",
                _ => text,
            });
        }
        return new HtmlString(sb.ToString());
    }
}
