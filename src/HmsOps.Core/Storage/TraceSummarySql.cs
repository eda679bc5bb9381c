namespace HmsOps.Core.Storage;

/// <summary>
/// How a row of the <c>traces</c> summary table is computed from the trace's spans. The root is the earliest span without a
/// parent, or the earliest span when the root has not arrived yet. Recomputing (rather than adding up) keeps the row right
/// when a span is sent twice and replaces its first copy; the writer adds up new spans itself (see <see cref="TraceSummaryWriter"/>)
/// and recomputes only then.
/// </summary>
internal static class TraceSummarySql
{
    // root_start_us and root_has_parent (schema step 4) let the writer decide whether a new span becomes the root without
    // reading the trace's spans back.
    private const string Columns =
        "trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent";

    private const string RootOrder = "FROM spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1";

    private const string Aggregate =
        "SELECT s.trace_id, min(s.start_us), max(s.start_us + s.duration_us), count(*), sum(s.status = 1), group_concat(DISTINCT s.service), " +
        $"(SELECT r.service {RootOrder}), (SELECT r.name {RootOrder}), (SELECT r.start_us {RootOrder}), (SELECT r.parent_span_id IS NOT NULL {RootOrder}) " +
        "FROM spans s";

    /// <summary>One trace, bound as <c>?1</c>.</summary>
    public const string RefreshOne = $"INSERT OR REPLACE INTO traces ({Columns}) {Aggregate} WHERE s.trace_id = ?1 GROUP BY s.trace_id";

    /// <summary>Every trace (the migration that adds the root columns).</summary>
    public const string RefreshAll = $"INSERT OR REPLACE INTO traces ({Columns}) {Aggregate} GROUP BY s.trace_id;";

    /// <summary>
    /// Schema step 3's own fill of the table, before the root columns existed. A migration step must keep doing what it did
    /// when it shipped, so it does not follow <see cref="RefreshAll"/>.
    /// </summary>
    public const string RefreshAllStep3 =
        "INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name) " +
        "SELECT s.trace_id, min(s.start_us), max(s.start_us + s.duration_us), count(*), sum(s.status = 1), group_concat(DISTINCT s.service), " +
        "(SELECT r.service FROM spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1), " +
        "(SELECT r.name FROM spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1) " +
        "FROM spans s GROUP BY s.trace_id;";

    /// <summary>
    /// After spans were deleted (retention, archive): drops summaries of traces with no span left among those starting
    /// before <c>$before</c>, then recomputes the rest of them (a trace that straddled the cut keeps its newer spans).
    /// </summary>
    public const string RefreshStartingBefore =
        "DELETE FROM traces WHERE start_us < $before AND NOT EXISTS (SELECT 1 FROM spans WHERE spans.trace_id = traces.trace_id); " +
        $"INSERT OR REPLACE INTO traces ({Columns}) {Aggregate} WHERE s.trace_id IN (SELECT trace_id FROM traces WHERE start_us < $before) GROUP BY s.trace_id;";
}
