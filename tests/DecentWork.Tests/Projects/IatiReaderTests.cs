using System.Text;
using DecentWork.Projects;

namespace DecentWork.Tests.Projects;

/// <summary>The reader on its own: what it refuses, what it makes of a broken activity, and that it streams.</summary>
public class IatiReaderTests
{
    private static MemoryStream Xml(string s) => new(Encoding.UTF8.GetBytes(s));

    private static string Refusal(string xml)
    {
        var check = Assert.Throws<IatiRefusedException>(() => IatiReader.Check(Xml(xml)));
        // Reading without the check refuses just the same, before yielding anything.
        Assert.Throws<IatiRefusedException>(() => IatiReader.Read(Xml(xml)).ToList());
        return check.Message;
    }

    [Fact]
    public void A_valid_file_is_read_with_languages_currency_and_codes()
    {
        var xml = IatiSamples.File(IatiSamples.Activity("XM-TEST-1"), "2.03");
        Assert.Equal(new IatiReader.FileInfo("2.03", 1), IatiReader.Check(Xml(xml)));
        var a = Assert.Single(IatiReader.Read(Xml(xml)));
        Assert.Empty(a.Problems);
        Assert.Equal("XM-TEST-1", a.Identifier);
        Assert.Contains(new IatiNarrative("es", "Programa de empleo juvenil"), a.Titles);
        Assert.Contains(new IatiNarrative("en", "Youth employment programme"), a.Titles);
        Assert.Equal("es", Assert.Single(a.Descriptions).Narrative.Language);
        var implementing = Assert.Single(a.Organisations, o => o.Role == OrganisationRole.Implementing);
        Assert.Equal("fr", implementing.Names.Single().Language); // the narrative inherits the org's xml:lang
        Assert.Single(a.Organisations, o => o.IsReporting && o.Ref == "XM-TEST");
        Assert.Equal(ActivityStatus.Implementation, a.Status);
        Assert.Equal(new IatiCountry("ID", 100m), Assert.Single(a.Countries));
        Assert.Equal(new IatiCode("16020", "1", 100m), Assert.Single(a.Sectors));
        Assert.Equal(new IatiDate(ActivityDateType.PlannedStart, new DateOnly(2020, 1, 15)), a.Dates[0]);
        var budget = Assert.Single(a.Budgets);
        Assert.Equal(125000.50m, budget.Value);
        Assert.Equal("EUR", budget.Currency); // from the activity's default-currency
        Assert.Equal(new DateOnly(2020, 12, 31), budget.PeriodEnd);
    }

    [Fact]
    public void A_narrative_without_any_language_falls_back_to_the_file_then_und()
    {
        const string activity = "<iati-activity><iati-identifier>XM-L</iati-identifier><title><narrative>Titre</narrative></title></iati-activity>";
        Assert.Equal("fr", IatiReader.Read(Xml(IatiSamples.File(activity, rootAttributes: "xml:lang=\"fr\""))).Single().Titles.Single().Language);
        Assert.Equal("und", IatiReader.Read(Xml(IatiSamples.File(activity))).Single().Titles.Single().Language);
    }

    [Fact]
    public void A_broken_activity_keeps_what_makes_sense_and_names_each_problem_by_identifier_and_element()
    {
        var broken = """
            <iati-activity default-currency="EUR" xml:lang="es">
              <iati-identifier>XM-BROKEN-1</iati-identifier>
              <title><narrative>Proyecto roto</narrative></title>
              <participating-org role="9"><narrative>Nadie</narrative></participating-org>
              <activity-date type="1" iso-date="2011-13-45"/>
              <activity-date type="3" iso-date="2012-11-01"/>
              <recipient-country code="IDN" percentage="100"/>
              <recipient-country code="ID" percentage="abc"/>
              <budget><period-start iso-date="2011-11-01"/><period-end iso-date="2011-12-31"/><value>abc</value></budget>
              <budget><period-start iso-date="2012-01-01"/><period-end iso-date="2012-12-31"/><value currency="USD">100</value></budget>
            </iati-activity>
            <iati-activity><title><narrative>Sin identificador</narrative></title></iati-activity>
            """;
        var read = IatiReader.Read(Xml(IatiSamples.File(broken))).ToList();
        Assert.Equal(2, read.Count);
        var a = read[0];
        var problems = a.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("XM-BROKEN-1 / budget/value: not a number 'abc'", problems);
        Assert.Contains("XM-BROKEN-1 / activity-date/@iso-date: not a date '2011-13-45'", problems);
        Assert.Contains("XM-BROKEN-1 / recipient-country/@code: not an ISO 3166-1 alpha-2 code 'IDN'", problems);
        Assert.Contains("XM-BROKEN-1 / recipient-country/@percentage: not a percentage 'abc'", problems);
        Assert.Contains(problems, p => p.StartsWith("XM-BROKEN-1 / participating-org/@role:"));
        // What could be read is kept.
        Assert.True(a.Importable);
        Assert.Equal("Proyecto roto", a.Titles.Single().Text);
        Assert.Equal(new IatiCountry("ID", null), Assert.Single(a.Countries));
        Assert.Equal(new DateOnly(2012, 11, 1), Assert.Single(a.Dates).Date);
        Assert.Equal(("USD", 100m), (Assert.Single(a.Budgets).Currency, a.Budgets[0].Value));
        Assert.Null(Assert.Single(a.Organisations).Role);
        // An activity without an identifier cannot be matched on a re-import: skipped, and said where it is.
        Assert.False(read[1].Importable);
        Assert.Contains("iati-identifier: missing", read[1].Problems.Single().ToString());
        Assert.StartsWith("activity 2 (line ", read[1].Identifier);
    }

    [Fact]
    public void Non_xml_is_refused_as_not_xml()
    {
        Assert.Contains("not an XML document", Refusal("{\"title\": \"a JSON file\"}"));
        Assert.Contains("not an XML document", Refusal("\u0089PNG\r\n\u001a\n binary"));
        Assert.Contains("not an XML document", Refusal(""));
    }

    [Fact]
    public void Malformed_xml_is_refused_with_its_line()
    {
        var xml = IatiSamples.File(IatiSamples.Activity("XM-MAL-1") + "\n<iati-activity><iati-identifier>XM-MAL-2</iati-identifier><title></iati-activity>");
        var message = Refusal(xml);
        Assert.Contains("not well-formed XML at line", message);
        // The first, valid activity would be readable, but the check refuses the file before anything is imported.
        Assert.Throws<IatiRefusedException>(() => IatiReader.Check(Xml(xml)));
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>", "not 'iati-activities'")]
    [InlineData("<iati-activities xmlns=\"http://example.org/iati\" version=\"2.01\"/>", "namespace 'http://example.org/iati'")]
    [InlineData("<iati:iati-activities xmlns:iati=\"urn:x\" version=\"2.01\"/>", "namespace 'urn:x'")]
    [InlineData("<iati-organisations version=\"2.01\"/>", "organisation file")]
    [InlineData("<iati-activities/>", "no version attribute")]
    [InlineData("<iati-activities version=\"1.05\"/>", "version '1.05' is not imported")]
    public void A_document_that_is_not_an_iati_activity_file_is_refused_clearly(string xml, string expected)
        => Assert.Contains(expected, Refusal(xml));

    [Fact]
    public void Billion_laughs_is_refused_without_expanding_anything()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = Refusal(IatiSamples.BillionLaughs);
        Assert.Contains("DTD", message);
        Assert.DoesNotContain("lol", message);
        // Expanding lol9 would allocate gigabytes; refusing takes a few kilobytes.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 20_000_000);
    }

    [Fact]
    public void An_external_entity_is_refused_and_the_file_it_names_is_never_read()
    {
        var message = Refusal(IatiSamples.ExternalEntity);
        Assert.Contains("DTD", message);
        Assert.DoesNotContain(IatiSamples.PasswdMarker, message);
    }

    [Fact]
    public void An_oversized_activity_is_refused_after_reading_the_limit_not_the_element()
    {
        var big = IatiSamples.File(IatiSamples.Activity("XM-BIG-1", title: new string('x', 300_000)));
        var message = Assert.Throws<IatiRefusedException>(() => IatiReader.Check(Xml(big), maxActivityBytes: 100_000)).Message;
        Assert.Contains("larger than", message);
        Assert.Throws<IatiRefusedException>(() => IatiReader.Read(Xml(big), maxActivityBytes: 100_000).ToList());
        Assert.Single(IatiReader.Read(Xml(big)));
    }
}

/// <summary>Memory is measured for the whole process, so this runs alone, not beside tests that start web apps.</summary>
[CollectionDefinition("iati-memory", DisableParallelization = true)]
public sealed class IatiMemoryCollection;

[Collection("iati-memory")]
public class IatiHugeFileTests
{
    /// <summary>~200 MB of activities, and a single 200 MB narrative: read in the memory of one activity.</summary>
    [Fact]
    public void A_200_mb_file_streams_in_flat_memory_and_a_200_mb_narrative_is_refused()
    {
        const long target = 200L * 1024 * 1024;
        var path = Path.Combine(Path.GetTempPath(), $"dwx-iati-huge-{Guid.NewGuid():N}.xml");
        try
        {
            // Many ordinary activities.
            int written;
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.02\">\n");
                written = 0;
                while (w.BaseStream.Position < target)
                    w.Write(IatiSamples.Activity($"XM-HUGE-{++written}", extra: "<description type=\"2\"><narrative>" + new string('d', 1500) + "</narrative></description>"));
                w.Write("</iati-activities>\n");
            }
            Assert.True(new FileInfo(path).Length >= target);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(true);
            long peak = 0;
            using (var s = File.OpenRead(path))
            {
                Assert.Equal(written, IatiReader.Check(s).Activities);
                s.Position = 0;
                var n = 0;
                foreach (var a in IatiReader.Read(s))
                {
                    Assert.True(a.Importable);
                    // Live memory (after a collection): what the reader holds on to, not garbage waiting for the GC.
                    if (++n % 10000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(true) - baseline);
                }
                Assert.Equal(written, n);
            }
            Assert.True(peak < 100L * 1024 * 1024, $"managed memory grew by {peak / (1024 * 1024)} MB while reading a {target / (1024 * 1024)} MB file");

            // One narrative as large as the whole file.
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                w.Write("<iati-activities version=\"2.01\"><iati-activity><iati-identifier>XM-GIANT</iati-identifier><title><narrative>");
                var chunk = new string('g', 1 << 16);
                for (long i = 0; i < target; i += chunk.Length) w.Write(chunk);
                w.Write("</narrative></title></iati-activity></iati-activities>");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            using (var s = File.OpenRead(path))
            {
                var message = Assert.Throws<IatiRefusedException>(() => IatiReader.Check(s)).Message;
                Assert.Contains("larger than 16 MB", message);
                Assert.True(s.Position < 32L * 1024 * 1024, $"read {s.Position} bytes before refusing");
            }
            // Holding the narrative as a string would take 400 MB (UTF-16); the refusal allocates a fraction of that.
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(allocated < target, $"allocated {allocated / (1024 * 1024)} MB to refuse it");
        }
        finally { File.Delete(path); }
    }
}
