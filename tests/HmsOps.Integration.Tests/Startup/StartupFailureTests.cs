using System.Net;
using System.Net.Sockets;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Startup;

/// <summary>A console that cannot start says why in one line on stderr, with no stack trace, and exits with 2.</summary>
public sealed class StartupFailureTests : IDisposable
{
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
        await using var console = new ConsoleProcess(StartupFailure.Quiet(), port: port);

        var reason = await StartupFailure.ReasonAsync(console);

        Assert.Contains("in use", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_path_under_a_regular_file_is_named()
    {
        var file = Path.GetTempFileName();
        _scratch.Add(file);
        var dataPath = Path.Combine(file, "data");

        var reason = await StartupFailure.ReasonAsync(("Storage:DataPath", dataPath));

        Assert.Contains(dataPath, reason, StringComparison.Ordinal);
        Assert.Contains("Storage:DataPath", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_path_in_a_read_only_file_system_is_named()
    {
        const string dataPath = "/proc/hmsops-nope";

        var reason = await StartupFailure.ReasonAsync(("Storage:DataPath", dataPath));

        Assert.Contains(dataPath, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_invalid_setting_is_named_in_the_one_line()
    {
        var reason = await StartupFailure.ReasonAsync(("Metrics:MaxSeries", "0"), ("Ingest:MaxBodyBytes", "1"), ("Live:MaxQueries", "0"));

        Assert.Contains("Metrics:MaxSeries", reason, StringComparison.Ordinal);
        Assert.Contains("Ingest:MaxBodyBytes", reason, StringComparison.Ordinal);
        Assert.Contains("Live:MaxQueries", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prometheus_source_without_url_with_two_kinds_of_auth_and_bad_limits_is_refused_naming_each_key()
    {
        var reason = await StartupFailure.ReasonAsync(
            ("Metrics:Source", "Prometheus"), ("Metrics:Prometheus:BaseUrl", "ftp://example"), ("Metrics:Prometheus:Timeout", "00:00:00"),
            ("Metrics:Prometheus:BearerToken", "t"), ("Metrics:Prometheus:Username", "u"), ("Metrics:MaxPoints", "0"),
            ("Metrics:QueryTimeout", "00:00:00"));

        Assert.Contains("Metrics:Prometheus:BaseUrl must be an absolute http or https URL", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:Prometheus:Timeout must be positive", reason, StringComparison.Ordinal);
        Assert.Contains("bearer or basic authentication, not both", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:MaxPoints", reason, StringComparison.Ordinal);
        Assert.Contains("Metrics:QueryTimeout", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_fleet_seed_with_an_unknown_service_or_a_current_version_it_does_not_publish_is_named()
    {
        var reason = await StartupFailure.ReasonAsync(
            ("Demo:Fleet:ach-svc:Versions:0", "v1.8.2"), ("Demo:Fleet:ach-svc:Current", "v9.9.9"),
            ("Demo:Fleet:billing:Versions:0", "v1.0.0"), ("Demo:RolloutDuration", "-00:00:01"));

        Assert.Contains("Demo:Fleet:ach-svc:Current 'v9.9.9' is not one of Versions", reason, StringComparison.Ordinal);
        Assert.Contains("Demo:Fleet:billing is not a demo service", reason, StringComparison.Ordinal);
        Assert.Contains("Demo:RolloutDuration", reason, StringComparison.Ordinal);
    }
}
