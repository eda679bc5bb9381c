using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces;

/// <summary>
/// What an operator pastes as a trace id: the stored form (32 hex digits) or the seed's UUID form
/// (8-4-4-4-12 with dashes), in either case. Both normalise to 32 lower-case hex digits.
/// </summary>
public static class TraceIdInput
{
    public const string Expected = "32 hex digits or a UUID (8-4-4-4-12)";

    /// <summary>The id as pasted (surrounding blanks allowed), through the one trace-id parser ingest uses.</summary>
    public static bool TryNormalize(string? text, out string traceId) =>
        TelemetryIds.TryNormalizeTraceId(text?.Trim() ?? "", out traceId);
}
