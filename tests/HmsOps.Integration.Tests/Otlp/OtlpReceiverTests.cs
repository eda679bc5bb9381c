using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Rpc;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Otlp.OtlpHttp;

namespace HmsOps.Integration.Tests.Otlp;

public sealed class OtlpConsoleFixture : ConsoleFixture
{
    public const long MaxBodyBytes = 256 * 1024;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Ingest:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Metrics:MaxSeries"] = MaxSeries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Room for the other tests' series, not for the series-bound test's.</summary>
    public const int MaxSeries = 200;
}

/// <summary>The OTLP/HTTP receiver as an exporter sees it: encodings, compression, key, limits and partial success.</summary>
public sealed class OtlpReceiverTests(OtlpConsoleFixture fixture) : IClassFixture<OtlpConsoleFixture>
{
    private readonly ConsoleProcess _console = fixture.Console;

    [Fact]
    public async Task A_protobuf_export_is_stored_and_an_invalid_span_is_reported_as_partial_success()
    {
        var traceId = NewTraceId();
        var request = Trace("otlp-proto-svc", traceId, 3);
        request.ResourceSpans[0].ScopeSpans[0].Spans[2].Name = ""; // invalid: a span must have a name
        using var client = _console.CreateClient();

        using var response = await client.PostAsync("/v1/traces", request.ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("spans[2]: name is missing", answer.PartialSuccess.ErrorMessage);
        await Poll.UntilAsync(() => CountSpans(_console.DataPath, "otlp-proto-svc"), n => n == 2, "the two valid spans to be stored");
    }

    [Fact]
    public async Task A_gzipped_json_log_export_is_stored_with_its_trace_id_and_answered_in_json()
    {
        var traceId = NewTraceId();
        var nanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var json = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-json-svc"}}]},
              "scopeLogs":[{"logRecords":[
                {"timeUnixNano":"{{{nanos}}}","severityNumber":17,"body":{"stringValue":"card declined"},"traceId":"{{{traceId}}}",
                 "attributes":[{"key":"payment.id","value":{"intValue":"42"}}]}]}]}]}
            """;
        using var client = _console.CreateClient();

        using var response = await client.PostAsync("/v1/logs", Encoding.UTF8.GetBytes(json), Json, gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(answer.RootElement.TryGetProperty("partialSuccess", out _), "a full success has no partialSuccess");
        await Poll.UntilAsync(() => StoredTelemetry.CountWhileRunning(_console.DataPath,
                "SELECT count(*) FROM logs WHERE service = 'otlp-json-svc' AND trace_id = $t AND level = 4 AND message = 'card declined'", ("$t", traceId)),
            n => n == 1, "the log with its trace id and error level");
    }

    [Fact]
    public async Task A_body_that_is_not_otlp_is_400_with_a_status_in_the_requests_encoding()
    {
        using var client = _console.CreateClient();

        using var proto = await client.PostAsync("/v1/traces", [0x0A, 0xFF, 0xFF, 0xFF], Protobuf);
        using var json = await client.PostAsync("/v1/metrics", Encoding.UTF8.GetBytes("{\"resourceMetrics\": 7}"), Json);

        Assert.Equal(HttpStatusCode.BadRequest, proto.StatusCode);
        var status = Status.Parser.ParseFrom(await proto.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code); // INVALID_ARGUMENT
        Assert.Contains("not an OTLP protobuf message", status.Message);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        using var jsonStatus = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Contains("not an OTLP JSON message", jsonStatus.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_key_is_required_and_may_come_as_a_bearer_token()
    {
        var body = Trace("otlp-auth-svc", NewTraceId(), 1).ToByteArray();
        using var anonymous = _console.CreateClient(withApiKey: false);
        using var bearer = _console.CreateClient(withApiKey: false);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleProcess.ApiKey);

        using var refused = await anonymous.PostAsync("/v1/traces", body, Protobuf);
        using var accepted = await bearer.PostAsync("/v1/traces", body, Protobuf);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(16, Status.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync()).Code); // UNAUTHENTICATED
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await Poll.UntilAsync(() => CountSpans(_console.DataPath, "otlp-auth-svc"), n => n == 1, "the span sent with a bearer key");
    }

    [Fact]
    public async Task A_body_too_large_is_413_also_when_it_only_grows_past_the_limit_once_unzipped()
    {
        using var client = _console.CreateClient();
        var tooLarge = new byte[OtlpConsoleFixture.MaxBodyBytes + 1];
        // A "gzip bomb": 64 MB of zeros compress to about 64 KB, well under the wire limit.
        var bomb = new byte[64 * 1024 * 1024];

        using var plain = await client.PostAsync("/v1/traces", tooLarge, Protobuf);
        using var zipped = await client.PostAsync("/v1/logs", bomb, Protobuf, gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, zipped.StatusCode);
        Assert.Contains("Ingest:MaxBodyBytes", Status.Parser.ParseFrom(await zipped.Content.ReadAsByteArrayAsync()).Message);
    }

    [Fact]
    public async Task An_unsupported_content_type_or_encoding_is_415()
    {
        using var client = _console.CreateClient();
        var body = Trace("otlp-415-svc", NewTraceId(), 1).ToByteArray();

        using var text = await client.PostAsync("/v1/traces", body, "text/plain");
        var brotli = new ByteArrayContent(body);
        brotli.Headers.ContentType = new MediaTypeHeaderValue(Protobuf);
        brotli.Headers.ContentEncoding.Add("br");
        using var compressed = await client.PostAsync("/v1/traces", brotli);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("Content-Type", (await Problem.ReadAsync(text))!.Detail);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, compressed.StatusCode);
        Assert.Contains("Content-Encoding", (await Problem.ReadAsync(compressed))!.Detail);
    }

    [Fact]
    public async Task An_otlp_json_counter_and_histogram_become_queryable_series()
    {
        var nanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var json = $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-metrics-svc"}}]},
              "scopeMetrics":[{"metrics":[
                {"name":"otlp.test.requests","sum":{"aggregationTemporality":2,"isMonotonic":true,
                  "dataPoints":[{"timeUnixNano":"{{{nanos}}}","asInt":"17","attributes":[{"key":"route","value":{"stringValue":"/pay"}}]}]}},
                {"name":"otlp.test.duration","histogram":{"aggregationTemporality":2,
                  "dataPoints":[{"timeUnixNano":"{{{nanos}}}","count":"4","sum":1.5,"explicitBounds":[0.1,1],"bucketCounts":["1","2","1"]}]}}]}]}]}
            """;
        using var client = _console.CreateClient();

        using var response = await client.PostAsync("/v1/metrics", Encoding.UTF8.GetBytes(json), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("17", await QueryAsync(client, "otlp_test_requests_total{service=\"otlp-metrics-svc\",route=\"/pay\"}"));
        Assert.Equal("3", await QueryAsync(client, "otlp_test_duration_bucket{le=\"1\"}"));
        Assert.Equal("4", await QueryAsync(client, "otlp_test_duration_count{job=\"otlp-metrics-svc\"}"));
    }

    [Fact]
    public async Task An_export_that_would_pass_the_series_bound_is_refused_whole()
    {
        var nanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var points = string.Join(",", Enumerable.Range(0, OtlpConsoleFixture.MaxSeries + 1).Select(i =>
            $$$"""{"timeUnixNano":"{{{nanos}}}","asDouble":1,"attributes":[{"key":"pod","value":{"stringValue":"pod-{{{i}}}"}}]}"""));
        var json = $$$"""{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"otlp.too.many","gauge":{"dataPoints":[{{{points}}}]}}]}]}]}""";
        using var client = _console.CreateClient();

        using var response = await client.PostAsync("/v1/metrics", Encoding.UTF8.GetBytes(json), Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Metrics:MaxSeries", status.RootElement.GetProperty("message").GetString());
        Assert.Null(await QueryAsync(client, "count(otlp_too_many)"));
    }

    /// <summary>The single value of an instant query, via the Prometheus-compatible API.</summary>
    internal static async Task<string?> QueryAsync(HttpClient client, string promql)
    {
        using var response = await client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
    }
}
