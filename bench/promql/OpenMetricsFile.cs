using System.Globalization;
using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Bench.PromQL;

/// <summary>
/// Writes a data set as OpenMetrics text for <c>promtool tsdb create-blocks-from openmetrics</c>: series by series,
/// each in time order, one metric name's series together, timestamps in seconds, ending with <c># EOF</c>.
/// (The bench's own small writer: only untyped samples, which is all backfilling needs.)
/// </summary>
public static class OpenMetricsFile
{
    public static void Write(RadarDataSet data, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        foreach (var group in data.Series.GroupBy(s => s.Labels.MetricName))
        {
            foreach (var series in group)
            {
                var prefix = SeriesText(series.Labels);
                for (var p = 0; p < data.Points; p++)
                {
                    var seconds = (data.StartMs + p * RadarDataSet.StepMs) / 1000;
                    writer.Write(prefix);
                    writer.Write(' ');
                    writer.Write(series.Values[p].ToString("R", CultureInfo.InvariantCulture));
                    writer.Write(' ');
                    writer.Write(seconds.ToString(CultureInfo.InvariantCulture));
                    writer.Write('\n');
                }
            }
        }
        writer.Write("# EOF\n");
    }

    private static string SeriesText(LabelSet labels)
    {
        var builder = new StringBuilder(labels.MetricName);
        var first = true;
        foreach (var (name, value) in labels.Pairs)
        {
            if (name == LabelSet.MetricNameLabel)
            {
                continue;
            }
            builder.Append(first ? '{' : ',').Append(name).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
            first = false;
        }
        return (first ? builder : builder.Append('}')).ToString();
    }
}
