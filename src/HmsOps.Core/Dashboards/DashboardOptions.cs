namespace HmsOps.Core.Dashboards;

/// <summary>Dashboards from Grafana JSON files. Section <c>Dashboards</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboards";

    /// <summary>The folder of <c>*.json</c> dashboards, relative to the content root unless absolute.</summary>
    public string Path { get; set; } = "dashboards";

    /// <summary>Files beyond this many (in name order) are listed as skipped, not read.</summary>
    public int MaxFiles { get; set; } = 500;

    /// <summary>A larger file is listed with an error instead of being read.</summary>
    public int MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Changes are read this long after the last file event, so an editor's several writes load once.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A full rescan at this interval catches changes the file watcher missed (network drives, overflow).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The scrape interval behind $__rate_interval and the minimum $__interval (Grafana's Prometheus default).</summary>
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Points per panel when the panel sets no maxDataPoints (Grafana uses the panel's pixel width).</summary>
    public int DefaultMaxDataPoints { get; set; } = 1000;

    /// <summary>Most values a query variable offers; more are cut off.</summary>
    public int MaxVariableValues { get; set; } = 1000;

    /// <summary>Most panels a dashboard may draw after repeats; repeats beyond are not drawn and the page says so.</summary>
    public int MaxPanels { get; set; } = 200;
}
