using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>One change to one series: a counter increment or a gauge value.</summary>
public readonly record struct SeriesWrite(LabelSet Series, bool IsCounter, double Value, long TimestampMs);
