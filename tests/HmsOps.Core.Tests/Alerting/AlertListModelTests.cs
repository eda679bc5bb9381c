using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.AlertList;
using HmsOps.Core.Runbooks;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Alerting;

public sealed class AlertListModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly RunbookCatalog Catalog = new(
        [new Runbook("ach_latency", "ach_latency.md", "ACH payment latency high", ["ACHLatencyHigh"], ["ach-svc"], "payments-oncall", "# ACH")],
        []);

    internal static ConsoleAlert Alert(string name, string? severity, string? service, AlertState state = AlertState.Firing,
        TimeSpan? activeFor = null, double? value = null, (string, string)[]? annotations = null, (string, string)[]? extraLabels = null)
    {
        var pairs = new List<(string, string)> { ("alertname", name) };
        if (severity is not null)
        {
            pairs.Add(("severity", severity));
        }
        if (service is not null)
        {
            pairs.Add(("service", service));
        }
        pairs.AddRange(extraLabels ?? []);
        var labels = LabelSet.From(pairs.ToArray());
        var activeAt = Now - (activeFor ?? TimeSpan.FromMinutes(10));
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.From(annotations ?? []), state, value, activeAt,
            state == AlertState.Firing ? activeAt.AddMinutes(3) : null,
            state == AlertState.Inactive ? Now.AddMinutes(-1) : null, Now, AlertOrigin.Rules, "rules/demo-fleet.yaml");
    }

    private static AlertListModel Create(IReadOnlyList<ConsoleAlert> alerts, AlertFilter? filter = null,
        Func<ConsoleAlert, AlertSuppressionState>? suppression = null) =>
        AlertListModel.Create(alerts, filter ?? AlertFilter.All, Now, suppression ?? (_ => AlertSuppressionState.None), Catalog.Resolve);

    [Fact]
    public void Alerts_are_grouped_by_severity_in_urgency_order_then_by_service()
    {
        var model = Create([
            Alert("Disk", "info", "api-gw"),
            Alert("Odd", "page-me", "api-gw"),
            Alert("Lat", "warning", "claims-api"),
            Alert("Err", "critical", "claims-api"),
            Alert("ACH", "critical", "ach-svc"),
            Alert("NoSvc", "critical", null),
            Alert("NoSeverity", null, "ach-svc"),
        ]);

        Assert.Equal(["critical", "warning", "info", "other"], model.Groups.Select(g => g.Severity));
        Assert.Equal(["ach-svc", "claims-api", AlertListModel.NoService], model.Groups[0].Services.Select(s => s.Service));
        Assert.Equal(["NoSeverity", "Odd"], model.Groups[3].Services.SelectMany(s => s.Rows).Select(r => r.Name).Order());
        Assert.Equal((7, 7), (model.Shown, model.Total));
    }

    [Fact]
    public void Within_a_service_firing_comes_before_pending_before_resolved_and_the_longest_active_first()
    {
        var model = Create([
            Alert("Resolved", "critical", "ach-svc", AlertState.Inactive, TimeSpan.FromHours(2)),
            Alert("PendingOld", "critical", "ach-svc", AlertState.Pending, TimeSpan.FromMinutes(2)),
            Alert("FiringNew", "critical", "ach-svc", AlertState.Firing, TimeSpan.FromMinutes(5)),
            Alert("FiringOld", "critical", "ach-svc", AlertState.Firing, TimeSpan.FromMinutes(50)),
        ]);

        Assert.Equal(["FiringOld", "FiringNew", "PendingOld", "Resolved"], model.Groups[0].Services[0].Rows.Select(r => r.Name));
    }

    [Fact]
    public void A_row_says_since_when_for_how_long_the_humanized_value_and_splits_labels_and_annotations()
    {
        var alert = Alert("ACHLatencyHigh", "critical", "ach-svc", activeFor: TimeSpan.FromMinutes(64).Add(TimeSpan.FromSeconds(5)),
            value: 6234.5, annotations: [("summary", "p95 6.2s"), ("runbook", "https://runbooks.gov/ops/ach_latency"), ("dashboard", "/dashboards/ach")]);

        var row = Create([alert]).Groups[0].Services[0].Rows[0];

        Assert.Equal("firing", row.StateName);
        Assert.Equal("1h 4m ago", row.SinceText);
        Assert.Equal("2026-11-25 10:55:55 UTC", row.SinceAbsolute);
        Assert.Equal("firing for 1h 1m", row.ForText);
        Assert.Equal("6.234k", row.ValueText);
        Assert.Equal(["service", "severity"], row.Labels.Select(l => l.Key));
        Assert.Equal([new KeyValuePair<string, string>("summary", "p95 6.2s")], row.MainAnnotations);
        Assert.Equal(["dashboard", "runbook"], row.OtherAnnotations.Select(a => a.Key));
        var local = Assert.IsType<RunbookResolution.Local>(row.Runbook);
        Assert.Equal("ach_latency", local.Runbook.Name);
    }

    [Fact]
    public void Runbook_url_is_used_when_there_is_no_runbook_annotation_and_no_annotation_is_missing()
    {
        var external = Alert("A", "critical", "x", annotations: [("runbook_url", "https://wiki.example.org/ops/unknown")]);
        var none = Alert("B", "critical", "x");
        var broken = Alert("C", "critical", "x", annotations: [("runbook", "runbooks/nope.md")]);

        var rows = Create([external, none, broken]).Groups[0].Services[0].Rows.ToDictionary(r => r.Name);

        Assert.Equal(new Uri("https://wiki.example.org/ops/unknown"), Assert.IsType<RunbookResolution.External>(rows["A"].Runbook).Url);
        Assert.Contains("no runbook annotation", Assert.IsType<RunbookResolution.Missing>(rows["B"].Runbook).Reason, StringComparison.Ordinal);
        Assert.Contains("nope.md", Assert.IsType<RunbookResolution.Missing>(rows["C"].Runbook).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_by_state_severity_service_and_acknowledgement()
    {
        var acked = Alert("Acked", "critical", "ach-svc") with { Acknowledged = new AlertAcknowledgement("ada", Now) };
        var alerts = new[]
        {
            acked,
            Alert("Open", "critical", "ach-svc"),
            Alert("Pending", "critical", "ach-svc", AlertState.Pending),
            Alert("Warn", "warning", "ach-svc"),
            Alert("Other", "critical", "api-gw"),
        };
        var filter = new AlertFilter
        {
            States = new HashSet<string> { "firing" },
            Severities = new HashSet<string> { "critical" },
            Services = new HashSet<string> { "ach-svc" },
        };

        Assert.Equal(["Acked", "Open"], Names(Create(alerts, filter)));
        Assert.Equal(["Open"], Names(Create(alerts, filter with { Ack = AckFilter.Unacknowledged })));
        Assert.Equal(["Acked"], Names(Create(alerts, filter with { Ack = AckFilter.Acknowledged })));
        Assert.Equal(["ach-svc", "api-gw"], Create(alerts, filter).Services);
    }

    [Fact]
    public void Silenced_and_inhibited_alerts_can_be_hidden()
    {
        var silenced = Alert("Silenced", "critical", "a");
        var inhibited = Alert("Inhibited", "critical", "a");
        var open = Alert("Open", "critical", "a");
        AlertSuppressionState Muted(ConsoleAlert a) =>
            a == silenced ? new(["s1"], []) : a == inhibited ? new([], ["f1"]) : AlertSuppressionState.None;

        Assert.Equal(3, Create([silenced, inhibited, open], suppression: Muted).Shown);
        var hidden = Create([silenced, inhibited, open], AlertFilter.All with { ShowSilenced = false }, Muted);
        Assert.Equal(["Open"], Names(hidden));
    }

    [Theory]
    [InlineData("achlat", "ACHLatencyHigh")]
    [InlineData("RAIL=FEDACH", "ACHLatencyHigh")]
    [InlineData("fedach", "ACHLatencyHigh")]
    [InlineData("disk almost", "DiskFull")]
    public void Search_looks_at_the_name_labels_and_annotations_ignoring_case(string text, string expected)
    {
        var alerts = new[]
        {
            Alert("ACHLatencyHigh", "critical", "ach-svc", extraLabels: [("rail", "fedach")]),
            Alert("DiskFull", "warning", "api-gw", annotations: [("description", "Disk almost full")]),
        };

        Assert.Equal([expected], Names(Create(alerts, AlertFilter.All with { Search = text })));
    }

    [Fact]
    public void The_filter_round_trips_through_the_url_query_and_ignores_unknown_values()
    {
        var query = new Dictionary<string, string>
        {
            ["state"] = "firing, bogus",
            ["severity"] = "Critical,warning",
            ["service"] = "ach-svc",
            ["ack"] = "unacknowledged",
            ["silenced"] = "hide",
            ["q"] = " rail ",
        };

        var filter = AlertFilter.FromQuery(query.GetValueOrDefault);

        Assert.Equal(["firing"], filter.States);
        Assert.Equal(["critical", "warning"], filter.Severities.Order());
        Assert.Equal((AckFilter.Unacknowledged, false, "rail"), (filter.Ack, filter.ShowSilenced, filter.Search));
        var written = filter.ToQuery();
        Assert.Equal("firing", written["state"]);
        Assert.Equal("critical,warning", written["severity"]);
        Assert.Equal(filter, AlertFilter.FromQuery(k => written.GetValueOrDefault(k)));
        Assert.True(AlertFilter.FromQuery(_ => null).IsDefault);
        Assert.All(AlertFilter.All.ToQuery().Values, Assert.Null);
    }

    private static List<string> Names(AlertListModel model) =>
        model.Groups.SelectMany(g => g.Services).SelectMany(s => s.Rows).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
}
