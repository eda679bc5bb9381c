using System.Net;
using System.Net.Sockets;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Startup;

/// <summary>A console that cannot start says why in one line on stderr, with no stack trace, and exits with 2.</summary>
public sealed class StartupFailureTests : IDisposable
{
    private const string Prefix = "hms-ops console: cannot start:";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly List<string> _scratch = [];

    public void Dispose()
    {
        foreach (var path in _scratch.Where(File.Exists))
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_port_already_in_use_is_named()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        await using var console = new ConsoleProcess(Quiet(), port: port);

        var reason = await FailureReasonAsync(console);

        Assert.Contains("in use", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_path_under_a_regular_file_is_named()
    {
        var file = Path.GetTempFileName();
        _scratch.Add(file);
        var dataPath = Path.Combine(file, "data");
        await using var console = new ConsoleProcess(Quiet(("Storage:DataPath", dataPath)));

        var reason = await FailureReasonAsync(console);

        Assert.Contains(dataPath, reason, StringComparison.Ordinal);
        Assert.Contains("Storage:DataPath", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_path_in_a_read_only_file_system_is_named()
    {
        const string dataPath = "/proc/hmsops-nope";
        await using var console = new ConsoleProcess(Quiet(("Storage:DataPath", dataPath)));

        var reason = await FailureReasonAsync(console);

        Assert.Contains(dataPath, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_invalid_setting_is_named_in_the_one_line()
    {
        await using var console = new ConsoleProcess(Quiet(("Metrics:MaxSeries", "0"), ("Ingest:MaxBodyBytes", "1"), ("Live:MaxQueries", "0")));

        var reason = await FailureReasonAsync(console);

        Assert.Contains("Metrics:MaxSeries", reason, StringComparison.Ordinal);
        Assert.Contains("Ingest:MaxBodyBytes", reason, StringComparison.Ordinal);
        Assert.Contains("Live:MaxQueries", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prometheus_source_without_url_with_two_kinds_of_auth_and_bad_limits_is_refused_naming_each_key()
    {
        await using var console = new ConsoleProcess(Quiet(
            ("Metrics:Source", "Prometheus"), ("Metrics:Prometheus:BaseUrl", "ftp://example"), ("Metrics:Prometheus:Timeout", "00:00:00"),
            ("Metrics:Prometheus:BearerToken", "t"), ("Metrics:Prometheus:Username", "u"), ("Metrics:MaxPoints", "0"),
            ("Metrics:QueryTimeout", "00:00:00")));

        var reason = await FailureReasonAsync(console);

        Assert.Contains("Metrics:Prometheus:BaseUrl must be an absolute http or https URL", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:Prometheus:Timeout must be positive", reason, StringComparison.Ordinal);
        Assert.Contains("bearer or basic authentication, not both", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:MaxPoints", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:QueryTimeout", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_fleet_seed_with_an_unknown_service_or_a_current_version_it_does_not_publish_is_named()
    {
        await using var console = new ConsoleProcess(Quiet(
            ("Demo:Fleet:ach-svc:Versions:0", "v1.8.2"), ("Demo:Fleet:ach-svc:Current", "v9.9.9"),
            ("Demo:Fleet:billing:Versions:0", "v1.0.0"), ("Demo:RolloutDuration", "-00:00:01")));

        var reason = await FailureReasonAsync(console);

        Assert.Contains("Demo:Fleet:ach-svc:Current 'v9.9.9' is not one of Versions", reason, StringComparison.Ordinal);
        Assert.Contains("Demo:Fleet:billing is not a demo service", reason, StringComparison.Ordinal);
        Assert.Contains("Demo:RolloutDuration", reason, StringComparison.Ordinal);
    }

    /// <summary>Starts the console, expects exit code 2 and exactly one reason line on stderr, and returns that line.</summary>
    private static async Task<string> FailureReasonAsync(ConsoleProcess console)
    {
        console.Start();
        var exitCode = await console.WaitForExitAsync(ExitTimeout);

        var stderr = console.StandardError.ToArray();
        var all = string.Join('\n', stderr);
        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr:\n{all}");
        Assert.DoesNotContain(stderr, line => line.StartsWith("   at ", StringComparison.Ordinal));
        // Nor a stack trace folded into a JSON log line on stdout.
        Assert.DoesNotContain(console.StandardOutput, line => line.Contains("   at ", StringComparison.Ordinal));
        var reason = Assert.Single(stderr, line => line.Trim().Length > 0);
        Assert.StartsWith(Prefix, reason, StringComparison.Ordinal);
        return reason;
    }

    private static Dictionary<string, string> Quiet(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["Demo:Enabled"] = "false" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return all;
    }
}
