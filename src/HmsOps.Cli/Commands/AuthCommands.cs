using System.CommandLine;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace HmsOps.Cli.Commands;

/// <summary>
/// <c>hms-ops auth hash-password</c>: prints the hash to paste into <c>Auth:Users:&lt;i&gt;:PasswordHash</c>. The password is
/// read from standard input (typed without echo on a terminal), never from the command line, where shell history keeps it.
/// </summary>
public static class AuthCommands
{
    public const int MinimumPasswordLength = 8;

    public static Command Create()
    {
        var hash = new Command("hash-password",
            "Read a password from standard input and print its PasswordHasher hash for Auth:Users:<i>:PasswordHash");
        hash.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var password = ReadPassword(error);
            if (password is null || password.Length < MinimumPasswordLength)
            {
                error.WriteLine($"hash-password: give a password of at least {MinimumPasswordLength} characters on standard input");
                return ExitCodes.Usage;
            }
            output.WriteLine(new PasswordHasher<object>().HashPassword(new object(), password));
            return ExitCodes.Ok;
        });
        return new Command("auth", "Sign-in helpers") { hash };
    }

    private static string? ReadPassword(TextWriter prompt)
    {
        if (System.Console.IsInputRedirected)
        {
            return System.Console.In.ReadLine();
        }
        prompt.Write("Password: ");
        var typed = new StringBuilder();
        while (System.Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        prompt.WriteLine();
        return typed.ToString();
    }
}
