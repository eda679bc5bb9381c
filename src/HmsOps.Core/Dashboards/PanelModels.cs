using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Dashboards;

/// <summary>One target's latest outcome as a panel holds it.</summary>
public sealed record TargetResult(PanelTarget Target, QueryValue? Value, string? Error, DateTimeOffset? UnavailableSince);

/// <summary>One series of a panel, named by its legend, as (time ms, value) points.</summary>
public sealed record NamedSeries(string Name, LabelSet Labels, long[] Timestamps, double[] Values);

/// <summary>A stat, gauge or bar gauge value: reduced, formatted, coloured by its thresholds.</summary>
public sealed record StatValue(string Name, double? Value, string Text, string Color, bool IsRed, string? Reason, double Min, double Max);

/// <summary>Pure view models of panel data: series naming, reductions, threshold colours and reasons.</summary>
public static class PanelModels
{
    public const string NeutralColor = "#5794F2";

    public static IReadOnlyList<NamedSeries> Series(IEnumerable<TargetResult> results) =>
        results.Where(r => r.Value is not null).SelectMany(r => ToSeries(r.Target, r.Value!)).ToArray();

    private static IEnumerable<NamedSeries> ToSeries(PanelTarget target, QueryValue value) => value switch
    {
        MatrixResult matrix => matrix.Series.Select(s => new NamedSeries(LegendFormatter.Name(s.Labels, target.LegendFormat, target.Expr), s.Labels, s.Timestamps, s.Values)),
        VectorResult vector => vector.Samples.Select(s => new NamedSeries(LegendFormatter.Name(s.Labels, target.LegendFormat, target.Expr), s.Labels, [s.TimestampMs], [s.Value])),
        ScalarResult scalar => [new NamedSeries(target.LegendFormat ?? target.Expr, LabelSet.Empty, [scalar.TimestampMs], [scalar.Value])],
        _ => [],
    };

    /// <summary>
    /// Every series reduced by the panel's first calculation (lastNotNull when none), formatted in its unit and
    /// coloured by the active threshold. A red step gives a reason such as "p95 3.20 s is over 1 s".
    /// <paramref name="thresholds"/> replaces the panel's own (the radar's per-service thresholds).
    /// </summary>
    public static IReadOnlyList<StatValue> Stats(PanelDefinition panel, string title, IEnumerable<TargetResult> results, Thresholds? thresholds = null)
    {
        var calc = panel.Calcs.Count > 0 ? panel.Calcs[0] : "lastNotNull";
        var defaults = panel.Defaults;
        thresholds ??= defaults.Thresholds;
        var series = Series(results);
        var min = defaults.Min ?? 0;
        var max = defaults.Max ?? (defaults.Unit == "percentunit" ? 1 : 100);
        if (series.Count == 0 && defaults.NoValue is { } noValue)
        {
            // Grafana shows the panel's noValue text in place of "No data" (e.g. "0" for a counter not yet seen).
            return [new StatValue(title, null, noValue, NeutralColor, false, null, min, max)];
        }
        return series.Select(s =>
        {
            var value = Reducer.Reduce(calc, s.Values);
            var step = value is { } v && thresholds is not null ? ThresholdColors.Active(thresholds, v, min, max) : null;
            var color = step?.Color ?? NeutralColor;
            var isRed = step is not null && ThresholdColors.IsRed(step.Color) && step.Value is not null;
            var text = value is null && defaults.NoValue is { } none ? none : UnitFormatter.Format(value, defaults.Unit, defaults.Decimals);
            var name = series.Count == 1 ? title : s.Name;
            var reason = isRed ? $"{name} {text} is over {UnitFormatter.Format(step!.Value, defaults.Unit, defaults.Decimals)}" : null;
            return new StatValue(name, value, text, ThresholdColors.Css(color), isRed, reason, min, max);
        }).ToArray();
    }

    /// <summary>The panel's thresholds with its red step moved to <paramref name="redFrom"/> (the radar's configured limit).</summary>
    public static Thresholds WithRedAt(Thresholds? thresholds, double redFrom)
    {
        var steps = (thresholds?.Steps ?? [new ThresholdStep("green", null), new ThresholdStep("red", redFrom)])
            .Select(s => s.Value is not null && ThresholdColors.IsRed(s.Color) ? s with { Value = redFrom } : s)
            .ToList();
        if (!steps.Any(s => s.Value is not null && ThresholdColors.IsRed(s.Color)))
        {
            steps.Add(new ThresholdStep("red", redFrom));
        }
        return new Thresholds(ThresholdsMode.Absolute, steps);
    }
}
