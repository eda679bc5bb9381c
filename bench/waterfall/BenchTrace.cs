namespace HmsOps.Bench.Waterfall;

/// <summary>
/// A large trace shaped like a real fan-out: a root request calling services that call others, up to 12 levels
/// deep, 1 to 6 calls per span, children inside their parent's time, 12 services, about 2% failed. Seeded, so
/// every run draws the same trace.
/// </summary>
public static class BenchTrace
{
    private static readonly string[] Services =
        ["web-ui", "api-gw", "mesh", "claims-api", "ach-svc", "ledger", "orders-db", "cache", "auth", "search", "notify", "audit"];

    public static List<object> Spans(string traceId, int count, long startMs, int seed = 42)
    {
        var random = new Random(seed);
        var spans = new List<object>(count);
        var queue = new Queue<(string Id, long Start, long Duration, int Depth)>();
        var rootDuration = 30_000L;
        spans.Add(Event(traceId, Id(0), null, Services[0], "GET /checkout", startMs, rootDuration, false));
        queue.Enqueue((Id(0), startMs, rootDuration, 0));
        while (spans.Count < count && queue.TryDequeue(out var parent))
        {
            var children = parent.Depth >= 12 ? 0 : random.Next(1, 7);
            for (var c = 0; c < children && spans.Count < count; c++)
            {
                var offset = parent.Duration <= 2 ? 0 : random.NextInt64(0, parent.Duration / 2);
                var duration = Math.Max(1, random.NextInt64(1, Math.Max(2, parent.Duration - offset)));
                var id = Id(spans.Count);
                var service = Services[random.Next(Services.Length)];
                spans.Add(Event(traceId, id, parent.Id, service, $"{service} op {random.Next(40)}", parent.Start + offset, duration, random.NextDouble() < 0.02));
                queue.Enqueue((id, parent.Start + offset, duration, parent.Depth + 1));
            }
            if (queue.Count == 0 && spans.Count < count)
            {
                // A narrow draw ran out of parents: hang the rest under the root.
                queue.Enqueue((Id(0), startMs, rootDuration, 0));
            }
        }
        return spans;
    }

    private static string Id(int index) => (index + 1).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static object Event(string traceId, string spanId, string? parent, string service, string name, long start, long durationMs, bool error) => new
    {
        type = "trace",
        payload = new
        {
            traceId,
            spanId,
            parentSpanId = parent,
            service,
            name,
            start,
            durationMs,
            status = error ? "error" : "ok",
            attributes = new { http_route = "/" + name.Replace(' ', '/'), bench = "waterfall" },
        },
    };
}
