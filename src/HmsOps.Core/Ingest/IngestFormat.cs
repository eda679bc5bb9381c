namespace HmsOps.Core.Ingest;

public enum IngestFormat
{
    /// <summary>One event object, or a JSON array of event objects.</summary>
    Json,

    /// <summary>One event object per line (application/x-ndjson).</summary>
    NdJson,
}
