using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>A copy of one series' samples in a time range, safe to use outside the store's lock.</summary>
public sealed record SeriesData(LabelSet Labels, long[] Timestamps, double[] Values);
