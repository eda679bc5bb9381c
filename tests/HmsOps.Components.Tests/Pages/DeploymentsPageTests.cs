using Bunit;
using Bunit.TestDoubles;
using HmsOps.Components.Tests.Dashboards;
using HmsOps.Components.Tests.Incidents;
using HmsOps.Console.Security;
using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Storage;
using HmsOps.Core.Demo;
using HmsOps.Core.Incidents;
using HmsOps.Core.Deployments;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Radar;
using HmsOps.Core.Security;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using DeploymentsPage = HmsOps.Console.Components.Pages.Deployments;

namespace HmsOps.Components.Tests.Pages;

/// <summary>The Deployments page over the real demo fleet provider and a real change service on a temp folder.</summary>
public sealed partial class DeploymentsPageTests : MudComponentTest, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly Actor Engineer = Actor.Create("engineer", Role.Viewer, Role.Engineer);
    private static readonly Actor Lead1 = Actor.Create("lead1", Role.Viewer, Role.Lead);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-deploy-" + Guid.NewGuid().ToString("N"));
    private readonly DemoFleetState _fleet;

    public DeploymentsPageTests()
    {
        Directory.CreateDirectory(_folder);
        var demo = new DemoOptions { RolloutDuration = TimeSpan.FromSeconds(10) };
        _fleet = new DemoFleetState(demo, null, Time);
        var provider = new DemoFleetProvider(_fleet, demo, new DeploymentOptions { PollInterval = TimeSpan.FromSeconds(1) }, Time);
        // Made by factories so the context disposes them (the change service waits for its executions) before the folder goes.
        Ctx.Services.AddSingleton(_ => new SqliteChangeStore(Path.Combine(_folder, SqliteChangeStore.FileName), 100));
        Ctx.Services.AddSingleton(_ => new SqliteAuditLog(Path.Combine(_folder, SqliteAuditLog.FileName), Time));
        Ctx.Services.AddSingleton(sp => new ChangeService(sp.GetRequiredService<SqliteChangeStore>(), new ChangeMachine(new ChangesOptions()),
            new DeploymentChangeExecutor(provider), sp.GetRequiredService<SqliteAuditLog>(), Time, NullLogger<ChangeService>.Instance));
        Ctx.Services.AddSingleton<IDeploymentProvider>(provider);
        Ctx.Services.AddSingleton<IMetricsSource>(Metrics);
        Ctx.Services.AddSingleton(new RadarOptions());
        Ctx.Services.AddScoped<SignedInUser>();
        Desk = new IncidentDesk(Ctx.Services, Time);
        Auth = Ctx.AddAuthorization();
        SignIn("viewer", "viewer");
    }

    private BunitAuthorizationContext Auth { get; }

    private IncidentDesk Desk { get; }

    private IncidentService Incidents => Ctx.Services.GetRequiredService<IncidentService>();

    /// <summary>Signs in <paramref name="name"/> with exactly these roles (their policies follow, as in the console).</summary>
    private void SignIn(string name, params string[] roles)
    {
        Auth.SetAuthorized(name);
        Auth.SetRoles(roles);
        Auth.SetPolicies([Policies.Viewer, .. roles.Where(r => r != Policies.Viewer)]);
    }

    private ChangeService Changes => Ctx.Services.GetRequiredService<ChangeService>();

    private FakeMetricsSource Metrics { get; } = new();

    [Fact]
    public void Each_service_shows_its_version_image_replicas_and_history_from_the_provider()
    {
        var page = Ctx.Render<DeploymentsPage>();

        page.WaitForAssertion(() => Assert.Equal(["deployment-ach-svc", "deployment-api-gw", "deployment-claims-api"],
            page.FindAll("[data-testid^='deployment-']").Select(e => e.GetAttribute("data-testid"))), Deadline);
        var ach = page.Find("[data-testid='deployment-ach-svc']");
        Assert.Equal("v1.9.0", ach.QuerySelector("[data-testid='current-version']")!.TextContent);
        Assert.Equal("registry.local/ach-svc:v1.9.0", ach.QuerySelector("[data-testid='image']")!.TextContent);
        Assert.Equal("3/3 ready", ach.QuerySelector("[data-testid='replicas']")!.TextContent);
        Assert.Contains("v1.9.0 (current)", ach.QuerySelectorAll("[data-testid='revision']")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("NO DATA", ach.QuerySelector("[data-testid='health-chip']")!.TextContent.Trim());
        Assert.Equal("DemoFleet", page.Find("[data-testid='provider-name']").TextContent);
        Assert.NotNull(page.Find("[data-testid='no-changes']"));
        // A viewer may look but not act: no button here would change anything.
        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public async Task A_canary_in_force_shows_its_version_and_weight_on_the_service()
    {
        var started = await Ctx.Services.GetRequiredService<IDeploymentProvider>().StartCanaryAsync("ach-svc", "v1.9.1", 25, "trying v1.9.1", CancellationToken.None);
        Assert.True(started.IsOk, started.Reason);

        var page = Ctx.Render<DeploymentsPage>();

        page.WaitForAssertion(() => Assert.StartsWith("canary v1.9.1 at 25 %",
            page.Find("[data-testid='deployment-ach-svc'] [data-testid='in-flight']").TextContent.Trim(), StringComparison.Ordinal), Deadline);
        Assert.Empty(page.FindAll("[data-testid='deployment-claims-api'] [data-testid='in-flight']"));
    }

    [Fact]
    public void A_p95_over_the_radars_limit_turns_the_service_red_with_the_numbers()
    {
        Metrics.Answer = query => Scalar(query.StartsWith("histogram_quantile(0.95", StringComparison.Ordinal) && query.Contains("ach-svc", StringComparison.Ordinal) ? 3.2 : 0.002);

        var page = Ctx.Render<DeploymentsPage>();

        page.WaitForAssertion(() =>
        {
            var ach = page.Find("[data-testid='deployment-ach-svc']");
            Assert.Equal("OVER THRESHOLD", ach.QuerySelector("[data-testid='health-chip']")!.TextContent.Trim());
            Assert.Contains("p95 3.2 s (p95 over 1 s)", ach.QuerySelector("[data-testid='health']")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("HEALTHY", page.Find("[data-testid='deployment-claims-api'] [data-testid='health-chip']").TextContent.Trim());
        }, Deadline);
        Assert.Contains(Metrics.Queries, q => q.Contains("hms_http_requests_total{service=\"ach-svc\", code=~\"5..\"}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_shows_live_with_its_countdown_and_an_approval_moves_the_row_and_the_version()
    {
        RenderInteractively();
        var page = Ctx.Render<DeploymentsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid='deployment-ach-svc']"), Deadline);

        var requested = await Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s since v1.9.0"), Engineer);
        var id = requested.Change!.Id;

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-change-id='{id}']");
            Assert.Equal("requested", row.QuerySelector("[data-testid='change-state']")!.TextContent.Trim());
            Assert.Contains("engineer", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("rollback v1.9.0 → v1.8.2", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("expires in 15:00", row.QuerySelector("[data-testid='change-expiry']")!.TextContent);
        }, Deadline);

        await Changes.ApproveAsync(id, Lead1);
        await UntilAsync(() =>
        {
            var row = page.Find($"[data-change-id='{id}']");
            return row.QuerySelector("[data-testid='change-state']")!.TextContent.Trim() == "succeeded"
                   && page.Find("[data-testid='deployment-ach-svc'] [data-testid='current-version']").TextContent == "v1.8.2";
        });
        var done = page.Find($"[data-change-id='{id}']");
        Assert.Equal("lead1", done.QuerySelector("[data-testid='change-approver']")!.TextContent);
        Assert.Equal("", done.QuerySelector("[data-testid='change-expiry']")!.TextContent);
        Assert.Contains(id, page.Find("[data-testid='deployment-ach-svc'] [data-testid='revision']").TextContent, StringComparison.Ordinal);
    }

    /// <summary>Moves the fake clock (the demo rollout and the render throttle run on it) until the page shows the condition.</summary>
    private async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (Bunit.ElementNotFoundException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the page did not show the change's result in time");
            }
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    private static VectorResult Scalar(double value) => new([new VectorSample(LabelSet.Empty, 0, value)]);

    public void Dispose()
    {
        Desk.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
