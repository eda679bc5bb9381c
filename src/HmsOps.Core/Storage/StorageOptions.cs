namespace HmsOps.Core.Storage;

/// <summary>Where and how the embedded store keeps data. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Relative paths are resolved against the console's content root (the repository root under dotnet run).</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>The older name of <c>Retention:HotDays</c>, still read when that key is absent (see <see cref="RetentionOptions"/>).</summary>
    public int HotDays { get; set; } = 30;

    /// <summary>At the bound the oldest rows are deleted first, so the disk never fills up with telemetry.</summary>
    public long MaxLogRows { get; set; } = 5_000_000;

    public long MaxSpanRows { get; set; } = 5_000_000;

    /// <summary>Rows waiting for the SQLite writer; when full, ingest backs up and answers 429.</summary>
    public int WriterQueueBatches { get; set; } = 64;

    /// <summary>
    /// The most logs and spans the SQLite writer takes from its queue into one transaction. A transaction takes whatever is
    /// waiting, so under light load it stays small (stored rows are visible soon); when ingest outruns the writer, larger
    /// transactions let many traces share each index page they touch, which is what keeps the writer ahead.
    /// </summary>
    public int WriterBatchEvents { get; set; } = 100_000;

    public long WalSegmentBytes { get; set; } = 64L * 1024 * 1024;
}
