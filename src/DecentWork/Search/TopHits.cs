using Lucene.Net.Search;

namespace DecentWork.Search;

/// <summary>The best <c>size</c> documents by score, fed whole lists of a segment's matches in document order; ties go
/// to the lower document number, as Lucene's TopScoreDocCollector orders them.</summary>
/// <remarks>A min-heap of the best so far: a document enters only if it beats the weakest kept, so after the first
/// few hundred matches nearly every one costs a single comparison. Documents arrive in increasing global number
/// (segments in order, each segment's list sorted), so a later document with an equal score never displaces an
/// earlier one.</remarks>
public sealed class TopHits(int size)
{
    private readonly float[] _scores = new float[Math.Max(size, 0)];
    private readonly int[] _docs = new int[Math.Max(size, 0)];
    private int _count;

    public int Total { get; private set; }

    public void Add(int docBase, ReadOnlySpan<int> docs, ReadOnlySpan<float> scores)
    {
        Total += docs.Length;
        if (_scores.Length == 0) return;
        for (var i = 0; i < docs.Length; i++)
        {
            var score = scores[i];
            if (_count < _scores.Length)
            {
                _scores[_count] = score;
                _docs[_count] = docBase + docs[i];
                Up(_count++);
            }
            else if (score > _scores[0])
            {
                _scores[0] = score;
                _docs[0] = docBase + docs[i];
                Down(0);
            }
        }
    }

    /// <summary>Ranks [offset, offset + size) of what was kept, best first.</summary>
    public ScoreDoc[] Page(int offset, int size)
    {
        var all = new ScoreDoc[_count];
        for (var i = 0; i < _count; i++) all[i] = new ScoreDoc(_docs[i], _scores[i]);
        Array.Sort(all, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        return all.Skip(offset).Take(size).ToArray();
    }

    // The heap's top is the weakest: the lowest score, and among equal scores the highest document number.
    private bool Weaker(int a, int b) => _scores[a] < _scores[b] || _scores[a] == _scores[b] && _docs[a] > _docs[b];

    private void Up(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Weaker(i, parent)) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, weakest = i;
            if (l < _count && Weaker(l, weakest)) weakest = l;
            if (r < _count && Weaker(r, weakest)) weakest = r;
            if (weakest == i) return;
            Swap(i, weakest);
            i = weakest;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
    }
}
