using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Storage;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Changes;

/// <summary>
/// Change services on real SQLite files in a temp folder. <see cref="Open"/> can be called more than once: each
/// instance has its own connections to the same <c>changes.db</c> and <c>audit.db</c>, as two consoles would.
/// </summary>
internal sealed class ChangeHarness : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly List<(ChangeService Service, SqliteChangeStore Store, SqliteAuditLog Audit)> _opened = [];

    public ChangeHarness(ChangesOptions? options = null)
    {
        Options = options ?? new ChangesOptions();
        Audit = new SqliteAuditLog(AuditPath, Time);
        Service = Open();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    public FakeExecutor Executor { get; } = new FakeExecutor().WithService("ach-svc", "v1.9.0").WithService("claims-api", "v3.1.0");

    public ChangesOptions Options { get; }

    public SqliteAuditLog Audit { get; }

    public ChangeService Service { get; }

    public string ChangesPath => _folder.Combine(SqliteChangeStore.FileName);

    public string AuditPath => _folder.Combine(SqliteAuditLog.FileName);

    public ChangeService Open(IChangeExecutor? executor = null)
    {
        var store = new SqliteChangeStore(ChangesPath, Options.MaxHistory);
        var audit = new SqliteAuditLog(AuditPath, Time);
        var service = new ChangeService(store, new ChangeMachine(Options), executor ?? Executor, audit, Time, NullLogger<ChangeService>.Instance);
        _opened.Add((service, store, audit));
        return service;
    }

    public IReadOnlyList<string> AuditActions() => Audit.ReadAll().Select(e => e.Action).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var (service, store, audit) in _opened)
        {
            await service.DisposeAsync();
            store.Dispose();
            audit.Dispose();
        }
        Audit.Dispose();
        _folder.Dispose();
    }
}
