using System.Diagnostics;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;
using HmsOps.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>
/// The console's evaluator against the real <c>promtool test rules</c> (2.42): each test file in PromtoolCases must
/// pass promtool, and the same input series and eval times replayed through <see cref="RuleEvaluator"/> must give the
/// same firing alerts (labels and annotations) at every eval time. The shipped rules/demo-fleet.yaml is one of them.
/// </summary>
public sealed class PromtoolDifferentialTests
{
    private const string Promtool = "/usr/bin/promtool";

    private static string CasesFolder => Path.Combine(ConsoleProcess.RepositoryRoot, "tests", "HmsOps.Integration.Tests", "Alerting", "PromtoolCases");

    public static TheoryData<string> TestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesFolder, "*.test.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void Every_shipped_rule_file_has_a_promtool_test()
    {
        var covered = Directory.EnumerateFiles(CasesFolder, "*.test.yaml")
            .SelectMany(f => PromtoolTestFile.Load(f).RuleFiles)
            .ToHashSet(StringComparer.Ordinal);
        var shipped = Directory.EnumerateFiles(Path.Combine(ConsoleProcess.RepositoryRoot, "rules"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));

        Assert.All(shipped, file => Assert.Contains(Path.GetFullPath(file), covered));
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public async Task Promtool_passes_the_test_file(string name)
    {
        var (exitCode, output) = await RunPromtoolAsync(Path.Combine(CasesFolder, name));

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public void Evaluator_gives_the_alerts_promtool_expects(string name)
    {
        var file = PromtoolTestFile.Load(Path.Combine(CasesFolder, name));
        var rules = file.RuleFiles
            .Select(path => RuleDirectoryLoader.LoadFile(path, Path.GetFileName(path), new AlertingRulesOptions()))
            .ToArray();
        Assert.All(rules, r => Assert.True(r.IsOk, string.Join("\n", r.Errors)));

        foreach (var test in file.Tests)
        {
            var got = Replay(test, rules, file.EvaluationInterval);
            foreach (var alertTest in test.AlertTests)
            {
                var expected = alertTest.ExpectedAlerts.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToArray();
                var actual = got[(alertTest.EvalTime, alertTest.AlertName)].Select(a => a.ToString()).Order(StringComparer.Ordinal).ToArray();
                Assert.True(expected.SequenceEqual(actual),
                    $"{name}: {alertTest.AlertName} at {alertTest.EvalTime}:\nexpected\n  {string.Join("\n  ", expected)}\ngot\n  {string.Join("\n  ", actual)}");
            }
        }
    }

    /// <summary>Feeds the input series into a store, evaluates from time 0 to the last eval time, and keeps the firing alerts asked for.</summary>
    private static Dictionary<(TimeSpan, string), IReadOnlyList<ExpectedAlert>> Replay(
        PromtoolTestGroup test, IReadOnlyList<RuleFileResult> rules, TimeSpan evaluationInterval)
    {
        var metrics = new MetricsOptions { Retention = TimeSpan.FromDays(3650) };
        var store = new TimeSeriesStore(metrics);
        foreach (var series in test.Series)
        {
            var writes = series.Values
                .Select((value, i) => (value, at: (long)(i * test.Interval.TotalMilliseconds)))
                .Where(x => x.value is not null)
                .Select(x => new SeriesWrite(series.Labels, false, x.value!.Value, x.at))
                .ToArray();
            store.Apply(writes, 0);
        }
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var evaluator = new RuleEvaluator(store, metrics, new RuleEvaluationOptions { EvaluationInterval = evaluationInterval },
            new AlertBook(time, new AlertBookOptions()), time);
        evaluator.Load(rules);

        var wanted = test.AlertTests.Select(t => (t.EvalTime, t.AlertName)).ToHashSet();
        var last = test.AlertTests.Max(t => t.EvalTime);
        var got = new Dictionary<(TimeSpan, string), IReadOnlyList<ExpectedAlert>>();
        while (true)
        {
            var next = evaluator.EvaluateDue(CancellationToken.None);
            var at = time.GetUtcNow() - DateTimeOffset.UnixEpoch;
            foreach (var rule in evaluator.Groups.SelectMany(g => g.Rules).Where(r => wanted.Contains((at, r.Name))))
            {
                got[(at, rule.Name)] = rule.State.Alerts.Where(a => a.State == AlertState.Firing)
                    .Select(a => new ExpectedAlert(a.Labels, a.Annotations)).ToArray();
            }
            if (next is not { } due || due - DateTimeOffset.UnixEpoch > last)
            {
                return got;
            }
            time.SetUtcNow(due);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string testFile)
    {
        var info = new ProcessStartInfo(Promtool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(testFile)!,
        };
        info.ArgumentList.Add("test");
        info.ArgumentList.Add("rules");
        info.ArgumentList.Add(testFile);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
