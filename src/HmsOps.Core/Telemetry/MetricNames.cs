namespace HmsOps.Core.Telemetry;

/// <summary>Prometheus's naming rules for metrics and labels.</summary>
public static class MetricNames
{
    public static bool IsValidMetricName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Label names users may set; names starting with <c>__</c> are reserved for internal use.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0 || name.StartsWith("__", StringComparison.Ordinal)
            || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }
}
