using System.Text.Json;
using DecentWork.Practices;

namespace DecentWork.OpenData;

/// <summary>Writes a row's JSON Lines record straight from its stored snapshots: the bytes <see cref="SnapshotView"/>
/// vouches for are copied, the rest written property by property in <see cref="ExportRecord"/>'s order with the
/// serializer's rules (nulls left out, same encoder), so the line is the one serializing
/// <see cref="ExportRecords.From"/> gives — which is what it falls back to when a snapshot is not in canonical form.</summary>
internal sealed class ExportJson(bool publicOnly)
{
    private readonly List<SnapshotView> _views = [];
    private readonly SnapshotView _working = new();

    /// <summary>Writes the record, or nothing and false when one of its snapshots must go through the serializer.</summary>
    public bool TryWrite(Utf8JsonWriter w, ExportRow row, IReadOnlyDictionary<int, ExportOrganisation> orgs)
    {
        var p = row.Practice;
        RevisionRow? published = null;
        foreach (var r in row.Revisions) if (r.Id == p.PublishedRevisionId) { published = r; break; }
        if (publicOnly && published is null) return false;

        // The revisions in the record (the reader gives them in number order) and the content: the published one's for
        // the public, the working copy for an editor.
        SnapshotView? content = null;
        var count = 0;
        foreach (var r in row.Revisions)
        {
            if (publicOnly && r.Number > published!.Number) continue;
            if (_views.Count == count) _views.Add(new SnapshotView());
            var view = _views[count++];
            if (!view.TryRead(r.Snapshot)) return false;
            if (publicOnly && r == published) content = view;
        }
        if (!publicOnly)
        {
            if (!_working.TryRead(JsonSerializer.SerializeToUtf8Bytes(PracticeContent.From(p), PracticeContent.Json))) return false;
            content = _working;
        }
        var c = content!;

        w.WriteStartObject();
        w.WriteNumber(N.Id, p.Id);
        Raw(w, N.Language, c, c.Language);
        TextPart? original = null;
        foreach (var t in c.TextParts) if (SameLanguage(t.Language, c.LanguageText)) { original = t; break; }
        if (original is { } o)
        {
            Raw(w, N.Title, c, o.Title);
            Raw(w, N.Summary, c, o.Summary);
            Raw(w, N.Sections, c, o.Sections);
        }
        else
        {
            w.WriteString(N.Title, "");
            w.WriteString(N.Summary, "");
            w.WriteStartObject(N.Sections);
            w.WriteEndObject();
        }
        Raw(w, N.Countries, c, c.Countries);
        Raw(w, N.Themes, c, c.Themes);
        Raw(w, N.Pillars, c, c.Pillars);
        Raw(w, N.SdgTargets, c, c.SdgTargets);
        Raw(w, N.Standards, c, c.Standards);
        w.WriteStartArray(N.Organisations);
        foreach (var org in c.Orgs) Organisation(w, c, org, orgs);
        w.WriteEndArray();
        if (!c.Period.IsEmpty) Raw(w, N.Period, c, c.Period);
        if (!c.Scale.IsEmpty) Raw(w, N.Scale, c, c.Scale);
        Raw(w, N.Licence, c, c.Licence);
        Raw(w, N.Indicators, c, c.Indicators);
        Raw(w, N.Sources, c, c.Sources);

        w.WriteStartArray(N.Translations);
        foreach (var t in c.TextParts)
        {
            if (t.Language == c.LanguageText) continue;
            PracticeText? text = null;
            foreach (var x in p.Texts) if (x.Language == t.Language) { text = x; break; }
            w.WriteStartObject();
            w.WriteString(N.Language, t.Language);
            Raw(w, N.Title, c, t.Title);
            Raw(w, N.Summary, c, t.Summary);
            Raw(w, N.Sections, c, t.Sections);
            if (publicOnly) w.WriteString(N.Status, N.Published);
            else if (text is not null) w.WriteString(N.Status, text.Status.ToString());
            if (text?.AuthorName is { } author) w.WriteString(N.AuthorName, author);
            if (!publicOnly && text is not null) w.WriteString(N.UpdatedAt, text.UpdatedAt);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray(N.Endorsements);
        foreach (var e in p.Endorsements)
        {
            w.WriteStartObject();
            w.WriteNumber(N.Id, e.OrganisationId);
            if (orgs.GetValueOrDefault(e.OrganisationId) is { } eo)
            {
                String(w, N.Key, eo.Key);
                String(w, N.Name, eo.Name);
                String(w, N.Group, eo.Group);
                String(w, N.Country, eo.Country);
            }
            if (e.Statement is { } statement) w.WriteString(N.Statement, statement);
            if (e.StatementLanguage is { } language) w.WriteString(N.StatementLanguage, language);
            w.WriteString(N.CreatedAt, e.CreatedAt);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (publicOnly) w.WriteString(N.Status, p.Status == PracticeStatus.Archived ? N.Archived : N.Published);
        else w.WriteString(N.Status, p.Status.ToString());
        w.WriteBoolean(N.IsSample, p.IsSample);
        w.WriteString(N.CreatedAt, p.CreatedAt);
        w.WriteString(N.UpdatedAt, publicOnly && p.PublishedAt is { } at ? at : p.UpdatedAt);
        if (p.PublishedAt is { } publishedAt) w.WriteString(N.PublishedAt, publishedAt);
        if (published is not null) w.WriteNumber(N.PublishedRevision, published.Number);

        w.WriteStartArray(N.Revisions);
        var i = 0;
        foreach (var r in row.Revisions)
        {
            if (publicOnly && r.Number > published!.Number) continue;
            w.WriteStartObject();
            w.WriteNumber(N.Number, r.Number);
            w.WriteString(N.CreatedAt, r.CreatedAt);
            if (r.UserName is { } user) w.WriteString(N.UserName, user);
            if (r.Note is { } note) w.WriteString(N.Note, note);
            if (r.ChangedFields is { } changed) w.WriteString(N.ChangedFields, changed);
            w.WritePropertyName(N.Snapshot);
            Snapshot(w, _views[i++], orgs);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return true;
    }

    /// <summary>The content's language lookup as its dictionary does it: a deserialized snapshot's SortedDictionary has
    /// the default comparer, the working copy's the ordinal one.</summary>
    private bool SameLanguage(string a, string b) => publicOnly ? SnapshotView.LanguageOrder(a, b) == 0 : a == b;

    /// <summary>The snapshot with each organisation's key added (<c>WithKeys</c>).</summary>
    private static void Snapshot(Utf8JsonWriter w, SnapshotView s, IReadOnlyDictionary<int, ExportOrganisation> orgs)
    {
        w.WriteStartObject();
        Raw(w, N.Language, s, s.Language);
        Raw(w, N.Texts, s, s.Texts);
        Raw(w, N.Countries, s, s.Countries);
        Raw(w, N.Themes, s, s.Themes);
        Raw(w, N.Pillars, s, s.Pillars);
        Raw(w, N.SdgTargets, s, s.SdgTargets);
        Raw(w, N.Standards, s, s.Standards);
        w.WriteStartArray(N.Organisations);
        foreach (var o in s.Orgs)
        {
            w.WriteStartObject();
            w.WriteNumber(N.Id, o.Id);
            if (!o.Role.IsEmpty) Raw(w, N.Role, s, o.Role);
            String(w, N.Key, orgs.GetValueOrDefault(o.Id)?.Key);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (!s.Period.IsEmpty) Raw(w, N.Period, s, s.Period);
        if (!s.Scale.IsEmpty) Raw(w, N.Scale, s, s.Scale);
        Raw(w, N.Licence, s, s.Licence);
        Raw(w, N.Indicators, s, s.Indicators);
        Raw(w, N.Sources, s, s.Sources);
        w.WriteEndObject();
    }

    /// <summary>An <see cref="OrganisationRecord"/>: the organisation's values, or its id alone when it is unknown.</summary>
    private static void Organisation(Utf8JsonWriter w, SnapshotView s, OrgPart org, IReadOnlyDictionary<int, ExportOrganisation> orgs)
    {
        w.WriteStartObject();
        w.WriteNumber(N.Id, org.Id);
        var o = orgs.GetValueOrDefault(org.Id);
        if (o is not null)
        {
            String(w, N.Key, o.Key);
            String(w, N.Name, o.Name);
            String(w, N.Acronym, o.Acronym);
            String(w, N.Group, o.Group);
            String(w, N.Country, o.Country);
        }
        if (!org.Role.IsEmpty) Raw(w, N.Role, s, org.Role);
        if (o is not null)
        {
            String(w, N.NameFr, o.NameFr);
            String(w, N.NameEs, o.NameEs);
            String(w, N.NameZh, o.NameZh);
        }
        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, JsonEncodedText name, SnapshotView s, Part part)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(s[part], skipInputValidation: true);
    }

    private static void String(Utf8JsonWriter w, JsonEncodedText name, JsonEncodedText? value)
    {
        if (value is { } v) w.WriteString(name, v);
    }

    /// <summary>The property names of <see cref="ExportRecord"/> and the records in it, as the serializer writes them.</summary>
    private static class N
    {
        public static readonly JsonEncodedText Id = E("id"), Language = E("language"), Title = E("title"), Summary = E("summary"),
            Sections = E("sections"), Texts = E("texts"), Countries = E("countries"), Themes = E("themes"), Pillars = E("pillars"),
            SdgTargets = E("sdgTargets"), Standards = E("standards"), Organisations = E("organisations"), Period = E("period"),
            Scale = E("scale"), Licence = E("licence"), Indicators = E("indicators"), Sources = E("sources"),
            Translations = E("translations"), Endorsements = E("endorsements"), Status = E("status"), IsSample = E("isSample"),
            CreatedAt = E("createdAt"), UpdatedAt = E("updatedAt"), PublishedAt = E("publishedAt"), PublishedRevision = E("publishedRevision"),
            Revisions = E("revisions"), Number = E("number"), UserName = E("userName"), Note = E("note"), ChangedFields = E("changedFields"),
            Snapshot = E("snapshot"), AuthorName = E("authorName"), Key = E("key"), Name = E("name"), Acronym = E("acronym"),
            Group = E("group"), Country = E("country"), Role = E("role"), NameFr = E("nameFr"), NameEs = E("nameEs"), NameZh = E("nameZh"),
            Statement = E("statement"), StatementLanguage = E("statementLanguage"), Published = E("Published"), Archived = E("Archived");

        private static JsonEncodedText E(string s) => JsonEncodedText.Encode(s);
    }
}
