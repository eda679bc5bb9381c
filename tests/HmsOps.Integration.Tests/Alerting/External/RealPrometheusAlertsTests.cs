using System.Net.Http.Json;
using System.Text.Json;
using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Alerting.External.ConsoleAlertsClient;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>
/// The console with <c>Metrics:Source=Prometheus</c> between a real Prometheus 2.42 and a real Alertmanager 0.25:
/// an alert driven by a gauge the test controls fires and resolves, reaching the console both through Alertmanager's
/// webhook and through the poll of Prometheus's /api/v1/alerts, and is always one alert in the book.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class RealPrometheusAlertsTests : IAsyncLifetime
{
    private const string Metric = "hms_test_fault_active";
    private const string AlertName = "TestFaultActive";
    private const string Token = "webhook-test-token";

    private readonly LoopbackExporter _exporter = new(Metric);
    private readonly AlertmanagerProcess _alertmanager = new();
    private readonly PrometheusProcess _prometheus = new();
    private readonly string _prometheusDirectory = Path.Combine(Path.GetTempPath(), "hmsops-prom-alerts-" + Guid.NewGuid().ToString("N"));
    private ConsoleProcess _console = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Metrics:Source"] = "Prometheus",
            ["Metrics:Prometheus:BaseUrl"] = _prometheus.BaseUrl,
            ["Metrics:Prometheus:Timeout"] = "00:00:02",
            ["Alerting:Alertmanager:BearerToken"] = Token,
            ["Alerting:Prometheus:PollInterval"] = "00:00:01",
        });
        await _alertmanager.StartAsync($"""
            route:
              receiver: console
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: console
                webhook_configs:
                  - url: {_console.BaseUrl}/api/alertmanager/webhook
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: {Token}
            """);
        Directory.CreateDirectory(_prometheusDirectory);
        await File.WriteAllTextAsync(Path.Combine(_prometheusDirectory, "rules.yml"), $$$"""
            groups:
              - name: test
                interval: 1s
                rules:
                  - alert: {{{AlertName}}}
                    expr: {{{Metric}}} > 0
                    for: 2s
                    labels:
                      severity: critical
                      service: test-svc
                    annotations:
                      summary: "fault is {{ $value }}"
                      runbook: ach_latency
            """);
        await File.WriteAllTextAsync(Path.Combine(_prometheusDirectory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: [rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{_alertmanager.Port}']
            scrape_configs:
              - job_name: fault
                static_configs:
                  - targets: ['127.0.0.1:{_exporter.Port}']
            """);
        await StartPrometheusAsync();
        await _console.StartAndWaitUntilReadyAsync();
        _client = _console.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _console.DisposeAsync();
        await _prometheus.DisposeAsync();
        await _alertmanager.DisposeAsync();
        _exporter.Dispose();
        if (Directory.Exists(_prometheusDirectory))
        {
            Directory.Delete(_prometheusDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_firing_then_resolved_alert_reaches_the_console_through_both_paths_and_is_one_alert()
    {
        _exporter.Value = 1;

        // Firing, seen by the poller and delivered by Alertmanager.
        await UntilAsync(async () =>
        {
            var webhook = await SourceAsync(_client, "Alertmanager webhook");
            var poll = await SourceAsync(_client, "Prometheus");
            var alerts = Ours(await AlertsAsync(_client));
            return (webhook.FiringReceived > 0 && poll.FiringReceived > 0 && alerts.Count == 1 && alerts[0].State == "firing", alerts);
        }, "the alert firing in the console from both the webhook and the poll");
        var firing = Assert.Single(Ours(await AlertsAsync(_client)));
        Assert.Equal("critical", firing.Labels["severity"]);
        Assert.Equal("test-svc", firing.Labels["service"]);
        Assert.Equal("fault is 1", firing.Annotations["summary"]);
        Assert.NotNull(firing.FiredAt); // only the webhook says when it fired, so it was merged in
        Assert.Equal(AlertFingerprint.Of(LabelSet.From(firing.Labels)), firing.Fingerprint);
        Assert.Equal(firing.Fingerprint, await AlertmanagerFingerprintAsync());

        // Prometheus goes away: the console keeps the alert and says the source is stale.
        await _prometheus.DisposeAsync();
        var stale = await UntilAsync(async () =>
        {
            var poll = await SourceAsync(_client, "Prometheus");
            return (poll.Health == "stale", poll);
        }, "the Prometheus source marked stale");
        Assert.NotNull(stale.StaleSince);
        Assert.False(string.IsNullOrEmpty(stale.LastError));
        Assert.Equal("firing", Assert.Single(Ours(await AlertsAsync(_client))).State);
        // Back again, and firing again: a restarted Prometheus starts the alert afresh (pending, then firing), and
        // Alertmanager, which heard nothing during the outage, may or may not have resolved it meanwhile. Waiting for
        // both servers to hold it active makes the resolution below certain to travel both paths.
        await StartPrometheusAsync();
        await UntilAsync(async () =>
        {
            var poll = await SourceAsync(_client, "Prometheus");
            var alerts = Ours(await AlertsAsync(_client));
            var prometheus = await PrometheusStateAsync();
            var alertmanager = await AlertmanagerStateAsync();
            var done = poll.Health == "ok" && alerts is [{ State: "firing" }] && prometheus == "firing" && alertmanager == "active";
            return (done, $"poll {poll.Health}, console [{string.Join(", ", alerts.Select(a => a.State))}], prometheus {prometheus}, alertmanager {alertmanager}");
        }, "the alert firing again in Prometheus, Alertmanager and the console after Prometheus is back",
            // A cold Prometheus start plus a pending → firing cycle and Alertmanager's own resolve of the outage
            // take far longer on a loaded machine (the whole suite runs in parallel) than alone.
            TimeSpan.FromMinutes(3));

        // Resolved, through both paths.
        var webhookResolved = (await SourceAsync(_client, "Alertmanager webhook")).ResolvedReceived;
        var pollResolved = (await SourceAsync(_client, "Prometheus")).ResolvedReceived;
        _exporter.Value = 0;
        var resolved = await UntilAsync(async () =>
        {
            var webhook = await SourceAsync(_client, "Alertmanager webhook");
            var poll = await SourceAsync(_client, "Prometheus");
            var alerts = Ours(await AlertsAsync(_client));
            return (webhook.ResolvedReceived > webhookResolved && poll.ResolvedReceived > pollResolved
                && alerts.Count == 1 && alerts[0].State == "resolved", alerts);
        }, "the alert resolved in the console from both the webhook and the poll");
        Assert.Equal(firing.Fingerprint, Assert.Single(resolved).Fingerprint);
        Assert.NotNull(resolved[0].ResolvedAt);

        // Later polls and re-sends do not bring it back.
        var after = (await SourceAsync(_client, "Prometheus")).LastSuccessAt;
        await UntilAsync(async () => ((await SourceAsync(_client, "Prometheus")).LastSuccessAt > after?.AddSeconds(2), 0), "two more polls");
        Assert.Equal("resolved", Assert.Single(Ours(await AlertsAsync(_client))).State);
    }

    private async Task StartPrometheusAsync() =>
        await _prometheus.StartAsync(
        [
            $"--config.file={Path.Combine(_prometheusDirectory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(_prometheusDirectory, "data")}",
            "--rules.alert.resend-delay=1s",
        ], _prometheusDirectory);

    private static List<BookAlert> Ours(IReadOnlyList<BookAlert> alerts) => alerts.Where(a => a.Name == AlertName).ToList();

    /// <summary>The fingerprint Alertmanager itself gives the alert (its API v2).</summary>
    private async Task<string> AlertmanagerFingerprintAsync() =>
        (await AlertmanagerAlertAsync())?.GetProperty("fingerprint").GetString() ?? "(none)";

    /// <summary>Alertmanager's state of the alert (<c>active</c>, <c>suppressed</c>), or null when it has none.</summary>
    private async Task<string?> AlertmanagerStateAsync() =>
        (await AlertmanagerAlertAsync())?.GetProperty("status").GetProperty("state").GetString();

    private async Task<JsonElement?> AlertmanagerAlertAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_alertmanager.BaseUrl) };
        var alerts = await client.GetFromJsonAsync<JsonElement>($"/api/v2/alerts?filter=alertname%3D%22{AlertName}%22");
        return alerts.EnumerateArray().Select(a => (JsonElement?)a).SingleOrDefault();
    }

    /// <summary>Prometheus's own state of the alert (<c>pending</c>, <c>firing</c>), or null when it lists none.</summary>
    private async Task<string?> PrometheusStateAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_prometheus.BaseUrl) };
        var reply = await client.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        return reply.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() == AlertName)
            .Select(a => a.GetProperty("state").GetString())
            .SingleOrDefault();
    }

    private async Task<T> UntilAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what, TimeSpan? timeout = null)
    {
        try
        {
            return (await Poll.UntilAsync(probe, r => r.Done, what, timeout)).Value;
        }
        catch (TimeoutException e)
        {
            var console = string.Join('\n', _console.StandardOutput.TakeLast(15));
            throw new TimeoutException($"{e.Message}\nalertmanager:\n{_alertmanager.RecentLog}\nprometheus:\n{_prometheus.RecentLog}\nconsole:\n{console}", e);
        }
    }
}
