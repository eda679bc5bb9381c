using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// One change to one series: a counter increment or a gauge value. <see cref="IsTotal"/> marks a counter
/// sample that carries the running total (OTLP cumulative), which replaces the value at its time instead of adding.
/// </summary>
public readonly record struct SeriesWrite(LabelSet Series, bool IsCounter, double Value, long TimestampMs, bool IsTotal = false);
