using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting.Evaluation;

/// <summary>An evaluator over an in-memory store, an alert book and a fake clock the test advances.</summary>
internal sealed class RuleEvaluatorHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public RuleEvaluatorHarness(FakeTimeProvider? time = null, string? stateFile = null, RuleEvaluationOptions? options = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        Metrics = new MetricsOptions();
        Store = new TimeSeriesStore(Metrics);
        Book = new AlertBook(Time, new AlertBookOptions());
        Evaluator = new RuleEvaluator(Store, Metrics, options ?? new RuleEvaluationOptions(), Book, Time,
            stateFile is null ? null : new RuleStateFile(stateFile));
    }

    public FakeTimeProvider Time { get; }
    public MetricsOptions Metrics { get; }
    public TimeSeriesStore Store { get; }
    public AlertBook Book { get; }
    public RuleEvaluator Evaluator { get; }

    public static RuleFileResult File(string yaml, string name = "rules/test.yaml") =>
        RuleFileParser.Parse(name, yaml, new AlertingRulesOptions());

    public void Load(string yaml, string name = "rules/test.yaml") => Evaluator.Load([File(yaml, name)]);

    /// <summary>Writes a gauge sample at the current fake time.</summary>
    public void Set(string metric, double value, params (string Name, string Value)[] labels) =>
        Store.Apply([new SeriesWrite(LabelSet.From(labels.Append(("__name__", metric)).ToArray()), false, value, Time.GetUtcNow().ToUnixTimeMilliseconds())], 0);

    public void Evaluate() => Evaluator.EvaluateDue(CancellationToken.None);

    /// <summary>Advances the clock and evaluates, <paramref name="steps"/> times.</summary>
    public void Step(TimeSpan step, int steps = 1, Action? beforeEach = null)
    {
        for (var i = 0; i < steps; i++)
        {
            Time.Advance(step);
            beforeEach?.Invoke();
            Evaluate();
        }
    }

    public IReadOnlyList<VectorSample> Query(string query) =>
        ((VectorResult)new PromQLEngine(Store, Metrics).Instant(query, Time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None)).Samples;

    public ConsoleAlert? Alert(string name) => Book.Snapshot().SingleOrDefault(a => a.Name == name);

    public RuleStatus Rule(string name) => Evaluator.Groups.SelectMany(g => g.Rules).Single(r => r.Name == name);
}
