using DecentWork.Practices;

namespace DecentWork.Tests.Practices;

/// <summary>The state machine as pure logic: every (state, action) pair is either the documented move or refused.</summary>
public class WorkflowRulesTests
{
    private static readonly Dictionary<(PracticeStatus, WorkflowAction), PracticeStatus> Legal = new()
    {
        [(PracticeStatus.Draft, WorkflowAction.Submit)] = PracticeStatus.Submitted,
        [(PracticeStatus.ChangesRequested, WorkflowAction.Submit)] = PracticeStatus.Submitted,
        [(PracticeStatus.Submitted, WorkflowAction.RequestChanges)] = PracticeStatus.ChangesRequested,
        [(PracticeStatus.Submitted, WorkflowAction.Publish)] = PracticeStatus.Published,
        [(PracticeStatus.Published, WorkflowAction.Archive)] = PracticeStatus.Archived,
        [(PracticeStatus.Published, WorkflowAction.Withdraw)] = PracticeStatus.Withdrawn,
        [(PracticeStatus.Archived, WorkflowAction.Withdraw)] = PracticeStatus.Withdrawn,
    };

    public static TheoryData<PracticeStatus, WorkflowAction> AllPairs()
    {
        var d = new TheoryData<PracticeStatus, WorkflowAction>();
        foreach (var s in Enum.GetValues<PracticeStatus>())
            foreach (var a in Enum.GetValues<WorkflowAction>()) d.Add(s, a);
        return d;
    }

    [Theory, MemberData(nameof(AllPairs))]
    public void Every_pair_is_the_documented_move_or_refused(PracticeStatus from, WorkflowAction action)
    {
        var p = new Practice { OriginalLanguage = "en" };
        p.ForceStatus(from);
        if (Legal.TryGetValue((from, action), out var to))
        {
            p.Apply(action, DateTime.UtcNow);
            Assert.Equal(to, p.Status);
        }
        else
        {
            var e = Assert.Throws<IllegalTransitionException>(() => p.Apply(action, DateTime.UtcNow));
            Assert.Equal(from, p.Status);
            Assert.Equal(from, e.From);
        }
    }

    [Fact]
    public void A_never_published_draft_cannot_be_withdrawn_but_a_pending_edit_of_a_published_one_can()
    {
        var p = new Practice { OriginalLanguage = "en" };
        Assert.False(p.CanApply(WorkflowAction.Withdraw));
        p.PublishedRevisionId = 7;
        p.ForceStatus(PracticeStatus.Draft);
        Assert.True(p.CanApply(WorkflowAction.Withdraw));
    }

    [Fact]
    public void Editing_a_published_practice_starts_a_draft_and_archived_ones_are_read_only()
    {
        var p = new Practice { OriginalLanguage = "en" };
        p.ForceStatus(PracticeStatus.Published);
        p.MarkEdited();
        Assert.Equal(PracticeStatus.Draft, p.Status);
        p.ForceStatus(PracticeStatus.Archived);
        Assert.Throws<IllegalTransitionException>(p.MarkEdited);
        p.ForceStatus(PracticeStatus.Withdrawn);
        Assert.Throws<IllegalTransitionException>(p.MarkEdited);
    }
}
