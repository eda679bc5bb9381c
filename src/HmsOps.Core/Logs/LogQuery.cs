using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Logs;

/// <summary>
/// A log search, as the Logs page and <c>GET /api/logs</c> ask it. Every filter is optional. <see cref="Text"/> is
/// full-text (SQLite FTS5) over the message; <see cref="Fields"/> are exact matches on structured fields.
/// Paging: <see cref="BeforeId"/> for older rows (infinite scroll), <see cref="AfterId"/> for newer ones (live tail).
/// </summary>
public sealed record LogQuery
{
    public const int MaxLimit = 1_000;

    public IReadOnlyList<string> Services { get; init; } = [];

    public IReadOnlyList<LogLevel> Levels { get; init; } = [];

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>32 lower-case hex digits.</summary>
    public string? TraceId { get; init; }

    public long? BeforeId { get; init; }

    public long? AfterId { get; init; }

    public int Limit { get; init; } = 200;
}
