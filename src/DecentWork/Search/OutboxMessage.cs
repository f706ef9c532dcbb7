namespace DecentWork.Search;

/// <summary>Appended in the same transaction as every change to a practice, so the search index (a cache of the
/// database) can catch up after a crash between the commit and the index update.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public int PracticeId { get; set; }
    public Practices.Practice? Practice { get; set; }
    public DateTime CreatedAt { get; set; }
}
