using System.Net;
using System.Net.Sockets;
using DecentWork.Cooperation;
using DecentWork.Data;
using DecentWork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;

namespace DecentWork.Tests.Cooperation;

/// <summary>Own application per test: SMTP settings are per host, and the mail count must be this test's alone.</summary>
public class NotificationTests
{
    public static TheoryData<string> Engines => Apps.Engines;

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [SkippableTheory, MemberData(nameof(Engines))]
    public async Task Each_event_notifies_and_mails_each_recipient_once_and_a_restart_repeats_nothing(string engine)
    {
        if (engine == "postgres") Skip.If(TestApp.PostgresServer is null, "PostgreSQL not available here: set DWX_TEST_POSTGRES");
        var port = FreePort();
        using var smtp = SimpleSmtpServer.Start(port);
        var settings = new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = port.ToString(), ["Smtp:From"] = "dwx@example.org", ["Smtp:Security"] = "None" };
        var app = new TestApp(engine, settings: settings);
        try
        {
            var d = await CoopDriver.CreateAsync(app);
            var follower = await app.CreateUserAsync("Contributor");
            var followerClient = app.ClientFor(follower);
            // Following the broader theme reaches requests on pension insurance; following the country too must not double it.
            await d.PostAsync(followerClient, "/api/v1/follows", new { kind = "theme", target = "social-protection" }, 201);
            await d.PostAsync(followerClient, "/api/v1/follows", new { kind = "country", target = "KHM" }, 201);

            var (request, _, exchange) = await d.ExchangeAsync();
            await d.PostAsync(followerClient, "/api/v1/follows", new { kind = "request", target = request.ToString() }, 201);
            await d.PostAsync(d.Requester, $"/api/v1/exchanges/{exchange}/start", null, 200);
            await d.PostAsync(d.Requester, $"/api/v1/exchanges/{exchange}/outcome", new { outcome = "Adopted.", language = "en", rating = 5 }, 200);
            await app.Service<CooperationNotifier>().DrainAsync();

            // In-app: the follower heard of the new request (once) and, following it, of the outcome.
            var mine = await (await followerClient.GetAsync("/api/v1/notifications")).JsonAsync();
            var kinds = mine["items"]!.AsArray().Where(n => (int)n!["requestId"]! == request).Select(n => (string)n!["kind"]!).Order().ToList();
            Assert.Equal(["OutcomeReported", "RequestPosted"], kinds);
            var requesterKinds = (await (await d.Requester.GetAsync("/api/v1/notifications")).JsonAsync())["items"]!.AsArray()
                .Where(n => (int)n!["requestId"]! == request).Select(n => (string)n!["kind"]!).Order().ToList();
            Assert.Equal(["ExchangeCreated", "MatchConfirmed", "OutcomeReported"], requesterKinds);

            int notifications;
            await using (var scope = app.Services.CreateAsyncScope())
                notifications = await scope.ServiceProvider.GetRequiredService<AppDb>().Notifications.CountAsync();
            Assert.Equal(notifications, smtp.ReceivedEmailCount);
            var pairs = smtp.ReceivedEmail.Select(m => (m.Headers["X-DWX-Event"], m.ToAddresses[0].Address)).ToList();
            Assert.Equal(pairs.Count, pairs.Distinct().Count());
            Assert.Contains(smtp.ReceivedEmail, m => m.ToAddresses[0].Address == follower.Email && m.Headers["Subject"]!.Contains("pension", StringComparison.OrdinalIgnoreCase));

            // A crash after the fan-out but before the events were marked, then a restart: nothing is repeated.
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<AppDb>().CoopEvents.ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, (DateTime?)null));
            app = app.Restart(settings);
            await app.Service<CooperationNotifier>().DrainAsync();
            await app.Service<CooperationNotifier>().DrainAsync();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                Assert.Equal(notifications, await db.Notifications.CountAsync());
                Assert.Equal(0, await db.CoopEvents.CountAsync(e => e.ProcessedAt == null));
            }
            Assert.Equal(notifications, smtp.ReceivedEmailCount);

            // Reading one marks it read for that user only.
            var first = (long)mine["items"]!.AsArray()[0]!["id"]!;
            var client = app.ClientFor(follower);
            await (await client.PostAsync($"/api/v1/notifications/{first}/read", null)).Expect(200);
            await (await app.ClientFor(d.RequesterUser).PostAsync($"/api/v1/notifications/{first}/read", null)).Expect(404);
            Assert.Single((await (await client.GetAsync("/api/v1/notifications?unread=true")).JsonAsync())["items"]!.AsArray());
        }
        finally { app.Dispose(); }
    }
}
