using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Logs;
using HmsOps.Core.Otlp.Proto.Resource;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Otlp.OtlpBuilders;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Otlp;

public sealed class OtlpLogMapperTests
{
    private static readonly OtlpLogMapper Mapper = new(new IngestLimits());

    [Fact]
    public void Every_field_of_a_log_record_is_kept()
    {
        var record = new LogRecord
        {
            TimeUnixNano = Nanos(3),
            ObservedTimeUnixNano = Nanos(1),
            SeverityNumber = SeverityNumber.Warn2,
            SeverityText = "Warning",
            Body = new AnyValue { StringValue = "payment 42 retried" },
            TraceId = Id("4bf92f3577b34da6a3ce929d0e0e4736"),
            SpanId = Id("00f067aa0ba902b7"),
            EventName = "payment.retry",
        };
        record.Attributes.Add(Attr("payment.id", 42));
        var scope = new InstrumentationScope { Name = "Payments.Api", Version = "2.0" };

        var result = Mapper.Map(Request(Service("payments-api", Attr("host.name", "pay-1")), scope, record), NowMs);

        var log = Assert.IsType<LogEvent>(Assert.Single(result.Events));
        Assert.Equal(NowMs - 3000, log.TimestampMs);
        Assert.Equal(LogLevel.Warn, log.Level);
        Assert.Equal("payment 42 retried", log.Message);
        Assert.Equal("payments-api", log.Service);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", log.TraceId);
        Assert.Equal("00f067aa0ba902b7", log.SpanId);
        var fields = JsonDocument.Parse(log.FieldsJson).RootElement;
        Assert.Equal(42, fields.GetProperty("payment.id").GetInt64());
        Assert.Equal("pay-1", fields.GetProperty("resource").GetProperty("host.name").GetString());
        Assert.Equal("Payments.Api", fields.GetProperty("scope").GetProperty("name").GetString());
        Assert.Equal("2.0", fields.GetProperty("scope").GetProperty("version").GetString());
        Assert.Equal("payment.retry", fields.GetProperty("event.name").GetString());
        Assert.Equal("Warning", fields.GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData(1, LogLevel.Trace)]
    [InlineData(4, LogLevel.Trace)]
    [InlineData(5, LogLevel.Debug)]
    [InlineData(8, LogLevel.Debug)]
    [InlineData(9, LogLevel.Info)]
    [InlineData(12, LogLevel.Info)]
    [InlineData(13, LogLevel.Warn)]
    [InlineData(16, LogLevel.Warn)]
    [InlineData(17, LogLevel.Error)]
    [InlineData(20, LogLevel.Error)]
    [InlineData(21, LogLevel.Fatal)]
    [InlineData(24, LogLevel.Fatal)]
    public void Severity_numbers_map_to_levels_by_range(int number, LogLevel expected) =>
        Assert.Equal(expected, OtlpLogMapper.LevelOf(new LogRecord { SeverityNumber = (SeverityNumber)number }));

    [Fact]
    public void Security_is_recognised_by_severity_text_or_event_category()
    {
        Assert.Equal(LogLevel.Security, OtlpLogMapper.LevelOf(new LogRecord { SeverityNumber = SeverityNumber.Info, SeverityText = "SECURITY" }));
        var tagged = new LogRecord { SeverityNumber = SeverityNumber.Warn };
        tagged.Attributes.Add(Attr("event.category", "security"));
        Assert.Equal(LogLevel.Security, OtlpLogMapper.LevelOf(tagged));
        Assert.Equal(LogLevel.Error, OtlpLogMapper.LevelOf(new LogRecord { SeverityText = "error" }));
        Assert.Equal(LogLevel.Info, OtlpLogMapper.LevelOf(new LogRecord()));
    }

    [Fact]
    public void A_structured_body_becomes_its_json_text_and_observed_time_stands_in_for_a_missing_time()
    {
        var body = new KeyValueList();
        body.Values.Add(Attr("user", "u-7"));
        body.Values.Add(Attr("attempts", 3));
        var record = new LogRecord { ObservedTimeUnixNano = Nanos(2), Body = new AnyValue { KvlistValue = body } };

        var log = (LogEvent)Mapper.Map(Request(new Resource(), null, record), NowMs).Events.Single();

        Assert.Equal("""{"user":"u-7","attempts":3}""", log.Message);
        Assert.Equal(NowMs - 2000, log.TimestampMs);
        Assert.Equal("unknown_service", log.Service);
        Assert.Null(log.TraceId);
        Assert.Equal("{}", log.FieldsJson);
    }

    [Fact]
    public void Records_without_time_or_with_malformed_ids_are_rejected_alone()
    {
        var noTime = new LogRecord { Body = new AnyValue { StringValue = "when?" } };
        var badTrace = new LogRecord { TimeUnixNano = Nanos(1), TraceId = Id("abcd") };
        var future = new LogRecord { TimeUnixNano = Nanos(-600) };
        var good = new LogRecord { TimeUnixNano = Nanos(1), Body = new AnyValue { StringValue = "ok" } };

        var result = Mapper.Map(Request(Service("web-ui"), null, noTime, badTrace, future, good), NowMs);

        Assert.Equal("ok", ((LogEvent)Assert.Single(result.Events)).Message);
        Assert.Equal(3, result.Rejected);
        Assert.Contains("logRecords[0]: timeUnixNano and observedTimeUnixNano are both missing", result.ErrorMessage);
        Assert.Contains("logRecords[1]: traceId must be 16 bytes (32 hex digits), got 2", result.ErrorMessage);
        Assert.Contains("logRecords[2]: timeUnixNano is more than 5 minutes in the future", result.ErrorMessage);
    }

    internal static ExportLogsServiceRequest Request(Resource resource, InstrumentationScope? scope, params LogRecord[] records)
    {
        var scopeLogs = new ScopeLogs { Scope = scope };
        scopeLogs.LogRecords.Add(records);
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scopeLogs);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }
}
