using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Cli;

/// <summary>The hms-ops CLI against a real console: what it prints and the exit code scripts rely on.</summary>
public sealed class CliTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private string Url => fixture.Console.BaseUrl;

    [Fact]
    public async Task A_fault_is_set_listed_and_cleared()
    {
        var set = await CliRunner.RunAsync("fault", "set", "claims-api", "--latency-ms", "1500", "--url", Url, "--api-key", ConsoleProcess.ApiKey);
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("fault on claims-api: +1500 ms", set.Output, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("fault", "list", "--url", Url, "--api-key", ConsoleProcess.ApiKey);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("claims-api: +1500 ms", list.Output, StringComparison.Ordinal);

        var clear = await CliRunner.RunAsync("fault", "clear", "claims-api", "--url", Url, "--api-key", ConsoleProcess.ApiKey);
        Assert.Equal(0, clear.ExitCode);
        var after = await CliRunner.RunAsync("fault", "list", "--url", Url, "--api-key", ConsoleProcess.ApiKey);
        Assert.Contains("no faults in force", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_fault_exits_3_and_names_the_field()
    {
        var result = await CliRunner.RunAsync("fault", "set", "billing", "--latency-ms", "100", "--url", Url, "--api-key", ConsoleProcess.ApiKey);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("400", result.Error, StringComparison.Ordinal);
        Assert.Contains("service", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ndjson_file_is_sent_as_ndjson_and_accepted()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var result = await IngestFileAsync(".ndjson",
            "{\"type\":\"log\",\"payload\":{\"timestamp\":" + now + ",\"level\":\"info\",\"message\":\"from the cli\",\"service\":\"cli-test\"}}\n" +
            """{"type":"metric","payload":{"name":"cli_total","kind":"counter","value":2}}""");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("accepted 2 events", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_item_exits_3_naming_item_and_field()
    {
        var result = await IngestFileAsync(".json",
            """[{"type":"metric","payload":{"name":"ok_total","kind":"counter","value":1}},{"type":"nope","payload":{}}]""");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("item 1, field 'type'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_exits_4()
    {
        var result = await CliRunner.RunAsync("fault", "list", "--url", Url);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_console_exits_6()
    {
        var port = ConsoleProcess.FreePort();

        var result = await CliRunner.RunAsync("fault", "list", "--url", $"http://127.0.0.1:{port}", "--api-key", "k");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("cannot reach the console", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_url_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("fault", "list", "--url", "not-a-url");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--url must be an absolute http(s) URL", result.Error, StringComparison.Ordinal);
    }

    private async Task<CliRunner.Result> IngestFileAsync(string extension, string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hmsops-cli-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(file, content);
        try
        {
            return await CliRunner.RunAsync("ingest", file, "--url", Url, "--api-key", ConsoleProcess.ApiKey);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
