using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

/// <summary>One sample: <c>[unixSeconds, "value"]</c> on the wire.</summary>
[JsonConverter(typeof(SamplePointJsonConverter))]
public readonly record struct SamplePoint(double UnixSeconds, double Value)
{
    public DateTimeOffset Timestamp => PrometheusFormat.FromUnixSeconds(UnixSeconds);
}

/// <summary>The result of a query whose result type is <c>string</c>: <c>[unixSeconds, "text"]</c> on the wire.</summary>
[JsonConverter(typeof(StringSampleJsonConverter))]
public readonly record struct StringSample(double UnixSeconds, string Value)
{
    public DateTimeOffset Timestamp => PrometheusFormat.FromUnixSeconds(UnixSeconds);
}
