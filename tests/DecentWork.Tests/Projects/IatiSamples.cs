namespace DecentWork.Tests.Projects;

/// <summary>IATI documents for the tests: the real Spanish file, and small hand-made good, broken and hostile ones.</summary>
public static class IatiSamples
{
    public static string RealFile => Path.Combine(AppContext.BaseDirectory, "Projects", "Data", "iati-es-maec-indonesia-2.01.xml");

    public const string RealPrefix = "ES-DIR3-E04585801";

    public static string File(string body, string version = "2.01", string rootAttributes = "")
        => $"""<?xml version="1.0" encoding="UTF-8"?>""" + "\n" + $"""<iati-activities version="{version}" {rootAttributes}>""" + body + "</iati-activities>";

    /// <summary>A complete, valid activity.</summary>
    public static string Activity(string id, string title = "Programa de empleo juvenil", string country = "ID", string extra = "") => $"""
        <iati-activity xml:lang="es" default-currency="EUR">
          <iati-identifier>{id}</iati-identifier>
          <reporting-org ref="XM-TEST" type="10"><narrative xml:lang="en">Test donor</narrative></reporting-org>
          <title><narrative>{title}</narrative><narrative xml:lang="en">Youth employment programme</narrative></title>
          <description type="1"><narrative>Formación profesional y protección social para jóvenes.</narrative></description>
          <participating-org role="1" ref="XM-TEST" type="10"><narrative xml:lang="en">Test donor</narrative></participating-org>
          <participating-org role="4" type="21" xml:lang="fr"><narrative>Organisation exécutante</narrative></participating-org>
          <activity-status code="2"/>
          <activity-date type="1" iso-date="2020-01-15"/>
          <activity-date type="3" iso-date="2022-12-31"/>
          <recipient-country code="{country}" percentage="100"/>
          <recipient-region code="789" vocabulary="1"/>
          <sector vocabulary="1" code="16020" percentage="100"/>
          <budget type="1" status="2">
            <period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
            <value value-date="2020-01-01">125000.50</value>
          </budget>
          {extra}
        </iati-activity>
        """;

    /// <summary>Entities that expand to gigabytes if a parser expands them.</summary>
    public const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE iati-activities [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <iati-activities version="2.01"><iati-activity><iati-identifier>LOL-1</iati-identifier><title><narrative>&lol9;</narrative></title></iati-activity></iati-activities>
        """;

    /// <summary>An external entity pointing at a local file: its content must never show up anywhere.</summary>
    public const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE iati-activities [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <iati-activities version="2.01"><iati-activity><iati-identifier>XXE-1</iati-identifier><title><narrative>&xxe;</narrative></title></iati-activity></iati-activities>
        """;

    /// <summary>What /etc/passwd always contains: if this appears, the entity was resolved.</summary>
    public const string PasswdMarker = "root:x:0:0";
}
