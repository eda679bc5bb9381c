namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>
/// Tests that push a console hard (saturation, kill -9, the demo fleet) run one after another,
/// so they do not starve each other on a small machine; the light ones run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyConsoleCollection
{
    public const string Name = "Heavy console tests";
}
