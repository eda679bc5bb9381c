namespace HmsOps.Core.Dashboards;

/// <summary>Grafana's threshold selection and its named colours.</summary>
public static class ThresholdColors
{
    /// <summary>Grafana's defaults when a panel sets none: green, red from 80.</summary>
    public static readonly Thresholds Default = new(ThresholdsMode.Absolute, [new ThresholdStep("green", null), new ThresholdStep("red", 80)]);

    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["green"] = "#73BF69", ["dark-green"] = "#37872D", ["semi-dark-green"] = "#56A64B", ["light-green"] = "#96D98D", ["super-light-green"] = "#C8F2C2",
        ["red"] = "#F2495C", ["dark-red"] = "#C4162A", ["semi-dark-red"] = "#E02F44", ["light-red"] = "#FF7383", ["super-light-red"] = "#FFA6B0",
        ["yellow"] = "#FADE2A", ["dark-yellow"] = "#E0B400", ["semi-dark-yellow"] = "#F2CC0C", ["light-yellow"] = "#FFEE52", ["super-light-yellow"] = "#FFF899",
        ["orange"] = "#FF9830", ["dark-orange"] = "#FA6400", ["semi-dark-orange"] = "#FF780A", ["light-orange"] = "#FFB357", ["super-light-orange"] = "#FFCB7D",
        ["blue"] = "#5794F2", ["dark-blue"] = "#1F60C4", ["semi-dark-blue"] = "#3274D9", ["light-blue"] = "#8AB8FF", ["super-light-blue"] = "#C0D8FF",
        ["purple"] = "#B877D9", ["dark-purple"] = "#8F3BB8", ["semi-dark-purple"] = "#A352CC", ["light-purple"] = "#CA95E5", ["super-light-purple"] = "#DEB6F2",
        ["transparent"] = "transparent", ["text"] = "#CCCCDC",
    };

    /// <summary>
    /// The step whose value is the highest at or below <paramref name="value"/> (the first step is the base).
    /// In percentage mode the value is first placed on min..max as 0..100.
    /// </summary>
    public static ThresholdStep? Active(Thresholds thresholds, double value, double min = 0, double max = 100)
    {
        if (thresholds.Steps.Count == 0)
        {
            return null;
        }
        if (thresholds.Mode == ThresholdsMode.Percentage)
        {
            value = max > min ? (value - min) / (max - min) * 100 : 0;
        }
        var active = thresholds.Steps[0];
        foreach (var step in thresholds.Steps.Skip(1).OrderBy(s => s.Value ?? double.NegativeInfinity))
        {
            if (value >= (step.Value ?? double.NegativeInfinity))
            {
                active = step;
            }
        }
        return active;
    }

    /// <summary>A CSS colour for a Grafana colour name; hex and rgb() colours pass through.</summary>
    public static string Css(string color) => Named.TryGetValue(color, out var css) ? css : color;

    /// <summary>The radar's notion of "over threshold": the active step is one of Grafana's reds.</summary>
    public static bool IsRed(string color) =>
        color.EndsWith("red", StringComparison.Ordinal) || string.Equals(Css(color), "#F2495C", StringComparison.OrdinalIgnoreCase)
        || string.Equals(color, "#ff0000", StringComparison.OrdinalIgnoreCase);
}
