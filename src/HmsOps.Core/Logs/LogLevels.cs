using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Logs;

/// <summary>Level names as the ingest API, the Logs page and <c>GET /api/logs</c> spell them.</summary>
public static class LogLevels
{
    public static readonly IReadOnlyList<LogLevel> All = Enum.GetValues<LogLevel>();

    public const string Expected = "trace, debug, info, warn, error, fatal or security";

    public static string Name(LogLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out LogLevel level)
    {
        level = default;
        var name = text.Trim().ToLowerInvariant();
        if (name == "warning")
        {
            name = "warn";
        }
        foreach (var candidate in All)
        {
            if (Name(candidate) == name)
            {
                level = candidate;
                return true;
            }
        }
        return false;
    }
}
