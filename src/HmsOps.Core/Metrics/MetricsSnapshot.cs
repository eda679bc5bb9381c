using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// The time-series store on disk, tagged with the last write-ahead-log sequence number it includes.
/// Written to a temporary file, flushed, then renamed, so a crash leaves the old snapshot or the new one.
/// </summary>
public static class MetricsSnapshot
{
    private const string Magic = "HMSOPS-TS-1";

    /// <summary>Writes the store and returns the sequence the snapshot includes.</summary>
    public static long Write(string path, TimeSeriesStore store)
    {
        var (lastSequence, all) = store.CopyAll();
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new BinaryWriter(file))
        {
            writer.Write(Magic);
            writer.Write(lastSequence);
            writer.Write(all.Count);
            foreach (var (labels, isCounter, timestamps, values) in all)
            {
                writer.Write(labels.Count);
                foreach (var pair in labels.Pairs)
                {
                    writer.Write(pair.Key);
                    writer.Write(pair.Value);
                }
                writer.Write(isCounter);
                writer.Write(timestamps.Length);
                for (var i = 0; i < timestamps.Length; i++)
                {
                    writer.Write(timestamps[i]);
                    writer.Write(values[i]);
                }
            }
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        return lastSequence;
    }

    /// <summary>Loads the snapshot into the store and returns its last sequence number (0 when there is none).</summary>
    public static long Load(string path, TimeSeriesStore store)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(file);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException($"{path} is not a metrics snapshot of this version");
        }
        var lastSequence = reader.ReadInt64();
        var count = reader.ReadInt32();
        var all = new List<(LabelSet, bool, long[], double[])>(count);
        for (var s = 0; s < count; s++)
        {
            var labelCount = reader.ReadInt32();
            var pairs = new KeyValuePair<string, string>[labelCount];
            for (var l = 0; l < labelCount; l++)
            {
                pairs[l] = new(reader.ReadString(), reader.ReadString());
            }
            var isCounter = reader.ReadBoolean();
            var samples = reader.ReadInt32();
            var timestamps = new long[samples];
            var values = new double[samples];
            for (var i = 0; i < samples; i++)
            {
                timestamps[i] = reader.ReadInt64();
                values[i] = reader.ReadDouble();
            }
            all.Add((LabelSet.From(pairs), isCounter, timestamps, values));
        }
        store.Load(lastSequence, all);
        return lastSequence;
    }
}
