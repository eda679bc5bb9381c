using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Incidents;

/// <summary>
/// Incident services on real SQLite files in a temp folder. <see cref="Restart"/> opens a new store and service on the
/// same <c>incidents.db</c>, as a console restart would.
/// </summary>
internal sealed class IncidentHarness : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly List<IDisposable> _opened = [];

    public IncidentHarness(IncidentsOptions? options = null, IIncidentImpactSource? impact = null)
    {
        Options = options ?? new IncidentsOptions();
        Impact = impact;
        Audit = new SqliteAuditLog(_folder.Combine(SqliteAuditLog.FileName), Time);
        _opened.Add(Audit);
        Service = Open();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    public IncidentsOptions Options { get; }

    public IIncidentImpactSource? Impact { get; }

    public SqliteAuditLog Audit { get; }

    public IncidentService Service { get; private set; }

    public SqliteIncidentStore Store { get; private set; } = null!;

    public IncidentService Restart() => Service = Open();

    public IReadOnlyList<string> AuditActions() => Audit.ReadAll().Select(e => e.Action).ToList();

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string id) => await Service.TimelineAsync(id);

    public static ConsoleAlert Alert(string name, string service, string severity, AlertState state, DateTimeOffset activeAt,
        DateTimeOffset? firedAt = null, DateTimeOffset? resolvedAt = null, string instance = "i-1", AlertAcknowledgement? ack = null)
    {
        var labels = LabelSet.From(("alertname", name), ("service", service), ("severity", severity), ("instance", instance));
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.From(("summary", $"{name} on {service}")), state, 1,
            activeAt, firedAt, resolvedAt, resolvedAt ?? firedAt ?? activeAt, AlertOrigin.Rules, "test.yml/group", Acknowledged: ack);
    }

    public void Dispose()
    {
        foreach (var opened in _opened)
        {
            opened.Dispose();
        }
        _folder.Dispose();
    }

    private IncidentService Open()
    {
        Store = new SqliteIncidentStore(_folder.Combine(SqliteIncidentStore.FileName), Options.MaxTimelineEntries);
        _opened.Add(Store);
        return new IncidentService(Store, Options, Audit, Time, new PostmortemGenerator(Options, Impact));
    }
}
