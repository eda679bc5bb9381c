using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>
/// One running console for a test class (xunit class fixture), always killed at the end.
/// The demo fleet is off so that everything in the stores came from the test.
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    private ConsoleProcess? _console;

    public ConsoleProcess Console => _console ?? throw new InvalidOperationException("the console is not started");

    /// <summary>Configuration on top of the defaults; subclasses add their own.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
    };

    public async Task InitializeAsync()
    {
        _console = new ConsoleProcess(Settings);
        await _console.StartAndWaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }
    }
}
