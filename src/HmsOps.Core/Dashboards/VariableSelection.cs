namespace HmsOps.Core.Dashboards;

/// <summary>
/// Which values a variable has, as Grafana chooses them: the requested ones (URL <c>var-x</c>, a dropdown
/// change) that are still options, else the saved current, else All (include-All variables) or the first option.
/// A value is always kept for a query variable whose options are not known yet (the source is unavailable).
/// </summary>
public static class VariableSelection
{
    public static VariableValue Select(VariableDefinition variable, IReadOnlyList<string> options, IReadOnlyList<string>? requested)
    {
        if (variable.Kind == VariableKind.Constant)
        {
            return new VariableValue([variable.Current.Count > 0 ? variable.Current[0] : variable.Query]);
        }
        var chosen = Pick(variable, options, requested) ?? Pick(variable, options, variable.Current) ?? Default(variable, options);
        var isAll = chosen.Contains(VariableDefinition.AllToken, StringComparer.Ordinal);
        var values = isAll ? options : chosen;
        return new VariableValue(values, variable.Multi, variable.IncludeAll, isAll, variable.AllValue);
    }

    private static IReadOnlyList<string>? Pick(VariableDefinition variable, IReadOnlyList<string> options, IReadOnlyList<string>? wanted)
    {
        if (wanted is null || wanted.Count == 0)
        {
            return null;
        }
        if (wanted.Contains(VariableDefinition.AllToken, StringComparer.Ordinal) || wanted.Contains("All", StringComparer.Ordinal) && variable.IncludeAll && !options.Contains("All"))
        {
            return variable.IncludeAll ? [VariableDefinition.AllToken] : null;
        }
        var known = options.Count == 0 ? wanted : wanted.Where(w => options.Contains(w, StringComparer.Ordinal)).ToArray();
        if (known.Count == 0)
        {
            return null;
        }
        return variable.Multi ? known : [known[0]];
    }

    private static IReadOnlyList<string> Default(VariableDefinition variable, IReadOnlyList<string> options) =>
        variable.IncludeAll ? [VariableDefinition.AllToken]
        : options.Count > 0 ? [options[0]]
        : [];
}
