using System.Globalization;
using HmsOps.Core.Alerting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// The notification outbox and delivery ledger in one SQLite file (WAL, synchronous=FULL): a notification's
/// deliveries are committed to disk before <see cref="EnqueueAsync"/> returns, and stay as the ledger after they
/// finish, until <see cref="OutboxOptions.LedgerRetention"/> or <see cref="OutboxOptions.MaxLedgerRows"/> prunes them.
/// One connection behind one lock: the volumes are small, and SQLite connections are not thread-safe.
/// </summary>
public sealed class SqliteNotificationOutbox : INotificationOutbox, IDisposable
{
    public const string FileName = "notifications.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly OutboxOptions _options;
    private readonly IReceiverDirectory _receivers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Subscribers _subscribers = new();
    private readonly SemaphoreSlim _work = new(0, 1);
    private bool _disposed;

    public SqliteNotificationOutbox(string databasePath, OutboxOptions options, IReceiverDirectory receivers,
        TimeProvider time, ILogger<SqliteNotificationOutbox> logger)
    {
        _options = options;
        _receivers = receivers;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        OutboxSchema.Apply(_connection);
        // An attempt in flight when the console stopped may or may not have arrived: send it again
        // (at-least-once; the dedup key keeps a second copy from paging twice).
        var resumed = Execute($"UPDATE deliveries SET status = {(int)DeliveryStatus.Pending} WHERE status = {(int)DeliveryStatus.Sending}");
        if (resumed > 0)
        {
            _logger.LogWarning("{Count} notification deliveries were in flight at the last stop and will be sent again", resumed);
        }
    }

    /// <summary>Deliveries waiting to be sent (pending or sending).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return CountPendingLocked();
            }
        }
    }

    /// <summary>Called after every change of the ledger (the ledger page re-renders through a throttle).</summary>
    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    /// <summary>Completes when a notification was enqueued since the last call (the worker's wake-up).</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken) => _work.WaitAsync(cancellationToken);

    public Task<bool> EnqueueAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        var receiver = _receivers.Find(notification.Receiver);
        if (receiver is null)
        {
            _logger.LogError("Notification {NotificationId} for group {GroupKey} names receiver {Receiver}, which is not configured; nothing is sent",
                notification.Id, notification.GroupKey, notification.Receiver);
            return Task.FromResult(true);
        }
        var planned = DeliveryPlanner.Plan(notification, receiver, _receivers.ExternalUrl);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Scalar<long>("SELECT count(*) FROM deliveries WHERE notification_id = $id", ("$id", notification.Id)) > 0)
            {
                return Task.FromResult(true);
            }
            var pending = CountPendingLocked();
            if (pending + planned.Count > _options.MaxPending)
            {
                _logger.LogError(
                    "The notification outbox is full ({Pending} deliveries waiting, Notifications:Outbox:MaxPending {Max}): notification {NotificationId} to {Receiver} refused",
                    pending, _options.MaxPending, notification.Id, notification.Receiver);
                return Task.FromResult(false);
            }
            InsertLocked(notification, planned, now);
        }
        if (planned.Count > 0)
        {
            Wake();
        }
        _subscribers.Notify();
        return Task.FromResult(true);
    }

    /// <summary>
    /// Enqueues a message that is not an alert group (the note after a change) with payloads already rendered:
    /// the same durability, retries, ordering and ledger as alert notifications. An id already there is ignored,
    /// so whoever re-offers the message after a restart cannot post it twice.
    /// </summary>
    /// <returns>False when the outbox is full.</returns>
    public bool EnqueueMessage(string id, string groupKey, string summary, IReadOnlyList<PlannedDelivery> planned)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Scalar<long>("SELECT count(*) FROM deliveries WHERE notification_id = $id", ("$id", id)) > 0)
            {
                return true;
            }
            if (CountPendingLocked() + planned.Count > _options.MaxPending)
            {
                _logger.LogError("The notification outbox is full (Notifications:Outbox:MaxPending {Max}): message {NotificationId} refused",
                    _options.MaxPending, id);
                return false;
            }
            InsertLocked(id, groupKey, NotificationStatus.Firing, summary, 0, planned, now);
        }
        if (planned.Count > 0)
        {
            Wake();
        }
        _subscribers.Notify();
        return true;
    }

    private void InsertLocked(Notification notification, IReadOnlyList<PlannedDelivery> planned, long now) =>
        InsertLocked(notification.Id, notification.GroupKey, notification.Status, Receivers.NotificationView.AlertNames(notification),
            notification.Alerts.Count, planned, now);

    private void InsertLocked(string id, string groupKey, NotificationStatus status, string names, int count,
        IReadOnlyList<PlannedDelivery> planned, long now)
    {
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO deliveries (notification_id, receiver, kind, idx, integration, group_key, notification_status,
                alert_names, alert_count, dedup_key, payload, status, next_attempt_ms, created_ms)
            VALUES ($id, $receiver, $kind, $idx, $integration, $group, $nstatus, $names, $count, $dedup, $payload, $status, $now, $now)
            """;
        foreach (var delivery in planned)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$receiver", delivery.Integration.Receiver);
            insert.Parameters.AddWithValue("$kind", (int)delivery.Integration.Kind);
            insert.Parameters.AddWithValue("$idx", delivery.Integration.Index);
            insert.Parameters.AddWithValue("$integration", delivery.Integration.Key);
            insert.Parameters.AddWithValue("$group", groupKey);
            insert.Parameters.AddWithValue("$nstatus", (int)status);
            insert.Parameters.AddWithValue("$names", names);
            insert.Parameters.AddWithValue("$count", count);
            insert.Parameters.AddWithValue("$dedup", delivery.DedupKey);
            insert.Parameters.AddWithValue("$payload", delivery.Payload);
            insert.Parameters.AddWithValue("$status", (int)DeliveryStatus.Pending);
            insert.Parameters.AddWithValue("$now", now);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    // A delivery waits while an earlier one of its integration and group is unfinished.
    private static readonly string FirstOfItsGroup = $"""
        NOT EXISTS (SELECT 1 FROM deliveries e
                    WHERE e.integration = d.integration AND e.group_key = d.group_key AND e.seq < d.seq
                      AND e.status IN ({(int)DeliveryStatus.Pending}, {(int)DeliveryStatus.Sending}))
        """;

    /// <summary>
    /// Deliveries due now, oldest first, and only the oldest unfinished one of each integration and group,
    /// so a group's notifications arrive in order (a resolve never overtakes its trigger).
    /// </summary>
    public IReadOnlyList<PendingDelivery> Due(DateTimeOffset now, int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"""
                SELECT d.seq, d.notification_id, d.receiver, d.kind, d.idx, d.group_key, d.dedup_key, d.payload, d.attempts, d.created_ms
                FROM deliveries d
                WHERE d.status = {(int)DeliveryStatus.Pending} AND d.next_attempt_ms <= $now AND {FirstOfItsGroup}
                ORDER BY d.seq LIMIT $limit
                """;
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var due = new List<PendingDelivery>();
            while (reader.Read())
            {
                due.Add(new PendingDelivery(reader.GetInt64(0), reader.GetString(1),
                    new IntegrationRef(reader.GetString(2), (IntegrationKind)reader.GetInt32(3), reader.GetInt32(4)),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
            }
            return due;
        }
    }

    /// <summary>When the earliest sendable delivery is due (one behind an earlier one of its group is not); null when none waits.</summary>
    public DateTimeOffset? NextDueAt()
    {
        lock (_gate)
        {
            var next = Scalar<long?>(
                $"SELECT min(d.next_attempt_ms) FROM deliveries d WHERE d.status = {(int)DeliveryStatus.Pending} AND {FirstOfItsGroup}");
            return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    public void MarkSending(long sequence) =>
        Update(sequence, $"status = {(int)DeliveryStatus.Sending}");

    public void MarkDelivered(long sequence, int attempts, DateTimeOffset at) =>
        Update(sequence, $"status = {(int)DeliveryStatus.Delivered}, attempts = $attempts, delivered_ms = $at, finished_ms = $at, last_error = NULL",
            ("$attempts", attempts), ("$at", at.ToUnixTimeMilliseconds()));

    public void MarkRetry(long sequence, int attempts, DateTimeOffset nextAttempt, string error) =>
        Update(sequence, $"status = {(int)DeliveryStatus.Pending}, attempts = $attempts, next_attempt_ms = $next, last_error = $error",
            ("$attempts", attempts), ("$next", nextAttempt.ToUnixTimeMilliseconds()), ("$error", error));

    /// <summary>Not sent yet for a reason that is not the receiver's (rate limit, shutdown): no attempt is counted.</summary>
    public void Postpone(long sequence, DateTimeOffset nextAttempt) =>
        Update(sequence, $"status = {(int)DeliveryStatus.Pending}, next_attempt_ms = $next", ("$next", nextAttempt.ToUnixTimeMilliseconds()));

    public void MarkFinished(long sequence, DeliveryStatus status, int attempts, string error, DateTimeOffset at) =>
        Update(sequence, "status = $status, attempts = $attempts, last_error = $error, finished_ms = $at",
            ("$status", (int)status), ("$attempts", attempts), ("$error", error), ("$at", at.ToUnixTimeMilliseconds()));

    /// <summary>The ledger, newest first, filtered, at most <see cref="LedgerQuery.Limit"/> rows.</summary>
    public IReadOnlyList<DeliveryRecord> Query(LedgerQuery query)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return [];
            }
            using var command = _connection.CreateCommand();
            var where = new List<string>();
            if (query.Receiver is { } receiver)
            {
                where.Add("receiver = $receiver");
                command.Parameters.AddWithValue("$receiver", receiver);
            }
            if (query.Status is { } status)
            {
                where.Add("status = $status");
                command.Parameters.AddWithValue("$status", (int)status);
            }
            command.CommandText = $"""
                SELECT seq, notification_id, receiver, kind, idx, group_key, notification_status, alert_names, alert_count,
                       status, attempts, next_attempt_ms, last_error, created_ms, delivered_ms
                FROM deliveries {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
                ORDER BY seq DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$limit", Math.Max(1, query.Limit));
            using var reader = command.ExecuteReader();
            var records = new List<DeliveryRecord>();
            while (reader.Read())
            {
                var rowStatus = (DeliveryStatus)reader.GetInt32(9);
                records.Add(new DeliveryRecord(reader.GetInt64(0), reader.GetString(1),
                    new IntegrationRef(reader.GetString(2), (IntegrationKind)reader.GetInt32(3), reader.GetInt32(4)),
                    reader.GetString(5), (NotificationStatus)reader.GetInt32(6), reader.GetString(7), reader.GetInt32(8),
                    rowStatus, reader.GetInt32(10),
                    rowStatus == DeliveryStatus.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)) : null,
                    reader.IsDBNull(12) ? null : reader.GetString(12),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                    reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14))));
            }
            return records;
        }
    }

    /// <summary>Receiver names in the ledger, for the page's filter.</summary>
    public IReadOnlyList<string> LedgerReceivers()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return [];
            }
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT receiver FROM deliveries ORDER BY receiver";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
            return names;
        }
    }

    /// <summary>
    /// Drops finished deliveries older than the retention, then the oldest finished ones beyond the row bound.
    /// Waiting deliveries are never dropped (they are bounded by <see cref="OutboxOptions.MaxPending"/>).
    /// </summary>
    public int Prune(DateTimeOffset now)
    {
        int removed;
        lock (_gate)
        {
            var cutoff = (now - _options.LedgerRetention).ToUnixTimeMilliseconds();
            removed = Execute("DELETE FROM deliveries WHERE finished_ms IS NOT NULL AND finished_ms < $cutoff", ("$cutoff", cutoff));
            var excess = Scalar<long>("SELECT count(*) FROM deliveries") - _options.MaxLedgerRows;
            if (excess > 0)
            {
                removed += Execute("""
                    DELETE FROM deliveries WHERE seq IN (
                        SELECT seq FROM deliveries WHERE finished_ms IS NOT NULL ORDER BY finished_ms, seq LIMIT $excess)
                    """, ("$excess", excess));
            }
        }
        if (removed > 0)
        {
            _subscribers.Notify();
        }
        return removed;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _connection.Dispose();
        }
        _work.Dispose();
    }

    private void Wake()
    {
        try
        {
            if (_work.CurrentCount == 0)
            {
                _work.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every enqueue before the worker looks.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private void Update(long sequence, string set, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            Execute($"UPDATE deliveries SET {set} WHERE seq = $seq", [.. parameters, ("$seq", sequence)]);
        }
        _subscribers.Notify();
    }

    private int CountPendingLocked() => (int)Scalar<long>(
        $"SELECT count(*) FROM deliveries WHERE status IN ({(int)DeliveryStatus.Pending}, {(int)DeliveryStatus.Sending})");

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = command.ExecuteScalar();
        if (result is null or DBNull)
        {
            return default!;
        }
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(result, type, CultureInfo.InvariantCulture);
    }
}
