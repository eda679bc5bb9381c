using HmsOps.Console.Hosting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Alerting;

/// <summary>Where the rules come from and whether the console evaluates them itself, for the Rules page.</summary>
/// <param name="Evaluates">False with <c>Metrics:Source=Prometheus</c>: the real Prometheus evaluates its own rules.</param>
public sealed record RuleEvaluationMode(bool Evaluates, string Folder);

public static class RuleEvaluationRegistration
{
    /// <summary>
    /// The rule evaluator (section <c>Alerting</c>), its rules folder (<c>Alerting:Rules</c>) and its saved alert states
    /// (<c>rule-state.json</c> under Storage:DataPath). It runs only when the console's own store is the metrics source.
    /// </summary>
    public static WebApplicationBuilder AddRuleEvaluation(this WebApplicationBuilder builder)
    {
        ServiceRegistration.Bind<RuleEvaluationOptions, RuleEvaluationOptionsValidator>(builder, "Alerting");
        ServiceRegistration.Bind<AlertingRulesOptions, RuleEvaluationOptionsValidator>(builder, "Alerting:Rules");
        var configured = builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Source)}"];
        var evaluates = !(Enum.TryParse<MetricsSourceKind>(configured, ignoreCase: true, out var kind) && kind == MetricsSourceKind.Prometheus);
        var services = builder.Services;
        services.AddSingleton(sp => new RuleEvaluationMode(evaluates,
            Path.GetFullPath(ServiceRegistration.Value<AlertingRulesOptions>(sp).Directory, sp.GetRequiredService<ConsolePaths>().ContentRoot)));
        services.AddSingleton(sp =>
        {
            var dataPath = Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, sp.GetRequiredService<ConsolePaths>().ContentRoot);
            return new RuleEvaluator(sp.GetRequiredService<TimeSeriesStore>(), sp.GetRequiredService<MetricsOptions>(),
                ServiceRegistration.Value<RuleEvaluationOptions>(sp), sp.GetRequiredService<AlertBook>(), sp.GetRequiredService<TimeProvider>(),
                new RuleStateFile(Path.Combine(dataPath, RuleStateFile.FileName)), sp.GetRequiredService<ILogger<RuleEvaluator>>());
        });
        if (evaluates)
        {
            services.AddHostedService(sp => new RuleEvaluationService(sp.GetRequiredService<RuleEvaluator>(),
                sp.GetRequiredService<RuleEvaluationMode>().Folder, ServiceRegistration.Value<AlertingRulesOptions>(sp),
                ServiceRegistration.Value<RuleEvaluationOptions>(sp), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RuleEvaluationService>>()));
        }
        return builder;
    }
}

/// <summary>Checks the evaluator's keys in <c>Alerting</c> and the rules folder's bounds in <c>Alerting:Rules</c>, naming each key.</summary>
public sealed class RuleEvaluationOptionsValidator : IValidateOptions<RuleEvaluationOptions>, IValidateOptions<AlertingRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RuleEvaluationOptions o) => Result(
        (o.EvaluationInterval < TimeSpan.FromSeconds(1), "Alerting:EvaluationInterval must be at least 1 second"),
        (o.RulesReloadDebounce < TimeSpan.Zero, "Alerting:RulesReloadDebounce must not be negative"),
        (o.RulesRescanInterval < TimeSpan.FromSeconds(1), "Alerting:RulesRescanInterval must be at least 1 second"),
        (o.MaxPersistedAlerts < 0, "Alerting:MaxPersistedAlerts must not be negative"),
        (o.OutageTolerance < TimeSpan.Zero, "Alerting:OutageTolerance must not be negative"));

    public ValidateOptionsResult Validate(string? name, AlertingRulesOptions o) => Result(
        (string.IsNullOrWhiteSpace(o.Directory), "Alerting:Rules:Directory must be set"),
        (o.MaxFiles < 1, "Alerting:Rules:MaxFiles must be at least 1"),
        (o.MaxGroupsPerFile < 1, "Alerting:Rules:MaxGroupsPerFile must be at least 1"),
        (o.MaxRulesPerGroup < 1, "Alerting:Rules:MaxRulesPerGroup must be at least 1"),
        (o.MaxFileBytes < 1, "Alerting:Rules:MaxFileBytes must be at least 1"));

    private static ValidateOptionsResult Result(params (bool Failed, string Message)[] checks)
    {
        var failures = checks.Where(c => c.Failed).Select(c => c.Message).ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
