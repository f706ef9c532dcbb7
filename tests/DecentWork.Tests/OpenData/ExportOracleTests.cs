using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DecentWork.Data;
using DecentWork.OpenData;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Tests.OpenData;

/// <summary>The export reads with hand-written SQL and copies stored snapshots instead of re-serializing them; its
/// output must stay what the EF export (<see cref="LegacyExport"/>) wrote, byte for byte, whatever the data: every
/// status, translations, endorsements, unknown organisations, awkward characters, and snapshots that are not in the
/// serializer's canonical form (older or hand-written ones, which take the slow path).</summary>
[Collection("apps")]
public class ExportOracleTests(Apps apps)
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static readonly string[] Awkward =
    [
        "plain text", "guillemets « » and “quotes” ; semicolon", "a \"quoted\" word and a back\\slash", "two\nlines\r\nand\ttab",
        "control \u0001 char and DEL \u007f", "emoji 😀 and 𝄞 beyond the BMP", "line separator \u2028 paragraph \u2029 bom \ufeff",
        "html <b>&amp;</b> 'apostrophe' +plus `tick`", "城乡居民基本养老保险“全民”", "Protección social à l'échelle", "",
    ];

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task The_export_writes_what_the_EF_export_wrote_for_every_kind_of_practice_and_snapshot(string engine)
    {
        apps.Get(engine); // skips when the engine is not available
        using var app = new TestApp(engine);
        var (themeId, _) = await SeedAsync(app);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var filters = new[]
        {
            new ExportFilter(null, null, null, null), new ExportFilter(null, null, null, "all"), new ExportFilter("SEN", null, null, null),
            new ExportFilter(null, themeId, null, "all"), new ExportFilter(null, null, "fr", "all"), new ExportFilter(null, null, null, "Draft"),
            new ExportFilter("CHN", null, "zh", null), new ExportFilter(null, null, null, "Withdrawn"),
        };
        // Pages of 7 put the practice without a published revision (whose page reads the working copy too) on a page
        // of its own and cross page boundaries; the default size reads all of them in one page.
        foreach (var pageSize in new[] { 7, PracticeExport.DefaultPageSize })
            foreach (var filter in filters)
            {
                var expected = await new LegacyExport(db).JsonLinesAsync(filter);
                var output = new MemoryStream();
                var n = await ExportWriter.WriteAsync(output, "jsonl", new PracticeExport(db) { PageSize = pageSize }, filter);
                var actual = Encoding.UTF8.GetString(output.ToArray());
                Assert.True(expected.Length > 0, $"no data for {filter}");
                Assert.Equal(expected.Count(c => c == '\n'), n);
                AssertSameLines(expected, actual, filter);

                var csvExpected = new MemoryStream();
                await ExportWriter.CsvAsync(csvExpected, new LegacyExport(db).ReadAsync(filter), default);
                var csvActual = new MemoryStream();
                await ExportWriter.WriteAsync(csvActual, "csv", new PracticeExport(db) { PageSize = pageSize }, filter);
                Assert.Equal(Encoding.UTF8.GetString(csvExpected.ToArray()), Encoding.UTF8.GetString(csvActual.ToArray()));
            }
        Assert.Contains("Author of the new original", await new LegacyExport(db).JsonLinesAsync(filters[0]));
    }

    private static void AssertSameLines(string expected, string actual, ExportFilter filter)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
            if (e[i] != a[i])
            {
                var at = Enumerable.Range(0, Math.Min(e[i].Length, a[i].Length)).FirstOrDefault(k => e[i][k] != a[i][k]);
                Assert.Fail($"{filter}: line {i + 1} differs at {at}:\n  EF:  …{e[i][Math.Max(0, at - 80)..Math.Min(e[i].Length, at + 80)]}\n  new: …{a[i][Math.Max(0, at - 80)..Math.Min(a[i].Length, at + 80)]}");
            }
        Assert.Equal(e.Length, a.Length);
    }

    /// <summary>A snapshot in the canonical form (as PracticeContent.Serialize writes it) is copied; anything else must
    /// be refused, so that it goes through the serializer.</summary>
    [Fact]
    public void Only_snapshots_in_the_serializers_own_form_are_copied_as_they_are()
    {
        var content = Content(3, "fr", ["fr", "zh"]);
        var canonical = content.Serialize();
        var view = new SnapshotView();
        Assert.True(view.TryRead(Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal("fr", view.LanguageText);
        Assert.Equal(["fr", "zh"], view.TextParts.Select(t => t.Language));
        Assert.Equal(canonical, JsonSerializer.Serialize(PracticeContent.Deserialize(canonical), PracticeContent.Json));

        foreach (var (why, text) in NonCanonical(content))
        {
            Assert.NotEqual(canonical, text);
            Assert.False(view.TryRead(Encoding.UTF8.GetBytes(text)), why);
        }
    }

    /// <summary>Ways a stored snapshot can differ from what serializing it again gives, though it reads the same.</summary>
    private static IEnumerable<(string Why, string Text)> NonCanonical(PracticeContent c)
    {
        var s = c.Serialize();
        yield return ("indented", JsonSerializer.Serialize(c, new JsonSerializerOptions(PracticeContent.Json) { WriteIndented = true }));
        yield return ("space after a colon", s.Replace("\"language\":", "\"language\": "));
        yield return ("an older version without sdgTargets", s.Replace("\"sdgTargets\":[],", "").Replace("\"sdgTargets\":[\"1.3\"],", ""));
        yield return ("an unknown property", s.Replace("\"licence\":", "\"legacy\":1,\"licence\":"));
        yield return ("a null the serializer leaves out", s.Replace("\"licence\":", "\"scale\":null,\"licence\":").Replace(",\"scale\":\"national\",\"scale\":null", ",\"scale\":null"));
        yield return ("another encoder", JsonSerializer.Serialize(c, new JsonSerializerOptions(PracticeContent.Json) { Encoder = JavaScriptEncoder.Default }));
        yield return ("a property name in another case", s.Replace("\"language\":", "\"Language\":"));
        yield return ("a number as a string", s.Replace("\"year\":2010", "\"year\":\"2010\""));
        yield return ("an escape the encoder does not use", s.Replace("Protección", "Protecci\\u00f3n"));
        yield return ("languages out of order", s.Replace("\"texts\":{\"fr\":", "\"texts\":{\"zz\":{\"title\":\"\",\"summary\":\"\",\"sections\":{}},\"fr\":"));
        yield return ("a property out of order", s.Replace("\"countries\":", "\"themes\":[],\"countries\":").Replace("],\"themes\":[\"", "],\"x\":[\""));
        yield return ("trailing garbage", s + "x");
    }

    private static PracticeContent Content(int i, string lang, string[] languages) => new()
    {
        Language = lang,
        Texts = new SortedDictionary<string, TextContent>(languages.ToDictionary(l => l, l => new TextContent
        {
            Title = $"{Awkward[(i + l.Length) % Awkward.Length]} [{l} {i}]",
            Summary = Awkward[(i + 3) % Awkward.Length] + " Protección",
            Sections = new SectionsDto
            {
                Context = Awkward[i % Awkward.Length], Approach = i % 3 == 0 ? null : "Approach " + Awkward[(i + 5) % Awkward.Length],
                Results = i % 2 == 0 ? "Results" : null, Transferability = i % 4 == 1 ? "" : null,
            },
        }), StringComparer.Ordinal),
        Countries = i % 3 == 0 ? ["CHN"] : ["BRA", "SEN"],
        Themes = [],
        Pillars = ["social-protection"],
        SdgTargets = i % 2 == 0 ? ["1.3"] : [],
        Standards = i % 3 == 1 ? ["C102"] : [],
        Organisations = [],
        Period = (i % 4) switch { 0 => null, 1 => new PeriodDto(2009, 2020), 2 => new PeriodDto(2015, null), _ => new PeriodDto(null, null) },
        Scale = i % 3 == 0 ? null : "national",
        Licence = i % 5 == 0 ? "CC-BY-SA-4.0" : "CC-BY-4.0",
        Indicators = i % 2 == 0 ? [] :
        [
            new IndicatorDto("Coverage " + Awkward[i % Awkward.Length], "%", new ValueYear(20.5m, 2010), new ValueYear(95m, 2020), "Ministry"),
            new IndicatorDto("Amount", null, null, new ValueYear(1234567.8912m, null), null),
            new IndicatorDto(null, "", new ValueYear(-0.0001m, 1999), null, null),
        ],
        Sources = i % 3 == 2 ? [] : [new SourceDto("Report " + Awkward[(i + 1) % Awkward.Length], i % 2 == 0 ? "ILO" : null, i % 2 == 0 ? 2010 : null, "https://example.org/r?a=1&b=2")],
    };

    /// <summary>Practices of every status written straight through the DbContext, each a different mix.</summary>
    private static async Task<(string Theme, int Count)> SeedAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var themes = await db.Concepts.OrderBy(c => c.Id).Select(c => c.Id).Take(4).ToListAsync();
        Assert.NotEmpty(themes);
        var orgs = new[]
        {
            new Organisation { Key = app.Unique("org"), Name = "Ministère « test »", Acronym = "MT", NameFr = "Ministère", NameEs = "Ministerio", NameZh = "劳动部", CountryCode = "SEN", Group = ConstituentGroup.Government },
            new Organisation { Name = "Union \"quoted\" \\ backslash", Group = ConstituentGroup.Workers, CountryCode = "CHN" },
            new Organisation { Name = "Employers 😀", Group = ConstituentGroup.Employers },
        };
        db.Organisations.AddRange(orgs);
        await db.SaveChangesAsync();
        var languages = new[] { "en", "fr", "es", "zh" };
        var statuses = Enum.GetValues<PracticeStatus>();
        var start = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
        var practices = new List<(Practice P, int Published)>();
        const int count = 72;
        for (var i = 0; i < count; i++)
        {
            var lang = languages[i % 4];
            var translated = languages.Where((l, k) => l != lang && (i + k) % 3 == 0).ToArray();
            var at = start.AddDays(i).AddSeconds(i % 7 == 0 ? 0 : i * 0.3);
            var p = new Practice
            {
                OriginalLanguage = lang, CreatedAt = at, UpdatedAt = at.AddHours(5), Version = 1, IsSample = i % 9 == 0,
                PeriodStart = i % 4 == 1 ? 2009 : null, PeriodEnd = i % 4 == 1 ? 2020 : null, Scale = i % 3 == 0 ? null : "national",
                Licence = i % 5 == 0 ? "CC-BY-SA-4.0" : "CC-BY-4.0", PublishedAt = i % 6 >= 3 ? at.AddHours(1) : null,
            };
            var content = Content(i, lang, [lang, .. translated]);
            content = content with
            {
                Themes = [themes[i % themes.Count]],
                Organisations = i % 5 == 4 ? [new OrganisationRef(987654, "funder")] // an organisation this instance does not have
                    : orgs.Take(i % 4).Select((o, k) => new OrganisationRef(o.Id, k == 0 ? "lead" : i % 2 == 0 ? "partner" : null)).ToList(),
            };
            foreach (var (l, t) in content.Texts)
                p.Texts.Add(new PracticeText
                {
                    Language = l, IsOriginal = l == lang, Title = t.Title + (i % 4 == 3 ? " (edited)" : ""), Summary = t.Summary,
                    Context = t.Sections.Context ?? "", Approach = t.Sections.Approach ?? "", Results = t.Sections.Results ?? "",
                    Transferability = t.Sections.Transferability ?? "", Status = i % 2 == 0 ? TranslationStatus.Published : TranslationStatus.Draft,
                    AuthorName = l == lang || i % 3 == 0 ? null : "Translator " + Awkward[i % Awkward.Length], UpdatedAt = at.AddMinutes(l.Length + i),
                });
            foreach (var c in content.Countries) p.Countries.Add(new PracticeCountry { CountryCode = c });
            p.Concepts.Add(new PracticeConcept { ConceptId = themes[(i + (i % 4 == 3 ? 1 : 0)) % themes.Count] });
            p.Pillars.Add(new PracticePillar { PillarId = "social-protection" });
            foreach (var o in content.Organisations.Where(o => o.Id != 987654).Select((o, k) => (o, k)))
                p.Organisations.Add(new PracticeOrganisation { OrganisationId = o.o.Id, Role = o.o.Role ?? "partner", Position = o.k });
            if (i % 2 == 1)
            {
                p.Indicators.Add(new Indicator { Position = 0, Name = "Coverage", Unit = "%", BaselineValue = 20.50m, BaselineYear = 2010, ResultValue = 95m, ResultYear = 2020, Source = "Ministry" });
                p.Indicators.Add(new Indicator { Position = 1, Name = "Amount", Unit = "", ResultValue = 1234567.8912m });
            }
            if (i % 3 != 2) p.Sources.Add(new Source { Position = 0, Title = "Report", Publisher = i % 2 == 0 ? "ILO" : null, Year = i % 2 == 0 ? 2010 : null, Url = "https://example.org/r?a=1&b=2" });

            // One to three revisions; the published one is sometimes followed by unreviewed edits.
            var revisions = 1 + i % 3;
            for (var n = 1; n <= revisions; n++)
            {
                var c = n == revisions ? content : content with { Countries = ["SEN"], Scale = n % 2 == 0 ? "local" : null };
                var snapshot = c.Serialize();
                // Some snapshots are stored as an older version or another writer would have stored them.
                var variants = NonCanonical(c).Where(v => v.Why != "trailing garbage").ToList();
                if ((i + n) % 4 == 0) snapshot = variants[(i / 4 + n) % variants.Count].Text;
                if (i % 11 == 1 && n == 1) snapshot = snapshot.Replace("\"organisations\":[{", "\"organisations\":[{\"id\":" + orgs[0].Id + ",\"role\":\"lead\",\"key\":\"stale-key\"},{");
                p.Revisions.Add(new Revision
                {
                    Number = n, CreatedAt = at.AddMinutes(n), UserName = n % 2 == 0 ? null : "Author " + Awkward[(i + n) % Awkward.Length],
                    Note = i % 4 == 0 ? null : "Note " + n, ChangedFields = n == 1 ? "created" : "title[en],countries", Snapshot = snapshot,
                });
            }
            for (var e = 0; e < i % 3; e++)
                p.Endorsements.Add(new Endorsement
                {
                    OrganisationId = orgs[e].Id, Group = orgs[e].Group, Statement = e == 0 ? "We endorse " + Awkward[i % Awkward.Length] : null,
                    StatementLanguage = e == 0 ? "fr" : null, CreatedAt = at.AddDays(e + 1),
                });
            var status = statuses[i % statuses.Length];
            p.ForceStatus(status);
            // Published, archived and withdrawn practices, and some drafts (an edit after publication), have a published revision.
            var published = status is PracticeStatus.Published or PracticeStatus.Archived or PracticeStatus.Withdrawn || i % 4 == 0 ? Math.Max(1, revisions - (i % 5 == 0 ? 1 : 0)) : 0;
            practices.Add((p, published));
        }
        // The original language changed after publication: the published revision is still in French.
        var moved = practices.First(x => x.P.OriginalLanguage == "fr" && x.P.Texts.Count > 1 && x.Published > 0).P;
        moved.OriginalLanguage = moved.Texts.First(t => t.Language != "fr").Language;
        moved.Texts.First(t => t.Language == moved.OriginalLanguage).AuthorName = "Author of the new original";
        db.Practices.AddRange(practices.Select(x => x.P));
        await db.SaveChangesAsync();
        foreach (var (p, published) in practices.Where(x => x.Published > 0))
            p.PublishedRevisionId = p.Revisions.First(r => r.Number == published).Id;
        // A published practice whose published revision is gone (and no history at all): the working copy is exported.
        var orphan = new Practice { OriginalLanguage = "en", CreatedAt = start, UpdatedAt = start, Version = 1, PublishedRevisionId = int.MaxValue - 1 };
        orphan.Texts.Add(new PracticeText { Language = "en", IsOriginal = true, Title = "No history", Summary = "s", UpdatedAt = start });
        orphan.Countries.Add(new PracticeCountry { CountryCode = "SEN" });
        orphan.ForceStatus(PracticeStatus.Published);
        db.Practices.Add(orphan);
        await db.SaveChangesAsync();
        return (themes[0], count + 1);
    }
}
