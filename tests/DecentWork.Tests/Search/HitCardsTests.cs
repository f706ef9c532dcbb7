using DecentWork.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace DecentWork.Tests.Search;

/// <summary>A hit's card is read from its bytes without decoding the other languages: the reader's language when the
/// practice has it, else the original; text with the separator in it is kept apart from the fields.</summary>
public class HitCardsTests
{
    [Fact]
    public void A_card_gives_the_readers_language_else_the_original_one()
    {
        using var dir = new RAMDirectory();
        using (var w = new IndexWriter(dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            w.AddDocument(new Document
            {
                HitCards.Build(41, "zh", [
                    ("zh", "完善社会保障体系", "建立覆盖全民的社会保障体系。"),
                    ("fr", "Améliorer la protection sociale", "Une sécurité sociale pour tous\u001fles résidents."),
                    ("es", "Mejorar la protección social", "Cobertura para todas las personas."),
                ]),
            });
            w.AddDocument(new Document { HitCards.Build(1234567, "en", [("en", "Youth apprenticeships", "")]) });
        }
        using var reader = DirectoryReader.Open(dir);
        var cards = new HitCards.Reader(new IndexSearcher(reader));

        Assert.Equal(new HitCards.Card(41, "fr", "Améliorer la protection sociale", "Une sécurité sociale pour tous les résidents."), cards.Read(0, "fr"));
        Assert.Equal(new HitCards.Card(41, "es", "Mejorar la protección social", "Cobertura para todas las personas."), cards.Read(0, "es"));
        Assert.Equal(new HitCards.Card(41, "zh", "完善社会保障体系", "建立覆盖全民的社会保障体系。"), cards.Read(0, "zh"));
        Assert.Equal(new HitCards.Card(41, "zh", "完善社会保障体系", "建立覆盖全民的社会保障体系。"), cards.Read(0, "en")); // no English: the original
        Assert.Equal(new HitCards.Card(1234567, "en", "Youth apprenticeships", ""), cards.Read(1, "zh"));
        Assert.Equal([41, 1234567], new[] { cards.ReadId(0), cards.ReadId(1) });
    }
}
