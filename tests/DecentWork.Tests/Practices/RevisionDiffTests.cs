using DecentWork.Practices;

namespace DecentWork.Tests.Practices;

public class RevisionDiffTests
{
    [Fact]
    public void Word_diff_marks_only_the_changed_words()
    {
        var segs = RevisionDiff.Words("Coverage rose to 60 per cent.", "Coverage rose to 75 per cent.");
        Assert.Equal("Coverage rose to ", segs[0].Text);
        Assert.Contains(segs, s => s.Kind == DiffKind.Removed && s.Text == "60");
        Assert.Contains(segs, s => s.Kind == DiffKind.Added && s.Text == "75");
        Assert.Equal(" per cent.", segs[^1].Text);
    }

    [Fact]
    public void Chinese_is_diffed_character_by_character()
    {
        var segs = RevisionDiff.Words("扩大养老保险覆盖面", "扩大医疗保险覆盖面");
        Assert.Contains(segs, s => s.Kind == DiffKind.Removed && s.Text == "养老");
        Assert.Contains(segs, s => s.Kind == DiffKind.Added && s.Text == "医疗");
    }

    [Fact]
    public void Reconstructs_both_texts()
    {
        const string a = "La négociation collective a été étendue aux travailleurs domestiques en 2008.";
        const string b = "La négociation collective tripartite a été étendue aux travailleuses domestiques dès 2008.";
        var segs = RevisionDiff.Words(a, b);
        Assert.Equal(a, string.Concat(segs.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text)));
        Assert.Equal(b, string.Concat(segs.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)));
    }

    [Fact]
    public void Compare_names_each_changed_field_with_its_language()
    {
        var a = new PracticeContent { Language = "es", Texts = new(StringComparer.Ordinal) { ["es"] = new TextContent { Title = "Pensiones", Summary = "S" } }, Countries = ["CHL"] };
        var b = a with { Texts = new(StringComparer.Ordinal) { ["es"] = new TextContent { Title = "Pensiones solidarias", Summary = "S" } }, Countries = ["CHL", "URY"] };
        var d = RevisionDiff.Compare(a, b);
        Assert.Equal(["title[es]", "countries"], d.Select(x => x.Field));
    }
}

public class PracticeContentTests
{
    [Fact]
    public void A_decimal_read_back_with_another_scale_is_not_a_change()
    {
        var a = new DecentWork.Practices.Practice { OriginalLanguage = "en" };
        a.Indicators.Add(new DecentWork.Practices.Indicator { Name = "Coverage", BaselineValue = 20m, ResultValue = 61.2m });
        var b = new DecentWork.Practices.Practice { OriginalLanguage = "en" };
        b.Indicators.Add(new DecentWork.Practices.Indicator { Name = "Coverage", BaselineValue = 20.0000m, ResultValue = 61.20m });
        Assert.Empty(RevisionDiff.Compare(PracticeContent.From(a), PracticeContent.From(b)));
        Assert.Equal(a.Indicators[0].ResultValue, PracticeContent.From(b).Indicators[0].Result!.Value);
    }
}
