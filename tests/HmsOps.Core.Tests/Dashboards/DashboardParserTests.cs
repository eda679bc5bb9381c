using HmsOps.Core.Dashboards;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class DashboardParserTests
{
    private const string FixturePath = "/work/shared/fixtures/grafana/aspnetcore.json";

    private static Dashboard Fixture() => DashboardParser.Parse(File.ReadAllText(FixturePath), "aspnetcore.json");

    [Fact]
    public void The_exported_aspnetcore_dashboard_reads_with_its_ten_panels_and_two_variables()
    {
        var dashboard = Fixture();

        Assert.Equal("KdDACDp4z", dashboard.Uid);
        Assert.Equal("ASP.NET Core", dashboard.Title);
        Assert.Equal(("now-5m", "now"), (dashboard.TimeFrom, dashboard.TimeTo));
        Assert.Equal(TimeSpan.FromSeconds(10), dashboard.Refresh);
        Assert.Equal(10, dashboard.Panels.Count);
        Assert.Equal(["timeseries", "timeseries", "timeseries", "timeseries", "stat", "stat", "stat", "stat", "table", "table"],
            dashboard.Panels.Select(p => p.Type));
        Assert.Equal(["job", "instance"], dashboard.Variables.Select(v => v.Name));
        var job = dashboard.Variables[0];
        Assert.Equal(VariableKind.Query, job.Kind);
        Assert.Equal("label_values(http_server_active_requests,job)", job.Query);
        Assert.True(job.Multi);
        Assert.True(job.IncludeAll);
        Assert.Equal(".*", job.AllValue);
    }

    [Fact]
    public void Panel_fields_carry_grid_targets_thresholds_and_calculations()
    {
        var dashboard = Fixture();

        var duration = dashboard.Panels[0];
        Assert.Equal("Requests Duration", duration.Title);
        Assert.Equal(new GridPos(0, 0, 12, 9), duration.GridPos);
        Assert.Equal(7, duration.Targets.Count);
        Assert.StartsWith("histogram_quantile(0.50, sum(rate(http_server_request_duration_seconds_bucket{job=~\"$job\"", duration.Targets[0].Expr, StringComparison.Ordinal);
        Assert.Equal("p50", duration.Targets[0].LegendFormat);

        var total = dashboard.Panels.Single(p => p.Title == "Total Requests");
        Assert.Equal(["lastNotNull"], total.Calcs);
        Assert.Equal(ThresholdsMode.Absolute, total.Defaults.Thresholds!.Mode);
        Assert.Equal([new ThresholdStep("green", null), new ThresholdStep("red", 80)], total.Defaults.Thresholds.Steps);
        Assert.Equal(["max"], dashboard.Panels.Single(p => p.Title == "Requests Secured").Calcs);
    }

    [Fact]
    public void Rows_are_flattened_and_a_repeated_row_repeats_its_panels_collapsed_or_not()
    {
        var dashboard = DashboardParser.Parse("""
            { "uid": "r", "title": "Rows", "panels": [
              { "type": "stat", "title": "top", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 3 } },
              { "type": "row", "title": "per $service", "repeat": "service", "collapsed": false, "panels": [] },
              { "type": "stat", "title": "p95", "gridPos": { "x": 0, "y": 4, "w": 6, "h": 3 } },
              { "type": "row", "title": "collapsed", "collapsed": true, "panels": [
                { "type": "graph", "title": "old graph", "gridPos": { "x": 0, "y": 9, "w": 12, "h": 6 } } ] }
            ] }
            """, "rows.json");

        Assert.Equal(["top", "p95", "old graph"], dashboard.Panels.Select(p => p.Title));
        Assert.Null(dashboard.Panels[0].Repeat);
        Assert.Equal("service", dashboard.Panels[1].Repeat!.Variable);
        Assert.True(dashboard.Panels[1].RepeatsWithRow);
        Assert.Null(dashboard.Panels[2].Repeat);
        Assert.Equal("timeseries", dashboard.Panels[2].Type);
    }

    [Fact]
    public void Unknown_panel_types_are_kept_with_their_type()
    {
        var dashboard = DashboardParser.Parse("""{ "uid": "u", "title": "U", "panels": [ { "type": "piechart", "title": "pie" } ] }""", "u.json");

        Assert.Equal("piechart", dashboard.Panels[0].Type);
        Assert.False(dashboard.Panels[0].IsKnownType);
    }

    [Fact]
    public void Custom_and_constant_variables_read_their_options_and_selection()
    {
        var dashboard = DashboardParser.Parse("""
            { "uid": "v", "title": "V", "templating": { "list": [
              { "type": "custom", "name": "env", "query": "prod, staging : stg,dev", "multi": true, "includeAll": true,
                "current": { "text": ["prod", "stg"], "value": ["prod", "stg"] } },
              { "type": "constant", "name": "cluster", "query": "eu-1", "hide": 2 },
              { "type": "datasource", "name": "DS", "query": "prometheus" }
            ] } }
            """, "v.json");

        Assert.Equal(["env", "cluster"], dashboard.Variables.Select(v => v.Name));
        Assert.Equal([new VariableOption("prod", "prod"), new VariableOption("staging", "stg"), new VariableOption("dev", "dev")], dashboard.Variables[0].Options);
        Assert.Equal(["prod", "stg"], dashboard.Variables[0].Current);
        Assert.Equal(VariableKind.Constant, dashboard.Variables[1].Kind);
        Assert.Equal(["eu-1"], dashboard.Variables[1].Current);
        Assert.True(dashboard.Variables[1].Hidden);
    }

    [Theory]
    [InlineData("""{ "uid": "x", "title": "X", "panels": [ { "type": "stat", "gridPos": { "x": 20, "y": 0, "w": 8, "h": 4 } } ] }""", "$.panels[0].gridPos.w: x 20 + w 8 is wider than the 24 columns")]
    [InlineData("""{ "uid": "x", "title": "X", "panels": [ { "type": "stat", "gridPos": { "x": "left" } } ] }""", "$.panels[0].gridPos.x: expected a number")]
    [InlineData("""{ "uid": "x", "panels": [] }""", "$: title is missing")]
    [InlineData("""{ "uid": "x", "title": "X", "time": { "from": "yesterday", "to": "now" } }""", "$.time.from: 'yesterday' is not a time like now-1h or an ISO date")]
    [InlineData("""{ "uid": "x", "title": "X", "refresh": "often" }""", "$.refresh: 'often' is not a refresh interval like 10s or 1m")]
    [InlineData("""{ "uid": "x", "title": "X", "templating": { "list": [ { "type": "adhoc", "name": "f" } ] } }""", "$.templating.list[0].type: variable type 'adhoc' is not supported (query, custom, constant, textbox, interval)")]
    [InlineData("""{ "uid": "x", "title": "X", "panels": [ { "type": "stat", "options": { "reduceOptions": { "calcs": ["p42"] } } } ] }""", "$.panels[0].options.reduceOptions.calcs: calculation 'p42' is not supported")]
    [InlineData("""{ "uid": "x", "title": "X", "panels": [ { "type": "stat", "fieldConfig": { "defaults": { "thresholds": { "mode": "relative", "steps": [] } } } } ] }""", "$.panels[0].fieldConfig.defaults.thresholds.mode: 'relative' is not absolute or percentage")]
    [InlineData("""{ "uid": "x", "title": "X", "panels": [ { "title": "no type" } ] }""", "$.panels[0]: a panel needs a type")]
    [InlineData("""[1, 2]""", "$: expected a dashboard object")]
    [InlineData("""{ "uid": "x", "title": "X", """, "$ (line 1): not valid JSON")]
    public void A_bad_file_fails_naming_the_json_path_and_the_reason(string json, string expected)
    {
        var error = Assert.Throws<DashboardFormatException>(() => DashboardParser.Parse(json, "bad.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dashboard_without_a_uid_takes_its_file_name()
    {
        Assert.Equal("my-board", DashboardParser.Parse("""{ "title": "T" }""", "my-board.json").Uid);
    }

    [Fact]
    public void Text_panel_content_and_panel_extension_are_read()
    {
        var dashboard = DashboardParser.Parse("""
            { "uid": "t", "title": "T", "panels": [
              { "type": "text", "options": { "mode": "markdown", "content": "# Hello" } },
              { "type": "stat", "hmsOps": { "threshold": "latencyP95" }, "repeat": "service", "repeatDirection": "v", "maxPerRow": 3 } ] }
            """, "t.json");

        Assert.Equal("# Hello", dashboard.Panels[0].Content);
        Assert.Equal("latencyP95", dashboard.Panels[1].ThresholdKey);
        Assert.Equal(new PanelRepeat("service", RepeatDirection.Vertical, 3), dashboard.Panels[1].Repeat);
        Assert.False(dashboard.Panels[1].RepeatsWithRow);
    }
}
