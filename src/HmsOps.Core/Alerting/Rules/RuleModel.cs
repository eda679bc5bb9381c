namespace HmsOps.Core.Alerting.Rules;

/// <summary>One rule of a group, as written in a Prometheus rule file; <see cref="Expr"/> has already parsed.</summary>
public abstract record Rule(string Expr, IReadOnlyDictionary<string, string> Labels);

public sealed record AlertingRule(
    string Name,
    string Expr,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations) : Rule(Expr, Labels);

public sealed record RecordingRule(string Name, string Expr, IReadOnlyDictionary<string, string> Labels) : Rule(Expr, Labels);

/// <summary>A rule group; a null <see cref="Interval"/> means the global evaluation interval, a zero <see cref="Limit"/> means no limit.</summary>
public sealed record RuleGroup(string Name, TimeSpan? Interval, int Limit, IReadOnlyList<Rule> Rules);

/// <summary>The outcome of loading one file: either all its groups or every error found; never a partial file.</summary>
public sealed record RuleFileResult(string File, IReadOnlyList<RuleGroup> Groups, IReadOnlyList<string> Errors)
{
    public bool IsOk => Errors.Count == 0;

    public static RuleFileResult Ok(string file, IReadOnlyList<RuleGroup> groups) => new(file, groups, []);

    public static RuleFileResult Failed(string file, IReadOnlyList<string> errors) => new(file, [], errors);
}
