using System.Text.Json;
using HmsOps.Console.Live;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Live;

/// <summary>Pushed results have the JSON shape of the Prometheus API's data.result, values formatted as Prometheus does.</summary>
public sealed class PrometheusResultJsonTests
{
    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(42, "42")]
    [InlineData(-3.25, "-3.25")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(1.5e20, "150000000000000000000")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_are_formatted_like_prometheus(double value, string expected) =>
        Assert.Equal(expected, PrometheusResultJson.FormatValue(value));

    [Fact]
    public void A_vector_is_an_array_of_metric_and_value_pairs_with_seconds_timestamps()
    {
        var vector = new VectorResult([new VectorSample(LabelSet.From(("__name__", "up"), ("job", "api")), 1_764_064_800_123, 1)]);

        var json = PrometheusResultJson.ToJson(vector).GetRawText();

        Assert.Equal("""[{"metric":{"__name__":"up","job":"api"},"value":[1764064800.123,"1"]}]""", json);
    }

    [Fact]
    public void A_matrix_has_values_per_series_and_a_scalar_is_one_point()
    {
        var matrix = new MatrixResult([new MatrixSeries(LabelSet.From(("le", "+Inf")), [1_000, 16_000], [0.25, double.NaN])]);

        Assert.Equal("""[{"metric":{"le":"+Inf"},"values":[[1,"0.25"],[16,"NaN"]]}]""", PrometheusResultJson.ToJson(matrix).GetRawText());
        Assert.Equal("""[2.5,"3"]""", PrometheusResultJson.ToJson(new ScalarResult(2_500, 3)).GetRawText());
        Assert.Equal(JsonValueKind.Array, PrometheusResultJson.ToJson(new StringResult(0, "x")).ValueKind);
    }
}
