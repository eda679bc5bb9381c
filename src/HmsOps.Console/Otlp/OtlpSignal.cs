using Google.Protobuf;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;

namespace HmsOps.Console.Otlp;

/// <summary>One OTLP signal: how its request is read and mapped, and how its response reports refused items.</summary>
internal sealed record OtlpSignal(
    string Path,
    string ItemNoun,
    Func<ReadOnlySpan<byte>, OtlpEncoding, object> Decode,
    Func<object, long, OtlpMapResult> Map,
    Func<long, string?, IMessage> Response)
{
    public static OtlpSignal Traces(IngestLimits limits)
    {
        var mapper = new OtlpTraceMapper(limits);
        return new("/v1/traces", "spans",
            (body, encoding) => OtlpDecoder.Decode(body, encoding, ExportTraceServiceRequest.Parser),
            (request, now) => mapper.Map((ExportTraceServiceRequest)request, now),
            (rejected, message) => new ExportTraceServiceResponse
            {
                PartialSuccess = rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = message ?? "" },
            });
    }

    public static OtlpSignal Logs(IngestLimits limits)
    {
        var mapper = new OtlpLogMapper(limits);
        return new("/v1/logs", "log records",
            (body, encoding) => OtlpDecoder.Decode(body, encoding, ExportLogsServiceRequest.Parser),
            (request, now) => mapper.Map((ExportLogsServiceRequest)request, now),
            (rejected, message) => new ExportLogsServiceResponse
            {
                PartialSuccess = rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = message ?? "" },
            });
    }

    public static OtlpSignal Metrics(IngestLimits limits)
    {
        var mapper = new OtlpMetricMapper(limits);
        return new("/v1/metrics", "data points",
            (body, encoding) => OtlpDecoder.Decode(body, encoding, ExportMetricsServiceRequest.Parser),
            (request, now) => mapper.Map((ExportMetricsServiceRequest)request, now),
            (rejected, message) => new ExportMetricsServiceResponse
            {
                PartialSuccess = rejected == 0 ? null : new ExportMetricsPartialSuccess { RejectedDataPoints = rejected, ErrorMessage = message ?? "" },
            });
    }
}
