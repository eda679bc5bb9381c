using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Otlp;

/// <summary>
/// What an export request becomes: the valid items as events, and how many items were refused and why
/// (OTLP's partial success). <see cref="RequestError"/> is set when the request as a whole is refused.
/// </summary>
public sealed record OtlpMapResult(IReadOnlyList<TelemetryEvent> Events, long Rejected, string? ErrorMessage, string? RequestError = null)
{
    public static OtlpMapResult Refused(string reason) => new([], 0, null, reason);
}

/// <summary>Collects refused items and a few of their reasons (the rest are counted, not listed).</summary>
internal sealed class RejectionLog(string itemNoun)
{
    private const int MaxListedReasons = 5;
    private readonly List<string> _reasons = [];

    public long Count { get; private set; }

    public void Reject(string where, string reason)
    {
        Count++;
        if (_reasons.Count < MaxListedReasons)
        {
            _reasons.Add($"{where}: {reason}");
        }
    }

    /// <summary>OTLP's <c>error_message</c>: the count and the first few reasons; null when nothing was refused.</summary>
    public string? Message() => Count == 0 ? null
        : $"{Count} {itemNoun} rejected: {string.Join("; ", _reasons)}{(Count > _reasons.Count ? $"; and {Count - _reasons.Count} more" : "")}";
}
