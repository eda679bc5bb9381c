using Bunit;
using Bunit.TestDoubles;
using HmsOps.Components.Tests.Incidents;
using HmsOps.Components.Tests.Security;
using HmsOps.Console.Security;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Audit;
using HmsOps.Core.Incidents;
using HmsOps.Core.Runbooks;
using HmsOps.Core.Telemetry;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Components.Tests.Alerting;

/// <summary>
/// A real alert book, silence store and suppression, and a runbook library over a temp folder holding one runbook
/// (ach_latency): what the Alerts page reads in the console, filled directly with alerts. The person at the page is
/// "ada" with the oncall role unless a test signs in someone else (<see cref="SignIn"/>).
/// </summary>
public abstract class AlertsTestBase : MudComponentTest, IDisposable
{
    private readonly string _runbooks = Path.Combine(Path.GetTempPath(), "hmsops-alerts-tests-" + Guid.NewGuid().ToString("N"));

    protected AlertsTestBase()
    {
        Book = new AlertBook(Time, new AlertBookOptions());
        Silences = new SilenceStore(Time, new SilenceOptions());
        Directory.CreateDirectory(_runbooks);
        File.WriteAllText(Path.Combine(_runbooks, "ach_latency.md"), """
            ---
            title: ACH payment latency high
            alerts: [ACHLatencyHigh]
            services: [ach-svc]
            owner: payments-oncall
            ---
            # ACH payment latency high

            Read [Roll back](#roll-back) first.

            ## Roll back

            One service at a time.
            """);
        Library = new RunbookLibrary(_runbooks, new RunbookLibraryOptions(), Time, NullLogger<RunbookLibrary>.Instance);
        Library.Reload();
        Ctx.Services.AddSingleton(Book);
        Ctx.Services.AddSingleton(Silences);
        Ctx.Services.AddSingleton<IAlertSuppression>(new AlertSuppression(Book, Silences, () => []));
        Ctx.Services.AddSingleton(Library);
        Ctx.Services.AddScoped<SignedInUser>();
        Ctx.Services.AddSingleton<IAuditLog>(Audit);
        Desk = new IncidentDesk(Ctx.Services, Time);
        Auth = Ctx.AddAuthorization();
        SignIn("ada", "viewer", "oncall");
    }

    protected AlertBook Book { get; }

    /// <summary>The incidents the page links alerts to.</summary>
    protected IncidentDesk Desk { get; }

    protected IncidentService Incidents => Ctx.Services.GetRequiredService<IncidentService>();

    protected BunitAuthorizationContext Auth { get; }

    protected RecordingAuditLog Audit { get; } = new();

    /// <summary>Signs in <paramref name="name"/> with exactly these roles (their policies follow, as in the console).</summary>
    protected void SignIn(string name, params string[] roles)
    {
        Auth.SetAuthorized(name);
        Auth.SetRoles(roles);
        Auth.SetPolicies([Policies.Viewer, .. roles.Where(r => r != Policies.Viewer)]);
    }

    protected SilenceStore Silences { get; }

    protected RunbookLibrary Library { get; }

    protected NavigationManager Navigation => Ctx.Services.GetRequiredService<NavigationManager>();

    protected ConsoleAlert Alert(string name, string severity, string service, AlertState state = AlertState.Firing,
        params (string Name, string Value)[] annotations)
    {
        var labels = LabelSet.From(("alertname", name), ("severity", severity), ("service", service));
        var activeAt = Time.GetUtcNow().AddMinutes(-10);
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.From(annotations), state, 6.2, activeAt,
            state == AlertState.Firing ? activeAt.AddMinutes(3) : null, state == AlertState.Inactive ? Time.GetUtcNow() : null,
            Time.GetUtcNow(), AlertOrigin.Rules, "rules/demo-fleet.yaml");
    }

    protected ConsoleAlert AchLatency() =>
        Alert("ACHLatencyHigh", "critical", "ach-svc", AlertState.Firing, ("runbook", "https://runbooks.gov/ops/ach_latency"),
            ("summary", "ACH p95 is 6.2s"));

    public void Dispose()
    {
        Library.Dispose();
        Desk.Dispose();
        Directory.Delete(_runbooks, recursive: true);
    }
}
