using System.Diagnostics;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Cli;

/// <summary>Runs the built hms-ops CLI as a process and returns its exit code and output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var dll = ConsoleProcess.BuiltAssemblyPath("HmsOps.Cli", "hms-ops.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("HMSOPS_URL");
        info.Environment.Remove("HMSOPS_API_KEY");
        info.Environment.Remove("HMSOPS_TOKEN");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
