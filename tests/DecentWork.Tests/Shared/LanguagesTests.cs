using DecentWork.Shared;

namespace DecentWork.Tests.Shared;

public class LanguagesTests
{
    [Theory]
    [InlineData("zh-Hans", "zh")]
    [InlineData("zh-CN", "zh")]
    [InlineData("FR", "fr")]
    [InlineData("es-419", "es")]
    [InlineData("en_GB", "en")]
    [InlineData("zh-Hant", null)]
    [InlineData("zh-TW", null)]
    [InlineData("de", null)]
    [InlineData("", null)]
    public void Normalizes_bcp47(string tag, string? expected) => Assert.Equal(expected, Languages.Normalize(tag));

    [Theory]
    [InlineData("Extending pension coverage!", "extending-pension-coverage")]
    [InlineData("Négociation collective : l'État", "negociation-collective-l-etat")]
    [InlineData("城乡居民基本养老保险", "城乡居民基本养老保险")]
    [InlineData("¿Pensión básica?", "pension-basica")]
    [InlineData("", "practice")]
    [InlineData("History", "history-practice")]
    public void Slugs(string title, string slug) => Assert.Equal(slug, Slug.From(title));
}
