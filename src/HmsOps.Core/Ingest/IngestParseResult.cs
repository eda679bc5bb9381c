using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Ingest;

public sealed class IngestParseResult
{
    private IngestParseResult(IReadOnlyList<TelemetryEvent> events, IReadOnlyList<IngestError> errors)
    {
        Events = events;
        Errors = errors;
    }

    public IReadOnlyList<TelemetryEvent> Events { get; }

    public IReadOnlyList<IngestError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public static IngestParseResult Ok(IReadOnlyList<TelemetryEvent> events) => new(events, []);

    public static IngestParseResult Failed(IReadOnlyList<IngestError> errors) => new([], errors);
}
