using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Changes;

/// <summary>With default settings the console runs guarded changes on the demo fleet: its files exist and the page lists the fleet.</summary>
public sealed class ChangesWiringTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_default_console_opens_changes_db_and_audit_db_and_the_deployments_page_lists_the_demo_fleet()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        var html = await client.GetStringAsync(new Uri("/deployments", UriKind.Relative));

        Assert.Contains("data-testid=\"deployment-ach-svc\"", html, StringComparison.Ordinal);
        Assert.Contains("registry.local/ach-svc:v1.9.0", html, StringComparison.Ordinal);
        Assert.Contains("DemoFleet", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Console.DataPath, "changes.db")), "changes.db is created at start");
        Assert.True(File.Exists(Path.Combine(fixture.Console.DataPath, "audit.db")), "audit.db is created at start");
    }
}
