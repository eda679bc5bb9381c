using System.Text;
using System.Text.Json;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class ApiReplyWriterTests
{
    private static readonly LabelSet Up = LabelSet.From(("__name__", "up"), ("job", "api"));

    [Fact]
    public void A_vector_is_written_in_prometheus_envelope_with_string_values()
    {
        var json = Write(new QueryReply(new VectorResult([new VectorSample(Up, 1_700_000_000_500, double.PositiveInfinity)])));

        Assert.Equal(
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"api"},"value":[1700000000.5,"+Inf"]}]}}""",
            json);
    }

    [Fact]
    public void A_matrix_carries_values_oldest_first()
    {
        var json = Write(new QueryReply(new MatrixResult([new MatrixSeries(Up, [1_000, 2_000], [1, double.NaN])])));

        Assert.Equal(
            """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"api"},"values":[[1,"1"],[2,"NaN"]]}]}}""",
            json);
    }

    [Fact]
    public void Scalars_and_strings_are_single_points()
    {
        Assert.Equal("""{"status":"success","data":{"resultType":"scalar","result":[12.345,"-Inf"]}}""",
            Write(new QueryReply(new ScalarResult(12_345, double.NegativeInfinity))));
        Assert.Equal("""{"status":"success","data":{"resultType":"string","result":[1,"a \"b\""]}}""",
            Write(new QueryReply(new StringResult(1_000, "a \"b\""))));
    }

    [Fact]
    public void Lists_series_and_metadata_are_plain_data()
    {
        Assert.Equal("""{"status":"success","data":["job","le"]}""", Write(new StringListReply(["job", "le"])));
        Assert.Equal("""{"status":"success","data":[{"__name__":"up","job":"api"}]}""", Write(new SeriesReply([Up])));
        Assert.Equal("""{"status":"success","data":{"hms_latency_seconds":[{"type":"histogram","help":"","unit":""}]}}""",
            Write(new MetadataReply([new("hms_latency_seconds", "histogram")])));
    }

    [Theory]
    [InlineData(QueryErrorType.BadData, "bad_data", 400)]
    [InlineData(QueryErrorType.Execution, "execution", 422)]
    [InlineData(QueryErrorType.Timeout, "timeout", 503)]
    [InlineData(QueryErrorType.Canceled, "canceled", 503)]
    [InlineData(QueryErrorType.Internal, "internal", 500)]
    public void Errors_carry_prometheus_error_type_and_status(QueryErrorType type, string wire, int status)
    {
        var reply = new ErrorReply(type, "it broke");

        Assert.Equal(status, reply.StatusCode);
        Assert.Equal($$"""{"status":"error","errorType":"{{wire}}","error":"it broke"}""", Write(reply));
    }

    private static string Write(ApiReply reply)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ApiReplyWriter.Options))
        {
            ApiReplyWriter.Write(writer, reply);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
