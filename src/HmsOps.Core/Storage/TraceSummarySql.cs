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

    /// <summary>Every trace (the migration that adds the root columns). Schema step 4's query, kept as it shipped.</summary>
    public const string RefreshAllStep4 = $"INSERT OR REPLACE INTO traces ({Columns}) {Aggregate} GROUP BY s.trace_id;";

    /// <summary>
    /// Schema step 3's own fill of the table, before the root columns existed. A migration step must keep doing what it did
    /// when it shipped, so it does not follow the queries below.
    /// </summary>
    public const string RefreshAllStep3 =
        "INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name) " +
        "SELECT s.trace_id, min(s.start_us), max(s.start_us + s.duration_us), count(*), sum(s.status = 1), group_concat(DISTINCT s.service), " +
        "(SELECT r.service FROM spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1), " +
        "(SELECT r.name FROM spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1) " +
        "FROM spans s GROUP BY s.trace_id;";

    // Since schema step 5 a span finds its summary row by the row's number (spans.trace_key = traces.id), and a summary keeps
    // its number for good: spans refer to it. So a refresh updates the row in place; INSERT OR REPLACE would renumber it.
    private const string KeyedRootOrder = "FROM spans r WHERE r.trace_key = traces.id ORDER BY r.parent_span_id IS NOT NULL, r.start_us LIMIT 1";

    private const string KeyedRefresh =
        "UPDATE traces SET (start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent) = " +
        "(SELECT min(s.start_us), max(s.start_us + s.duration_us), count(*), sum(s.status = 1), group_concat(DISTINCT s.service), " +
        $"(SELECT r.service {KeyedRootOrder}), (SELECT r.name {KeyedRootOrder}), (SELECT r.start_us {KeyedRootOrder}), " +
        $"(SELECT r.parent_span_id IS NOT NULL {KeyedRootOrder}) FROM spans s WHERE s.trace_key = traces.id)";

    /// <summary>One trace by its summary row's number, bound as <c>?1</c>; the trace has at least one span.</summary>
    public const string RefreshKey = $"{KeyedRefresh} WHERE id = ?1";

    /// <summary>Schema step 5's fill of the summaries it had to create for spans without one (their root columns are empty).</summary>
    public const string RefreshUnrootedStep5 = $"{KeyedRefresh} WHERE root_start_us IS NULL;";

    /// <summary>
    /// After spans were deleted (retention, archive): drops summaries of traces with no span left among those starting
    /// before <c>$before</c>, then recomputes the rest of them (a trace that straddled the cut keeps its newer spans).
    /// </summary>
    public const string RefreshStartingBefore =
        "DELETE FROM traces WHERE start_us < $before AND NOT EXISTS (SELECT 1 FROM spans WHERE spans.trace_key = traces.id); " +
        $"{KeyedRefresh} WHERE start_us < $before;";
}
