using System.CommandLine;
using System.Globalization;

namespace HmsOps.Bench.Ingest;

/// <summary>Command-line options and checks the benchmarks' Program.cs files share (linked into each project).</summary>
public static class BenchCli
{
    /// <summary><c>--url</c>: the running console's base address, an absolute http(s) URI.</summary>
    public static Option<Uri> UrlOption(int defaultPort) => new("--url")
    {
        Description = "The console's base address",
        DefaultValueFactory = _ => new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{defaultPort}")),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }
            result.AddError($"--url must be an absolute http(s) address, not '{text}'");
            return null;
        },
    };

    /// <summary>Refuses a value below <paramref name="minimum"/>: "--x must be at least 1" plus <paramref name="why"/>.</summary>
    public static void MustBeAtLeast<T>(this Option<T> option, T minimum, string why = "")
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>()!.CompareTo(minimum) < 0)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least {minimum}{why}"));
            }
        });
    }

    public static void MustNotBeNegative(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"{option.Name} must not be negative");
            }
        });
    }
}
