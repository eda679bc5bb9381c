using HmsOps.Core.Ingest;

namespace HmsOps.Core.Otlp;

/// <summary>The same acceptance window as the JSON ingest API: not older than the backfill window, not too far ahead.</summary>
internal static class OtlpTime
{
    public static string? OutsideWindow(long unixMs, long nowMs, TimeSpan backfill, IngestLimits limits)
    {
        if (unixMs < nowMs - (long)backfill.TotalMilliseconds)
        {
            return $"is older than the accepted window of {Describe(backfill)}";
        }
        if (unixMs > nowMs + (long)limits.MaxFutureSkew.TotalMilliseconds)
        {
            return $"is more than {Describe(limits.MaxFutureSkew)} in the future";
        }
        return null;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} days"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} hours"
        : $"{span.TotalMinutes:0.#} minutes";

    public static long NanosToMillis(ulong nanos) => (long)(nanos / 1_000_000);

    public static long NanosToMicros(ulong nanos) => (long)(nanos / 1_000);
}
