using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Ingest;

/// <summary>Reads <c>{"name","kind","value","labels","timestamp"}</c> into a <see cref="MetricEvent"/>.</summary>
internal static class MetricPayload
{
    private static readonly string[] ReservedSuffixes = ["_bucket", "_sum", "_count"];

    // Clients send the same few label sets again and again, and building one (validate, sort, canonical key)
    // costs more than the rest of the item. Keyed by the labels object's exact JSON text (and whether the
    // metric is a histogram, for the 'le' rule); only label sets that passed validation are kept.
    private const int MaxCachedLabelSets = 4_096;
    private const int MaxCachedLabelsJsonBytes = 512;
    private static readonly ConcurrentDictionary<(string Json, bool Histogram), CachedLabels> LabelCache = new();

    private sealed record CachedLabels(LabelSet Labels, int Count, int LongestValue);

    public static TelemetryEvent? Read(JsonElement payload, PayloadReader reader)
    {
        var name = reader.RequiredString(payload, "name", 256);
        if (name is not null && !MetricNames.IsValidMetricName(name))
        {
            reader.Fail("payload.name", "must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        }

        var kindText = reader.RequiredString(payload, "kind", 32);
        MetricKind? kind = kindText switch
        {
            null => null,
            "counter" => MetricKind.Counter,
            "gauge" => MetricKind.Gauge,
            "timing" => MetricKind.Timing,
            "histogram" => MetricKind.Histogram,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            reader.Fail("payload.kind", $"unknown kind '{kindText}'; expected counter, gauge, timing or histogram");
        }

        var value = reader.RequiredNumber(payload, "value");
        if (value is < 0 && kind is MetricKind.Counter)
        {
            reader.Fail("payload.value", "a counter only goes up: the increment must not be negative");
        }
        if (value is < 0 && kind is MetricKind.Timing or MetricKind.Histogram)
        {
            reader.Fail("payload.value", "an observation must not be negative");
        }
        if (name is not null && kind is MetricKind.Timing or MetricKind.Histogram && HasReservedSuffix(name))
        {
            reader.Fail("payload.name", "a histogram's name must not end in _bucket, _sum or _count: those series are derived from it");
        }

        var labels = ReadLabels(payload, reader, kind);
        var timestamp = reader.Timestamp(payload, "timestamp", required: false, reader.Limits.MetricBackfillWindow) ?? reader.NowMs;

        if (reader.ErrorCount > 0 || name is null || kind is null || value is null || labels is null)
        {
            return null;
        }
        return new MetricEvent(name, kind.Value, value.Value, labels, timestamp);
    }

    private static LabelSet? ReadLabels(JsonElement payload, PayloadReader reader, MetricKind? kind)
    {
        if (!payload.TryGetProperty("labels", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return LabelSet.Empty;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("payload.labels", "must be an object of string values");
            return null;
        }

        var histogram = kind is MetricKind.Timing or MetricKind.Histogram;
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var json = raw.Length <= MaxCachedLabelsJsonBytes ? Encoding.UTF8.GetString(raw) : null;
        if (json is not null && LabelCache.TryGetValue((json, histogram), out var cached)
            && cached.Count <= reader.Limits.MaxLabelsPerMetric && cached.LongestValue <= reader.Limits.MaxLabelValueLength)
        {
            return cached.Labels;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var ok = true;
        var longest = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (!MetricNames.IsValidLabelName(property.Name))
            {
                ok = false;
                reader.Fail(LabelField(property), "label names must match [a-zA-Z_][a-zA-Z0-9_]* and must not start with __");
                continue;
            }
            if (property.Name == "le" && histogram)
            {
                ok = false;
                reader.Fail(LabelField(property), "'le' is reserved for histogram buckets");
                continue;
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                ok = false;
                reader.Fail(LabelField(property), "label values must be strings");
                continue;
            }
            var value = property.Value.GetString()!;
            if (value.Length > reader.Limits.MaxLabelValueLength)
            {
                ok = false;
                reader.Fail(LabelField(property), $"label value is longer than {reader.Limits.MaxLabelValueLength} characters");
                continue;
            }
            longest = Math.Max(longest, value.Length);
            pairs.Add(new KeyValuePair<string, string>(property.Name, value));
        }
        if (pairs.Count > reader.Limits.MaxLabelsPerMetric)
        {
            reader.Fail("payload.labels", $"has {pairs.Count} labels; at most {reader.Limits.MaxLabelsPerMetric} are accepted");
            return null;
        }
        if (!ok)
        {
            return null;
        }
        var labels = LabelSet.From(pairs);
        if (json is not null)
        {
            if (LabelCache.Count >= MaxCachedLabelSets)
            {
                LabelCache.Clear();
            }
            LabelCache[(json, histogram)] = new CachedLabels(labels, pairs.Count, longest);
        }
        return labels;
    }

    private static string LabelField(JsonProperty property) => "payload.labels." + property.Name;

    private static bool HasReservedSuffix(string name)
    {
        foreach (var suffix in ReservedSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
