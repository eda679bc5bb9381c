using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Resource;
using HmsOps.Core.Otlp.Proto.Trace;

namespace HmsOps.Integration.Tests.Otlp;

/// <summary>Builds OTLP requests and posts them the way an exporter does.</summary>
internal static class OtlpHttp
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";

    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, byte[] body, string contentType, bool gzip = false)
    {
        var content = new ByteArrayContent(gzip ? Gzip(body) : body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return client.PostAsync(path, content);
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            zip.Write(body);
        }
        return output.ToArray();
    }

    /// <summary>Spans of one trace, one service: a root and children, all valid and recent.</summary>
    public static ExportTraceServiceRequest Trace(string service, string traceId, int spans)
    {
        var now = DateTimeOffset.UtcNow;
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        var root = NewSpanId();
        for (var i = 0; i < spans; i++)
        {
            var start = (ulong)now.AddSeconds(-1).ToUnixTimeMilliseconds() * 1_000_000UL + (ulong)i * 1000;
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
                SpanId = ByteString.CopyFrom(Convert.FromHexString(i == 0 ? root : NewSpanId())),
                ParentSpanId = i == 0 ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(root)),
                Name = i == 0 ? "GET /pay" : $"step {i}",
                Kind = i == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Internal,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + 2_000_000,
            });
        }
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>Spans of a service counted while the console runs.</summary>
    public static long CountSpans(string dataPath, string service) =>
        Infrastructure.StoredTelemetry.CountWhileRunning(dataPath, "SELECT count(*) FROM spans WHERE service = $s", ("$s", service));

    public static long CountLogs(string dataPath, string service) =>
        Infrastructure.StoredTelemetry.CountWhileRunning(dataPath, "SELECT count(*) FROM logs WHERE service = $s", ("$s", service));
}
