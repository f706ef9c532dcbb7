using DecentWork.Search;

namespace DecentWork.Tests.Search;

/// <summary>How a rebuild's chunks are shared out among the segments it ends with (BulkAdd.Cut): in order, each run
/// about its share of the documents, never an empty run.</summary>
public class BulkAddTests
{
    [Theory]
    [InlineData(new[] { 5, 5, 5, 5 }, 2, new[] { 2, 2 })]
    [InlineData(new[] { 5, 5, 5, 5 }, 1, new[] { 4 })]
    [InlineData(new[] { 10, 1, 1, 1, 1 }, 2, new[] { 1, 4 })]
    [InlineData(new[] { 5, 5, 5, 5, 5, 5, 2 }, 3, new[] { 3, 2, 2 })]
    [InlineData(new[] { 7 }, 2, new[] { 1 })]
    [InlineData(new[] { 3, 3 }, 5, new[] { 1, 1 })]
    [InlineData(new int[0], 2, new int[0])]
    public void Chunks_are_cut_in_order_into_runs_of_about_equal_size(int[] sizes, int count, int[] lengths)
    {
        var runs = BulkAdd.Cut(sizes, count);
        Assert.Equal(lengths, runs.Select(r => r.Length).ToArray());
        var next = 0;
        foreach (var (start, length) in runs)
        {
            Assert.Equal(next, start); // consecutive, covering every chunk once
            next += length;
        }
        Assert.Equal(sizes.Length, next);
    }
}
