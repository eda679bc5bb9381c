using HmsOps.Console.PrometheusApi;
using HmsOps.Core.Dashboards;
using HmsOps.Core.Demo;
using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.Radar;
using HmsOps.Core.Storage;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>Every configuration error at once, each naming its key, so start-up fails with one clear message.</summary>
public sealed class OptionsValidators :
    IValidateOptions<IngestOptions>, IValidateOptions<MetricsOptions>, IValidateOptions<StorageOptions>,
    IValidateOptions<DemoOptions>, IValidateOptions<RadarOptions>, IValidateOptions<ConsoleOptions>,
    IValidateOptions<LiveOptions>, IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions o) => Result(
        (o.ApiKeys.Count == 0 || o.ApiKeys.Any(string.IsNullOrWhiteSpace), "Ingest:ApiKeys must list at least one non-empty key"),
        (o.MaxBodyBytes is < 1024 or > 1L << 30, "Ingest:MaxBodyBytes must be between 1024 and 1073741824"),
        (o.MaxEventsPerRequest < 1, "Ingest:MaxEventsPerRequest must be at least 1"),
        (o.MaxQueuedEvents < 1, "Ingest:MaxQueuedEvents must be at least 1"),
        (o.MaxGroupEvents < 1, "Ingest:MaxGroupEvents must be at least 1"),
        (o.RetryAfterSeconds < 1, "Ingest:RetryAfterSeconds must be at least 1"),
        (o.MaxFutureSkew < TimeSpan.Zero, "Ingest:MaxFutureSkew must not be negative"));

    public ValidateOptionsResult Validate(string? name, MetricsOptions o) => Result(
        [
            (o.MaxSeries < 1, "Metrics:MaxSeries must be at least 1"),
            (o.Retention < TimeSpan.FromMinutes(15), "Metrics:Retention must be at least 00:15:00 (the radar shows 15 minutes)"),
            (o.SampleResolution <= TimeSpan.Zero || o.SampleResolution > TimeSpan.FromMinutes(1), "Metrics:SampleResolution must be between 00:00:00.001 and 00:01:00"),
            (o.SnapshotInterval < TimeSpan.FromSeconds(5), "Metrics:SnapshotInterval must be at least 00:00:05"),
            (!ValidBuckets(o.DefaultBuckets), "Metrics:DefaultBuckets must be finite, ascending and not empty"),
            .. o.Buckets.Where(b => !ValidBuckets(b.Value))
                .Select(b => (true, $"Metrics:Buckets:{b.Key} must be finite, ascending and not empty")),
            .. MetricsSourceValidation.Errors(o).Select(e => (true, e)),
        ]);

    public ValidateOptionsResult Validate(string? name, StorageOptions o) => Result(
        (string.IsNullOrWhiteSpace(o.DataPath), "Storage:DataPath must be set"),
        (o.HotDays < 1, "Storage:HotDays must be at least 1"),
        (o.MaxLogRows < 1000, "Storage:MaxLogRows must be at least 1000"),
        (o.MaxSpanRows < 1000, "Storage:MaxSpanRows must be at least 1000"),
        (o.WriterQueueBatches < 1, "Storage:WriterQueueBatches must be at least 1"),
        (o.WriterBatchEvents < 1, "Storage:WriterBatchEvents must be at least 1"),
        (o.WalSegmentBytes < 1 << 20, "Storage:WalSegmentBytes must be at least 1048576"));

    public ValidateOptionsResult Validate(string? name, DemoOptions o) => Result(
        [
            (o.RequestsPerSecond is < 0 or > 10_000, "Demo:RequestsPerSecond must be between 0 and 10000"),
            (o.TraceSampleRate is < 0 or > 1, "Demo:TraceSampleRate must be between 0 and 1"),
            (o.TickInterval < TimeSpan.FromMilliseconds(100), "Demo:TickInterval must be at least 00:00:00.1"),
            (o.RailConnections < 1, "Demo:RailConnections must be at least 1"),
            (o.MaxRailQueue < 0, "Demo:MaxRailQueue must not be negative"),
            .. o.Faults.SelectMany((f, i) => f.Validate().Select(e => (true, $"Demo:Faults:{i}:{e.Field} {e.Reason}"))),
            (o.RolloutDuration < TimeSpan.Zero || o.RolloutDuration > TimeSpan.FromMinutes(30), "Demo:RolloutDuration must be between 00:00:00 and 00:30:00"),
            (o.MaxHistory < 2, "Demo:MaxHistory must be at least 2 (a rollback needs an earlier version)"),
            .. o.Fleet.Keys.Where(k => !DemoOptions.Services.Contains(k))
                .Select(k => (true, $"Demo:Fleet:{k} is not a demo service; expected one of {string.Join(", ", DemoOptions.Services)}")),
            .. o.Fleet.SelectMany(s => s.Value.Validate().Select(e => (true, $"Demo:Fleet:{s.Key}:{e.Field} {e.Reason}"))),
        ]);

    public ValidateOptionsResult Validate(string? name, RadarOptions o) => Result(
        [
            (o.DefaultThresholds.LatencyP95ThresholdSeconds <= 0 || o.DefaultThresholds.ErrorRateThreshold is < 0 or > 1,
                "Radar:DefaultThresholds needs LatencyP95ThresholdSeconds above 0 and ErrorRateThreshold between 0 and 1"),
            .. o.Services.Where(s => s.Value.LatencyP95ThresholdSeconds <= 0 || s.Value.ErrorRateThreshold is < 0 or > 1)
                .Select(s => (true, $"Radar:Services:{s.Key} needs LatencyP95ThresholdSeconds above 0 and ErrorRateThreshold between 0 and 1")),
        ]);

    public ValidateOptionsResult Validate(string? name, ConsoleOptions o) => Result(
        (string.IsNullOrWhiteSpace(o.EnvironmentName), "Console:EnvironmentName must be set"));

    public ValidateOptionsResult Validate(string? name, LiveOptions o) => Result(
        (o.MaxQueries < 1, "Live:MaxQueries must be at least 1"),
        (o.MaxSubscribers < 1, "Live:MaxSubscribers must be at least 1"),
        (o.MaxSubscriptionsPerConnection < 1, "Live:MaxSubscriptionsPerConnection must be at least 1"),
        (o.MinRefresh < TimeSpan.FromMilliseconds(100), "Live:MinRefresh must be at least 00:00:00.1"),
        (o.MaxExpressionLength < 16, "Live:MaxExpressionLength must be at least 16"));

    public ValidateOptionsResult Validate(string? name, DashboardOptions o) => Result(
        (string.IsNullOrWhiteSpace(o.Path), "Dashboards:Path must be set"),
        (o.MaxFiles < 1, "Dashboards:MaxFiles must be at least 1"),
        (o.MaxFileBytes < 1024, "Dashboards:MaxFileBytes must be at least 1024"),
        (o.ReloadDebounce < TimeSpan.Zero, "Dashboards:ReloadDebounce must not be negative"),
        (o.RescanInterval < TimeSpan.FromSeconds(1), "Dashboards:RescanInterval must be at least 00:00:01"),
        (o.ScrapeInterval < TimeSpan.FromSeconds(1), "Dashboards:ScrapeInterval must be at least 00:00:01"),
        (o.DefaultMaxDataPoints is < 10 or > 11_000, "Dashboards:DefaultMaxDataPoints must be between 10 and 11000"),
        (o.MaxVariableValues < 1, "Dashboards:MaxVariableValues must be at least 1"),
        (o.MaxPanels < 1, "Dashboards:MaxPanels must be at least 1"));

    private static bool ValidBuckets(double[] bounds) =>
        bounds.Length > 0 && bounds.All(double.IsFinite) && bounds.Zip(bounds.Skip(1)).All(p => p.First < p.Second);

    private static ValidateOptionsResult Result(params (bool Failed, string Message)[] checks)
    {
        var failures = checks.Where(c => c.Failed).Select(c => c.Message).ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
