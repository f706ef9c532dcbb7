using DecentWork.Search;

namespace DecentWork.Tests.Search;

public class OutboxWatermarkTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Contiguous_rows_move_the_watermark()
    {
        var w = new OutboxWatermark(10, TimeSpan.FromSeconds(30));
        w.Applied([11, 12, 13], T0);
        Assert.Equal(13, w.Value);
        Assert.Equal(13, w.MaxApplied);
        Assert.Empty(w.Gaps);
    }

    [Fact]
    public void A_hole_holds_the_watermark_until_its_row_arrives()
    {
        // Row 12 belongs to a transaction that commits after row 13's.
        var w = new OutboxWatermark(10, TimeSpan.FromSeconds(30));
        w.Applied([11, 13], T0);
        Assert.Equal(11, w.Value);
        Assert.Equal(13, w.MaxApplied);
        Assert.Equal([12L], w.Gaps);
        w.Applied([12], T0.AddSeconds(1));
        Assert.Equal(13, w.Value);
        Assert.Empty(w.Gaps);
    }

    [Fact]
    public void A_hole_older_than_the_grace_period_is_a_rollback()
    {
        var w = new OutboxWatermark(0, TimeSpan.FromSeconds(30));
        w.Applied([1, 3, 4], T0);
        w.Advance(T0.AddSeconds(29));
        Assert.Equal(1, w.Value);
        w.Advance(T0.AddSeconds(31));
        Assert.Equal(4, w.Value);
        Assert.Empty(w.Gaps);
    }

    [Fact]
    public void Rows_at_or_below_the_watermark_are_ignored()
    {
        var w = new OutboxWatermark(10, TimeSpan.FromSeconds(30));
        w.Applied([5, 10], T0);
        Assert.Equal(10, w.Value);
        Assert.Empty(w.Gaps);
    }
}
