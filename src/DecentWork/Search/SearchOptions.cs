namespace DecentWork.Search;

/// <summary>The "Search" configuration section.</summary>
public sealed class SearchOptions
{
    /// <summary>Where the Lucene index lives; empty means "index" under the data folder.</summary>
    public string? IndexPath { get; set; }

    /// <summary>How often the indexer looks at the outbox. A write must be searchable within a second, so this stays
    /// well under it; the query is an index seek on the outbox's primary key, so polling costs next to nothing.</summary>
    public int PollMilliseconds { get; set; } = 200;

    /// <summary>Outbox rows read per batch (one index commit per batch).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>A missing outbox id below the newest one is normally a transaction still committing (PostgreSQL hands
    /// out ids before commit); after this long it is taken to be a rollback and skipped.</summary>
    public int GapGraceSeconds { get; set; } = 30;

    /// <summary>Off only in tests that simulate a crash between the database commit and the index update.</summary>
    public bool IndexerEnabled { get; set; } = true;

    /// <summary>Outbox rows this node has applied are deleted once they are this old. Another node whose index lags
    /// further behind than this finds its position pruned and rebuilds (the index is a cache: a rebuild is always right).</summary>
    public double OutboxRetentionHours { get; set; } = 7 * 24;

    /// <summary>How often the hosted indexer prunes the outbox.</summary>
    public double PruneEveryMinutes { get; set; } = 60;

    /// <summary>Lucene's indexing buffer, shared by a rebuild's workers; a worker that fills its share before the end of
    /// its chunk writes the chunk as two segments.</summary>
    public double RamBufferMb { get; set; } = 64;

    /// <summary>Memory per index segment for postings kept between queries (see
    /// <see cref="TermAtATimeQuery.DecodedPostings"/>): bit-packed, about a byte per posting of the common terms queries
    /// ask for (positions too for the words of phrases). At a million practices the lists of 1,500 benchmark queries took
    /// ~220 MB.</summary>
    public double DecodedPostingsMb { get; set; } = 512;

    /// <summary>Threads a rebuild indexes on; 0 means one per core.</summary>
    public int IndexThreads { get; set; }

    /// <summary>Practices a rebuild worker indexes into one segment of its own before the final merge (see
    /// <see cref="BulkAdd"/>); 0 means <see cref="SearchIndex.DefaultChunkSize"/>. Tests set it small to have many chunks.</summary>
    public int RebuildChunkSize { get; set; }

    /// <summary>Segments a rebuild ends with, each merged from its share of the chunks on a thread of its own (see
    /// <see cref="BulkAdd"/>): one merge runs on one core, so two shorten a rebuild's final merge on two cores (68–75 to
    /// 49 s at a million practices), at the price of a second segment for every query to visit (about 5 % more CPU per
    /// query) until later merges fold them together.</summary>
    public int RebuildSegments { get; set; } = 1;
}
