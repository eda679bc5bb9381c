using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Logs;

/// <summary>A log as stored: its row id orders it and pages through results.</summary>
public sealed record StoredLog(long Id, LogEvent Log);

/// <summary>
/// One page of results, newest first. <see cref="NextBeforeId"/> continues to older rows (null when there are
/// none); <see cref="FromArchive"/> says part of the page was read from the archive (slower).
/// </summary>
public sealed record LogPage(IReadOnlyList<StoredLog> Logs, long? NextBeforeId, bool FromArchive);
