using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Propagation;

/// <summary>
/// The seed services' <c>x-trace</c> header: the trace id alone, as 32 hex digits or in UUID form (8-4-4-4-12),
/// in either case. It carries no parent span, so a request that arrives with only this header starts a new
/// root span in the caller's trace.
/// </summary>
public static class XTraceHeader
{
    public const string HeaderName = "x-trace";

    /// <summary>The trace id as 32 lower-case hex digits, and whether the caller used the UUID form.</summary>
    public static bool TryParse(string? header, out string traceId, out bool uuidForm)
    {
        traceId = "";
        var value = header?.Trim() ?? "";
        uuidForm = value.Length == 36;
        return TelemetryIds.TryNormalizeTraceId(value, out traceId);
    }

    /// <summary>32 hex digits, or the UUID form when the caller sent that (so a seed client can compare what it sent).</summary>
    public static string Format(string traceId, bool uuidForm = false) => uuidForm && traceId.Length == 32
        ? $"{traceId[..8]}-{traceId[8..12]}-{traceId[12..16]}-{traceId[16..20]}-{traceId[20..]}"
        : traceId;
}
