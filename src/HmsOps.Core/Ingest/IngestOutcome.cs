namespace HmsOps.Core.Ingest;

public enum IngestStatus
{
    /// <summary>Durable: in the fsync'd write-ahead log.</summary>
    Accepted,

    /// <summary>Refused as a whole because of the listed items (for example the series bound).</summary>
    Rejected,

    /// <summary>The bounded queue is full; try again after a pause.</summary>
    Saturated,

    /// <summary>The pipeline is stopping or its log cannot be written.</summary>
    Unavailable,
}

public sealed record IngestOutcome(IngestStatus Status, int Accepted, IReadOnlyList<IngestError> Errors, string? Detail = null)
{
    public static IngestOutcome Durable(int count) => new(IngestStatus.Accepted, count, []);

    public static IngestOutcome Refused(IReadOnlyList<IngestError> errors) => new(IngestStatus.Rejected, 0, errors);

    public static readonly IngestOutcome Full = new(IngestStatus.Saturated, 0, [], "the ingest queue is full");

    public static IngestOutcome Down(string detail) => new(IngestStatus.Unavailable, 0, [], detail);
}
