using System.Text;
using System.Text.Json.Nodes;
using HmsOps.Core.Ingest;

namespace HmsOps.Core.Tests.Ingest;

/// <summary>Valid ingest items to start from, and one parser with the default limits at a fixed "now".</summary>
internal static class ParserInput
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static long NowMs => Now.ToUnixTimeMilliseconds();

    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    public const string SpanId = "00f067aa0ba902b7";

    public static IngestParseResult Parse(string body, IngestFormat format = IngestFormat.Json, IngestLimits? limits = null) =>
        new IngestParser(limits ?? new IngestLimits()).Parse(Encoding.UTF8.GetBytes(body), format, Now);

    public static string Metric(Action<JsonObject>? change = null) => Item("metric", new JsonObject
    {
        ["name"] = "hms_http_requests_total",
        ["kind"] = "counter",
        ["value"] = 1,
        ["labels"] = new JsonObject { ["service"] = "claims-api", ["code"] = "200" },
    }, change);

    public static string Timing(Action<JsonObject>? change = null) => Item("metric", new JsonObject
    {
        ["name"] = "hms_http_request_duration_seconds",
        ["kind"] = "timing",
        ["value"] = 0.25,
        ["labels"] = new JsonObject { ["service"] = "claims-api" },
    }, change);

    public static string Log(Action<JsonObject>? change = null) => Item("log", new JsonObject
    {
        ["timestamp"] = NowMs - 1_000,
        ["level"] = "info",
        ["message"] = "claim accepted",
        ["service"] = "claims-api",
    }, change);

    public static string Trace(Action<JsonObject>? change = null) => Item("trace", new JsonObject
    {
        ["traceId"] = TraceId,
        ["spanId"] = SpanId,
        ["service"] = "claims-api",
        ["name"] = "POST /claims",
        ["start"] = NowMs - 1_000,
        ["durationMs"] = 12.5,
    }, change);

    public static string Item(string type, JsonObject payload, Action<JsonObject>? change = null)
    {
        change?.Invoke(payload);
        return new JsonObject { ["type"] = type, ["payload"] = payload }.ToJsonString();
    }
}
