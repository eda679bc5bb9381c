using System.Diagnostics.Metrics;
using System.Text.Json;
using HmsOps.Core.Telemetry;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;
using SpanKind = HmsOps.Core.Telemetry.SpanKind;

namespace HmsOps.Integration.Tests.Otlp;

/// <summary>A real client: the OpenTelemetry .NET SDK exporting OTLP/HTTP protobuf (see <see cref="SdkCheckoutClient"/>).</summary>
public sealed class OpenTelemetrySdkClientTests : IAsyncLifetime
{
    private readonly ConsoleProcess _console = new(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task A_trace_across_three_services_and_its_logs_are_stored_by_trace_id()
    {
        var sent = SdkCheckoutClient.Send(_console.BaseUrl, ConsoleProcess.ApiKey);
        var (traceId, webSpanId, meshSpanId, paymentsSpanId, dbSpanId) = (sent.TraceId, sent.WebSpanId, sent.MeshSpanId, sent.PaymentsSpanId, sent.DbSpanId);

        await Poll.UntilAsync(() => StoredTelemetry.CountWhileRunning(_console.DataPath, "SELECT count(*) FROM spans WHERE trace_id = $t", ("$t", traceId)),
            n => n == 4, "all four spans of the trace");
        await Poll.UntilAsync(() => StoredTelemetry.CountWhileRunning(_console.DataPath, "SELECT count(*) FROM logs WHERE trace_id = $t", ("$t", traceId)),
            n => n == 2, "both logs of the trace");
        // Found by id through the trace API as an operator would: the UUID form works too.
        using (var client = _console.CreateClient(withApiKey: false))
        {
            var uuid = Guid.ParseExact(traceId, "N").ToString("D");
            using var found = JsonDocument.Parse(await client.GetStringAsync($"/api/traces/{uuid}"));
            var summary = found.RootElement.GetProperty("summary");
            Assert.Equal(4, summary.GetProperty("spanCount").GetInt32());
            Assert.Equal(["mesh", "payments-api", "web-ui"], summary.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("web-ui", summary.GetProperty("rootService").GetString());
            Assert.Equal(1, summary.GetProperty("errorCount").GetInt32());
        }
        await _console.StopAsync();

        using var store = StoredTelemetry.Open(_console.DataPath);
        var spans = store.GetTrace(traceId).ToDictionary(s => s.SpanId);
        Assert.Equal(["mesh", "payments-api", "web-ui"], spans.Values.Select(s => s.Service).Distinct().Order());
        Assert.Null(spans[webSpanId].ParentSpanId);
        Assert.Equal(webSpanId, spans[meshSpanId].ParentSpanId);
        Assert.Equal(meshSpanId, spans[paymentsSpanId].ParentSpanId);
        Assert.Equal(paymentsSpanId, spans[dbSpanId].ParentSpanId);
        Assert.Equal(SpanKind.Client, spans[dbSpanId].Kind);
        Assert.Equal(SpanStatus.Error, spans[dbSpanId].Status);
        Assert.Equal("lock timeout", spans[dbSpanId].StatusMessage);
        Assert.Contains("\"payment.amount\":125.5", spans[paymentsSpanId].AttributesJson);
        Assert.Contains("\"service.name\":\"payments-api\"", spans[paymentsSpanId].ResourceJson);
        Assert.Contains("\"name\":\"payments-api\"", spans[paymentsSpanId].ScopeJson);

        var logs = store.QueryLogs("payments-api", traceId, 0, long.MaxValue, 10);
        Assert.Equal(2, logs.Count);
        var failed = Assert.Single(logs, l => l.Level == LogLevel.Error);
        Assert.Equal("Payment p-42 failed: lock timeout", failed.Message);
        Assert.Equal(paymentsSpanId, failed.SpanId);
        Assert.Contains("\"PaymentId\":\"p-42\"", failed.FieldsJson);
        Assert.Contains(logs, l => l.Level == LogLevel.Info && l.Message == "Charging payment p-42 for 125.5");
    }

    [Fact]
    public async Task Sdk_metrics_become_queryable_series()
    {
        using (var meter = new Meter("payments-meter"))
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("payments-api"))
                   .AddMeter("payments-meter")
                   .AddOtlpExporter(exporter => Configure(exporter, "/v1/metrics"))
                   .Build())
        {
            var processed = meter.CreateCounter<long>("payments.processed");
            var duration = meter.CreateHistogram<double>("payments.duration");
            processed.Add(3, new KeyValuePair<string, object?>("rail", "fedach"));
            processed.Add(4, new KeyValuePair<string, object?>("rail", "fedach"));
            duration.Record(7);
            duration.Record(40);
            Assert.True(provider.ForceFlush(30_000), "the metrics export did not finish");
        }

        using var client = _console.CreateClient();
        Assert.Equal("7", await OtlpReceiverTests.QueryAsync(client, "payments_processed_total{service=\"payments-api\",rail=\"fedach\"}"));
        Assert.Equal("2", await OtlpReceiverTests.QueryAsync(client, "payments_duration_count{job=\"payments-api\"}"));
        Assert.Equal("47", await OtlpReceiverTests.QueryAsync(client, "payments_duration_sum"));
        Assert.Equal("1", await OtlpReceiverTests.QueryAsync(client, "payments_duration_bucket{le=\"10\"}"));
    }

    private void Configure(OtlpExporterOptions exporter, string path)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(_console.BaseUrl + path);
        exporter.Headers = "X-Api-Key=" + ConsoleProcess.ApiKey;
    }
}
