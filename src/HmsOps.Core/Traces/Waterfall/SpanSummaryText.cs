using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// "Copy span summary": a few plain-text lines for the incident chat, readable without the console open.
/// Key attributes are the ones responders ask about first (HTTP, RPC, database, errors); a span with none of
/// them gives its first few attributes instead.
/// </summary>
public static class SpanSummaryText
{
    public const int MaxAttributes = 8;
    public const int MaxValueLength = 200;

    private static readonly string[] KeyAttributes =
    [
        "http.method", "http.request.method", "http.route", "http.target", "url.full", "url.path", "http.url",
        "http.status_code", "http.response.status_code", "rpc.system", "rpc.service", "rpc.method", "db.system",
        "db.name", "db.operation", "db.statement", "db.query.text", "messaging.system", "messaging.destination.name",
        "peer.service", "server.address", "net.peer.name", "error", "error.type", "exception.type", "exception.message",
    ];

    public static string Format(SpanEvent span, string? link = null)
    {
        var text = new StringBuilder();
        text.Append(span.Service).Append(" · ").Append(span.Name);
        if (span.Kind is not SpanKind.Unspecified and not SpanKind.Internal)
        {
            text.Append(" (").Append(span.Kind.ToString().ToLowerInvariant()).Append(')');
        }
        text.AppendLine();
        text.Append("duration ").Append(TimeAxis.FormatDuration(span.DurationMicros))
            .Append(" · status ").Append(span.Status == SpanStatus.Error ? "ERROR" : "ok");
        if (!string.IsNullOrWhiteSpace(span.StatusMessage))
        {
            text.Append(": ").Append(span.StatusMessage);
        }
        text.Append(" · started ").Append(DateTimeOffset.FromUnixTimeMilliseconds(span.StartUnixMicros / 1000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" UTC");
        var attributes = SpanJson.Attributes(span.AttributesJson);
        var lookup = attributes.GroupBy(a => a.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var key = KeyAttributes.Where(lookup.ContainsKey).Select(k => new KeyValuePair<string, string>(k, lookup[k])).ToList();
        foreach (var (name, value) in (key.Count > 0 ? key : attributes).Take(MaxAttributes))
        {
            text.Append(name).Append('=').AppendLine(value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value);
        }
        text.Append("trace ").Append(span.TraceId).Append(" span ").Append(span.SpanId);
        if (link is not null)
        {
            text.AppendLine().Append(link);
        }
        return text.ToString();
    }
}
