namespace HmsOps.Core.Dashboards;

/// <summary>A dashboard file that cannot be read: <see cref="Path"/> is the JSON path of the offending field.</summary>
public sealed class DashboardFormatException(string path, string reason)
    : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
