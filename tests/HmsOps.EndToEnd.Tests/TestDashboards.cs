using HmsOps.Tests.Shared;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// A dashboards folder for the console under test: the repository's dashboards (the radar among them), the
/// Grafana-exported fixture read from the shared fixtures (not copied into the repository), and one of the tests' own.
/// </summary>
public static class TestDashboards
{
    public const string GrafanaFixture = "/work/shared/fixtures/grafana/aspnetcore.json";

    /// <summary>A table of request rate by service, filtered by a single-value service variable.</summary>
    public const string ServiceTable = """
        {
          "uid": "e2e-service-table", "title": "E2E service table", "time": { "from": "now-5m", "to": "now" }, "refresh": "5s",
          "templating": { "list": [
            { "type": "query", "name": "service", "label": "Service", "query": "label_values(hms_http_requests_total, service)", "sort": 1 } ] },
          "panels": [
            { "type": "table", "title": "Rate by service", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 8 },
              "targets": [ { "refId": "A", "expr": "sum by (service) (rate(hms_http_requests_total{service=~\"$service\"}[1m]))", "instant": true } ] } ]
        }
        """;

    /// <summary>A gauge and a bar gauge over the demo services' request counters.</summary>
    public const string Gauges = """
        {
          "uid": "e2e-gauges", "title": "E2E gauges", "time": { "from": "now-5m", "to": "now" }, "refresh": "5s",
          "panels": [
            { "type": "gauge", "title": "Series gauge", "gridPos": { "x": 0, "y": 0, "w": 6, "h": 8 },
              "fieldConfig": { "defaults": { "min": 0, "max": 1000, "thresholds": { "mode": "absolute", "steps": [ { "color": "green", "value": null }, { "color": "red", "value": 800 } ] } } },
              "targets": [ { "refId": "A", "expr": "count(hms_http_requests_total)" } ] },
            { "type": "bargauge", "title": "Series by service", "gridPos": { "x": 6, "y": 0, "w": 12, "h": 8 },
              "fieldConfig": { "defaults": { "min": 0, "max": 100 } },
              "targets": [ { "refId": "A", "expr": "count by (service) (hms_http_requests_total)", "legendFormat": "{{service}}" } ] } ]
        }
        """;

    public static string CreateFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hmsops-e2e-dashboards-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(ConsoleProcess.RepositoryRoot, "dashboards"), "*.json"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        File.Copy(GrafanaFixture, Path.Combine(folder, "aspnetcore.json"));
        File.WriteAllText(Path.Combine(folder, "e2e-service-table.json"), ServiceTable);
        File.WriteAllText(Path.Combine(folder, "e2e-gauges.json"), Gauges);
        File.WriteAllText(Path.Combine(folder, "broken.json"), """{ "uid": "broken", "title": "Broken", "panels": [ { "type": "stat", "gridPos": { "w": 30 } } ] }""");
        return folder;
    }
}
