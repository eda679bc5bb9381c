using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HmsOps.Core.Archive;

/// <summary>Reading and writing the gzip NDJSON files of one archived day, one record per line.</summary>
internal static class ArchiveFiles
{
    public const string ManifestName = "manifest.json";

    public static string DayName(long dayStartMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(dayStartMs).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The manifest of a finished day, or null when the day was never finished (no manifest yet).</summary>
    public static ArchiveManifest? ReadManifest(string dayDirectory)
    {
        var path = Path.Combine(dayDirectory, ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), ArchiveJson.Default.ArchiveManifest)
            ?? throw new InvalidDataException($"{path} is empty");
        if (manifest.FormatVersion > ArchiveManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path} has archive format {manifest.FormatVersion}, newer than this console knows");
        }
        return manifest;
    }

    public static void WriteManifest(string dayDirectory, ArchiveManifest manifest) =>
        DurableFiles.WriteAtomically(Path.Combine(dayDirectory, ManifestName),
            JsonSerializer.SerializeToUtf8Bytes(manifest, ArchiveJson.Indented.ArchiveManifest));

    /// <summary>Every record of a file, streamed (memory stays one line), optionally skipping lines that lack a string.</summary>
    public static IEnumerable<T> Read<T>(string path, JsonTypeInfo<T> type, string? mustContain = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            // A trace lookup reads mostly other traces: checking for the id as text first skips parsing those lines.
            if (line.Length == 0 || (mustContain is not null && !line.Contains(mustContain, StringComparison.Ordinal)))
            {
                continue;
            }
            yield return JsonSerializer.Deserialize(line, type) ?? throw new InvalidDataException($"{path} has an empty record");
        }
    }

    /// <summary>Throws when a file is not the one the manifest describes (nothing is deleted on the strength of it).</summary>
    public static void Verify(string dayDirectory, ArchiveFile file)
    {
        var path = Path.Combine(dayDirectory, file.Name);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length != file.Bytes || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), file.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} does not match its manifest (size or SHA-256); the day's hot rows are kept");
        }
    }
}

/// <summary>Writes one gzip NDJSON file and keeps what its manifest entry needs.</summary>
internal sealed class ArchiveFileWriter<T> : IDisposable
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly Utf8JsonWriter _json;
    private readonly JsonTypeInfo<T> _type;
    private readonly string _path;
    private bool _finished;

    public ArchiveFileWriter(string path, JsonTypeInfo<T> type)
    {
        _path = path;
        _type = type;
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _gzip = new GZipStream(_file, CompressionLevel.Optimal, leaveOpen: true);
        _json = new Utf8JsonWriter(_gzip);
    }

    public long Rows { get; private set; }

    public long MinTimeMs { get; private set; } = long.MaxValue;

    public long MaxTimeMs { get; private set; } = long.MinValue;

    public long? MinId { get; private set; }

    public long? MaxId { get; private set; }

    public void Append(T record, long timeMs, long? id = null)
    {
        JsonSerializer.Serialize(_json, record, _type);
        _json.Flush();
        _json.Reset();
        _gzip.WriteByte((byte)'\n');
        Rows++;
        MinTimeMs = Math.Min(MinTimeMs, timeMs);
        MaxTimeMs = Math.Max(MaxTimeMs, timeMs);
        if (id is { } value)
        {
            MinId = MinId is null ? value : Math.Min(MinId.Value, value);
            MaxId = MaxId is null ? value : Math.Max(MaxId.Value, value);
        }
    }

    /// <summary>Completes the gzip stream, fsyncs the file and describes it for the manifest.</summary>
    public ArchiveFile Finish(string kind, string? partition)
    {
        _json.Dispose();
        _gzip.Dispose();
        _file.Flush(flushToDisk: true);
        _file.Position = 0;
        var sha = Convert.ToHexStringLower(SHA256.HashData(_file));
        var bytes = _file.Length;
        _file.Dispose();
        _finished = true;
        return new ArchiveFile(Path.GetFileName(_path), kind, partition, Rows, bytes, sha, MinTimeMs, MaxTimeMs, MinId, MaxId);
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _json.Dispose();
            _gzip.Dispose();
            _file.Dispose();
        }
    }
}
