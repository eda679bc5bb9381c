using System.Globalization;
using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>
/// Alertmanager's alert fingerprint (prometheus/common model.LabelSet.Fingerprint): FNV-1a 64 over the labels
/// sorted by name, each as name 0xFF value 0xFF, printed as 16 lower-case hex digits. Using the same function
/// lets an alert from Alertmanager's webhook (which carries it) merge with the same alert polled from Prometheus.
/// </summary>
public static class AlertFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const byte Separator = 0xFF;

    public static string Of(LabelSet labels)
    {
        if (labels.Count == 0)
        {
            // Go's code returns the offset basis for an empty set.
            return OffsetBasis.ToString("x16", CultureInfo.InvariantCulture);
        }
        var hash = OffsetBasis;
        foreach (var pair in labels.Pairs) // LabelSet keeps pairs sorted by name (ordinal = Go's byte order)
        {
            hash = Add(hash, pair.Key);
            hash = Add(hash, Separator);
            hash = Add(hash, pair.Value);
            hash = Add(hash, Separator);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = Add(hash, b);
        }
        return hash;
    }

    private static ulong Add(ulong hash, byte value) => (hash ^ value) * Prime;
}
