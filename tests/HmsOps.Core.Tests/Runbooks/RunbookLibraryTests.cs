using HmsOps.Core.Runbooks;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Tests.Runbooks;

public sealed class RunbookLibraryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Book(string title, string alert, string body = "# Steps") =>
        $"---\ntitle: {title}\nalerts: [{alert}]\nservices: [ach-svc]\nowner: payments-oncall\n---\n{body}\n";

    [Fact]
    public async Task An_edited_added_or_broken_file_is_picked_up_on_reload_and_a_broken_one_never_hides_the_others()
    {
        File.WriteAllText(_dir.Combine("ach_latency.md"), Book("ACH slow", "ACHLatencyHigh"));
        using var library = new RunbookLibrary(_dir.Path, new RunbookLibraryOptions(), TimeProvider.System, NullLogger<RunbookLibrary>.Instance);
        var notified = 0;
        using var subscription = library.Subscribe(() => { Interlocked.Increment(ref notified); return Task.CompletedTask; });

        Assert.True(library.Reload());
        Assert.False(library.Reload());
        Assert.Equal("ACH slow", library.Catalog.FindByName("ach_latency")!.Title);

        File.WriteAllText(_dir.Combine("ach_latency.md"), Book("ACH payment latency high", "ACHLatencyHigh", "# Steps, now longer"));
        File.WriteAllText(_dir.Combine("broken.md"), "no front matter");
        Assert.True(library.Reload());

        Assert.Equal("ACH payment latency high", library.Catalog.FindByName("ach_latency")!.Title);
        Assert.Contains(library.Catalog.Errors, e => e.StartsWith("broken.md:", StringComparison.Ordinal));
        await Poll.UntilAsync(() => Volatile.Read(ref notified) == 2, "both reloads were announced");
    }

    [Theory]
    [InlineData("", new[] { "ACH slow", "Errors" })]
    [InlineData("achlatencyhigh", new[] { "ACH slow" })]
    [InlineData("PLATFORM", new[] { "Errors" })]
    [InlineData("rollback", new[] { "ACH slow", "Errors" })]
    [InlineData("rollback claims", new[] { "Errors" })]
    [InlineData("nothing-like-this", new string[0])]
    public void Search_matches_every_word_in_front_matter_or_body_front_matter_hits_first(string text, string[] expected)
    {
        var runbooks = new[]
        {
            new Runbook("ach_latency", "ach_latency.md", "ACH slow", ["ACHLatencyHigh"], ["ach-svc"], "payments-oncall", "Do a Rollback only with the lead."),
            new Runbook("errors", "errors.md", "Errors", ["ServiceErrorRatioHigh"], ["claims-api"], "platform-oncall", "rollback: see below"),
        };

        Assert.Equal(expected, RunbookSearch.Filter(runbooks, text).Select(r => r.Title));
    }

    public void Dispose() => _dir.Dispose();
}
