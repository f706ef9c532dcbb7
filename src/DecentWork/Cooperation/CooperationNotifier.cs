using System.Globalization;
using DecentWork.Accounts;
using DecentWork.Data;
using DecentWork.Search;
using DecentWork.Shared;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DecentWork.Cooperation;

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? From { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>Auto: STARTTLS when the server offers it (port 25/587), TLS on 465.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    /// <summary>The site's address for links in mails (e.g. https://dwx.example.org); links are relative without it.</summary>
    public string? SiteUrl { get; set; }
    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>Turns cooperation events into notifications and e-mails. Each event is fanned out to its recipients and
/// marked processed; notifications are unique per (user, event), so re-processing an event (a crash before the mark, a
/// second node) adds nothing. A mail is claimed by inserting its delivery row (unique per notification) before it is
/// sent, so it goes out at most once; a failed send is retried up to <see cref="MaxAttempts"/> times.</summary>
public sealed class CooperationNotifier(IServiceScopeFactory scopes, IOptions<SmtpOptions> smtp, SearchVocabulary vocabulary,
    TimeProvider clock, ILogger<CooperationNotifier> log)
{
    public const int MaxAttempts = 3;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Nudge()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    internal async Task SleepAsync(TimeSpan poll, CancellationToken ct)
    {
        try { await _wake.WaitAsync(poll, ct); } catch (OperationCanceledException) { }
    }

    /// <summary>Processes every pending event and sends every pending mail; returns the number of mails sent.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            while (await FanOutAsync(db, ct) > 0) { }
            return smtp.Value.Enabled ? await SendAsync(db, scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), ct) : 0;
        }
        finally { _gate.Release(); }
    }

    private async Task<int> FanOutAsync(AppDb db, CancellationToken ct)
    {
        var events = await db.CoopEvents.Where(e => e.ProcessedAt == null).OrderBy(e => e.Id).Take(50).ToListAsync(ct);
        if (events.Count == 0) return 0;
        var v = await vocabulary.GetAsync(ct);
        foreach (var ev in events)
        {
            var r = await db.CooperationRequests.AsNoTracking().Include(x => x.Themes).FirstOrDefaultAsync(x => x.Id == ev.RequestId, ct);
            // Recipients as of the event, not as of its processing: processing it again later (after a crash) must
            // reach the same people, or a later follower would get old news.
            var users = new HashSet<string>(StringComparer.Ordinal);
            if (r is not null)
            {
                var requestId = r.Id.ToString(CultureInfo.InvariantCulture);
                if (ev.Kind == CoopEventKind.RequestPosted)
                {
                    // A follower of a broad theme hears of requests on the narrower ones under it.
                    var themes = r.Themes.SelectMany(t => v.WithAncestors(t.ConceptId)).Distinct().ToList();
                    var org = r.OrganisationId.ToString(CultureInfo.InvariantCulture);
                    users.UnionWith(await db.Follows.Where(f => f.CreatedAt <= ev.At).Where(f => (f.Kind == FollowKind.Theme && themes.Contains(f.Target))
                        || (f.Kind == FollowKind.Country && f.Target == r.CountryCode) || (f.Kind == FollowKind.Organisation && f.Target == org))
                        .Select(f => f.UserId).ToListAsync(ct));
                    if (r.CreatedById is not null) users.Remove(r.CreatedById);
                }
                else
                {
                    var orgs = new List<int> { r.OrganisationId };
                    if (ev.MatchId is { } mid) orgs.AddRange(await db.Matches.Where(m => m.Id == mid).Select(m => m.ProvidingOrganisationId).ToListAsync(ct));
                    users.UnionWith(await db.Users.Where(u => u.OrganisationId != null && orgs.Contains(u.OrganisationId.Value)).Select(u => u.Id).ToListAsync(ct));
                    users.UnionWith(await db.Follows.Where(f => f.Kind == FollowKind.Request && f.Target == requestId && f.CreatedAt <= ev.At).Select(f => f.UserId).ToListAsync(ct));
                }
            }
            var key = "event:" + ev.Id.ToString(CultureInfo.InvariantCulture);
            var already = await db.Notifications.Where(n => n.EventKey == key).Select(n => n.UserId).ToListAsync(ct);
            foreach (var u in users.Except(already))
                db.Notifications.Add(new Notification { UserId = u, EventKey = key, Kind = ev.Kind, RequestId = ev.RequestId, ExchangeId = ev.ExchangeId, Subject = r?.Title ?? "", CreatedAt = ev.At });
            ev.ProcessedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node fanned the same event out between our read and our write: its rows stand.
                db.ChangeTracker.Clear();
                await db.CoopEvents.Where(e => e.Id == ev.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, clock.GetUtcNow().UtcDateTime), ct);
            }
        }
        db.ChangeTracker.Clear();
        return events.Count;
    }

    private async Task<int> SendAsync(AppDb db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var o = smtp.Value;
        // Only recent notifications: configuring SMTP later must not mail out the whole history.
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-2);
        var pending = await db.Notifications.AsNoTracking()
            .Where(n => n.CreatedAt >= since && !db.MailDeliveries.Any(d => d.NotificationId == n.Id && (d.Status != DeliveryStatus.Failed || d.Attempts >= MaxAttempts)))
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { n, u.Email, u.PreferredLanguage })
            .Where(x => x.Email != null).OrderBy(x => x.n.Id).Take(200).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        var sent = 0;
        using var client = new SmtpClient();
        foreach (var p in pending)
        {
            var d = await db.MailDeliveries.FirstOrDefaultAsync(x => x.NotificationId == p.n.Id, ct);
            if (d is null)
            {
                d = new MailDelivery { NotificationId = p.n.Id, To = p.Email!, Status = DeliveryStatus.Sending };
                db.MailDeliveries.Add(d);
            }
            else d.Status = DeliveryStatus.Sending;
            d.Attempts++;
            d.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); continue; } // claimed by another node
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(o.Host, o.Port, o.Security, ct);
                    if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
                }
                await client.SendAsync(Message(o, p.n, p.Email!, Languages.Normalize(p.PreferredLanguage) ?? Languages.Default, t), ct);
                d.Status = DeliveryStatus.Sent;
                d.Error = null;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Mail for notification {Id} not sent", p.n.Id);
                d.Status = DeliveryStatus.Failed;
                d.Error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            }
            d.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        return sent;
    }

    private static MimeMessage Message(SmtpOptions o, Notification n, string to, string lang, IStringLocalizer t)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(lang);
        try
        {
            var link = $"{o.SiteUrl?.TrimEnd('/')}/{lang}/cooperation/requests/{n.RequestId}";
            var m = new MimeMessage();
            m.From.Add(MailboxAddress.Parse(o.From));
            m.To.Add(MailboxAddress.Parse(to));
            m.Subject = t["Coop.Notify." + n.Kind, n.Subject];
            m.Body = new TextPart("plain") { Text = $"{t["Coop.Notify." + n.Kind, n.Subject]}\n\n{link}\n\n{t["Coop.Mail.Footer"]}\n" };
            m.Headers.Add("X-DWX-Event", n.EventKey);
            return m;
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}

/// <summary>Runs the notifier when nudged by a write, and every minute in case a nudge was missed (another node's write).</summary>
public sealed class NotificationDispatcher(CooperationNotifier notifier, ILogger<NotificationDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await notifier.DrainAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) { log.LogError(e, "Notification dispatch failed; retrying"); }
            await notifier.SleepAsync(TimeSpan.FromMinutes(1), ct);
        }
    }
}
