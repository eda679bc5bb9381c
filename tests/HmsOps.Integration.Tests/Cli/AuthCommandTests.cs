using System.Diagnostics;
using HmsOps.Tests.Shared;
using Microsoft.AspNetCore.Identity;

namespace HmsOps.Integration.Tests.Cli;

public sealed class AuthCommandTests
{
    [Fact]
    public async Task Hash_password_prints_a_hash_the_console_accepts_and_never_echoes_the_password()
    {
        var (exitCode, output, _) = await RunWithInputAsync("a long enough password\n", "auth", "hash-password");

        Assert.Equal(0, exitCode);
        var hash = output.Trim();
        Assert.DoesNotContain("a long enough password", output, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success,
            new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, "a long enough password"));
    }

    [Fact]
    public async Task Hash_password_refuses_a_short_password_with_the_usage_code()
    {
        var (exitCode, output, error) = await RunWithInputAsync("short\n", "auth", "hash-password");

        Assert.Equal(1, exitCode);
        Assert.Empty(output.Trim());
        Assert.Contains("at least 8 characters", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ConsoleProcess.BuiltAssemblyPath("HmsOps.Cli", "hms-ops.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
