namespace HmsOps.Console.Hosting;

/// <summary>What the shell shows about this deployment. Section <c>Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Shown in the app bar, e.g. PROD or STAGING, so nobody mistakes one console for another.</summary>
    public string EnvironmentName { get; set; } = "DEMO";

    public string Title { get; set; } = "HMS-OPS Console";
}
