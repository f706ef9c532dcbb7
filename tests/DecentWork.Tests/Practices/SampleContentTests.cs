using DecentWork.Data;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.Practices;

/// <summary>A fresh instance with the sample content, as a newcomer gets it.</summary>
public class SampleContentTests(SampleContentTests.SampleApps apps) : IClassFixture<SampleContentTests.SampleApps>
{
    public sealed class SampleApps() : Apps(sample: true);

    public static TheoryData<string> Engines => Apps.Engines;

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Sample_content_covers_the_languages_countries_and_continents_asked_for(string engine)
    {
        var _app = apps.Get(engine);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var practices = await db.Practices.Include(p => p.Countries).Include(p => p.Texts).Include(p => p.Indicators).ToListAsync();
        Assert.True(practices.Count >= 30, $"{practices.Count} practices");
        Assert.All(practices, p => Assert.True(p.IsSample));
        Assert.Equal(["en", "es", "fr", "zh"], practices.Select(p => p.OriginalLanguage).Distinct().Order());
        Assert.True(practices.Count(p => p.OriginalLanguage == "zh" && p.Countries.Any(c => c.CountryCode == "CHN")) >= 8);
        var codes = practices.SelectMany(p => p.Countries.Select(c => c.CountryCode)).Distinct().ToList();
        Assert.True(codes.Count >= 12, $"{codes.Count} countries");
        var regions = await db.Countries.Where(c => codes.Contains(c.Code)).Select(c => c.M49Region).Distinct().ToListAsync();
        Assert.Equal(["Africa", "Americas", "Asia", "Europe", "Oceania"], regions.Order());
        Assert.Contains(practices, p => p.Texts.Count > 1);
        Assert.Contains(practices, p => p.Indicators.Count > 0);
        Assert.True(await db.Endorsements.AnyAsync());
        Assert.Contains(practices, p => p.Status == DecentWork.Practices.PracticeStatus.Submitted);
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Sample_records_are_marked_as_illustrative_in_the_api(string engine)
    {
        var c = apps.Get(engine).ClientFor(null);
        var list = await (await c.GetAsync("/api/v1/practices?size=100")).JsonAsync();
        Assert.True((int)list["total"]! >= 28);
        var id = (int)list["items"]![0]!["id"]!;
        Assert.True((bool)list["items"]![0]!["isSample"]!);
        var p = await (await c.GetAsync($"/api/v1/practices/{id}")).JsonAsync();
        Assert.True((bool)p["isSample"]!);
        Assert.Contains("illustrative", (string)p["notice"]!);
    }
}
