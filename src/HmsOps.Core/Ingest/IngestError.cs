namespace HmsOps.Core.Ingest;

/// <summary>
/// Why one item of an ingest request was refused. <see cref="Index"/> is the item's position in the
/// request (0-based; null when the request as a whole is malformed); <see cref="Field"/> is a JSON path
/// inside the item such as <c>payload.labels.code</c>.
/// </summary>
public sealed record IngestError(int? Index, string Field, string Reason)
{
    public override string ToString() =>
        Index is { } i ? $"item {i}, field '{Field}': {Reason}" : $"field '{Field}': {Reason}";
}
