using Bunit;
using Bunit.TestDoubles;
using HmsOps.Console.Security;
using HmsOps.Core.Alerting;
using HmsOps.Core.Incidents;
using HmsOps.Core.Security;
using HmsOps.Core.Telemetry;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Incidents;

/// <summary>
/// The incident pages over a real incident service (<see cref="IncidentDesk"/>), rendered as an open tab, with "ada"
/// signed in as a viewer unless a test signs in someone else.
/// </summary>
public abstract class IncidentsTestBase : MudComponentTest, IDisposable
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    protected static readonly Actor Engineer = Actor.Create("engineer", Role.Viewer, Role.OnCall, Role.Engineer);

    protected IncidentsTestBase()
    {
        Desk = new IncidentDesk(Ctx.Services, Time);
        Ctx.Services.AddScoped<SignedInUser>();
        Auth = Ctx.AddAuthorization();
        SignIn("ada", "viewer");
        RenderInteractively();
    }

    protected IncidentDesk Desk { get; }

    protected BunitAuthorizationContext Auth { get; }

    protected IncidentService Incidents => Ctx.Services.GetRequiredService<IncidentService>();

    protected NavigationManager Navigation => Ctx.Services.GetRequiredService<NavigationManager>();

    /// <summary>Signs in <paramref name="name"/> with exactly these roles (their policies follow, as in the console).</summary>
    protected void SignIn(string name, params string[] roles)
    {
        Auth.SetAuthorized(name);
        Auth.SetRoles(roles);
        Auth.SetPolicies([Policies.Viewer, .. roles.Where(r => r != Policies.Viewer)]);
    }

    protected async Task<Incident> OpenAsync(string title, string severity = "critical", params string[] services)
    {
        var result = await Incidents.OpenAsync(new IncidentDraft(title, severity, services), Engineer);
        Assert.True(result.IsOk, result.Message);
        return result.Incident!;
    }

    /// <summary>An alert as the watcher reports it; firing ones at critical open (or join) an incident.</summary>
    protected ConsoleAlert Alert(string name, string service, AlertState state, string severity = "critical")
    {
        var labels = LabelSet.From(("alertname", name), ("severity", severity), ("service", service));
        var now = Time.GetUtcNow();
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, state, 6.2, now.AddSeconds(-30),
            state == AlertState.Firing ? now : null, state == AlertState.Inactive ? now : null, now, AlertOrigin.Rules, "rules/demo-fleet.yaml");
    }

    /// <summary>
    /// Moves the fake clock a second at a time (render throttles and SLA clocks run on it) until the assertion holds.
    /// </summary>
    protected async Task UntilAsync<T>(IRenderedComponent<T> page, Action assertion) where T : IComponent
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                page.WaitForAssertion(assertion, TimeSpan.FromMilliseconds(200));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }
        }
    }

    public virtual void Dispose()
    {
        Desk.Dispose();
        GC.SuppressFinalize(this);
    }
}
