using HmsOps.Core.Dashboards;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class DashboardCatalogTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private DashboardCatalog Catalog(DashboardOptions? options = null) =>
        new(_folder.Path, options ?? new DashboardOptions { ReloadDebounce = TimeSpan.FromMilliseconds(20) }, TimeProvider.System, NullLogger<DashboardCatalog>.Instance);

    [Fact]
    public void An_invalid_file_is_listed_with_its_error_and_the_others_still_load()
    {
        File.Copy("/work/shared/fixtures/grafana/aspnetcore.json", _folder.Combine("aspnetcore.json"));
        File.WriteAllText(_folder.Combine("broken.json"), """{ "uid": "b", "title": "B", "panels": [ { "type": "stat", "gridPos": { "w": 30 } } ] }""");
        File.WriteAllText(_folder.Combine("other.json"), """{ "uid": "o", "title": "Other" }""");
        using var catalog = Catalog();

        catalog.Reload();

        Assert.Equal(["aspnetcore.json", "broken.json", "other.json"], catalog.Files.Select(f => f.FileName));
        Assert.Equal("$.panels[0].gridPos.w: 30 is outside 1..24", catalog.Files[1].Error);
        Assert.NotNull(catalog.Find("KdDACDp4z"));
        Assert.NotNull(catalog.Find("o"));
    }

    [Fact]
    public void A_uid_used_twice_keeps_the_first_file_and_reports_the_second()
    {
        File.WriteAllText(_folder.Combine("a.json"), """{ "uid": "same", "title": "A" }""");
        File.WriteAllText(_folder.Combine("b.json"), """{ "uid": "same", "title": "B" }""");
        using var catalog = Catalog();

        catalog.Reload();

        Assert.Equal("A", catalog.Find("same")!.Title);
        Assert.Equal("$.uid: 'same' is already used by a.json", catalog.Files[1].Error);
    }

    [Fact]
    public async Task A_changed_file_is_reloaded_and_subscribers_are_told()
    {
        var path = _folder.Combine("live.json");
        File.WriteAllText(path, """{ "uid": "live", "title": "Before" }""");
        using var catalog = Catalog();
        var notified = 0;
        using var subscription = catalog.Subscribe(() => { Interlocked.Increment(ref notified); return Task.CompletedTask; });
        await catalog.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal("Before", catalog.Find("live")!.Title);

            File.WriteAllText(path, """{ "uid": "live", "title": "After, a longer title" }""");

            await Poll.UntilAsync(() => catalog.Find("live")?.Title == "After, a longer title", "the edited title is loaded");
            await Poll.UntilAsync(() => Volatile.Read(ref notified) >= 2, "subscribers hear about the reload");
        }
        finally
        {
            await catalog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_change_the_watcher_does_not_report_is_found_by_the_rescan()
    {
        // The folder appears after start, so no watcher ever saw it: only the periodic rescan can find the file.
        var later = _folder.Combine("later");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var catalog = new DashboardCatalog(later, new DashboardOptions { RescanInterval = TimeSpan.FromSeconds(30) }, time,
            NullLogger<DashboardCatalog>.Instance);
        await catalog.StartAsync(CancellationToken.None);
        try
        {
            Assert.Empty(catalog.Files);
            Directory.CreateDirectory(later);
            File.WriteAllText(Path.Combine(later, "late.json"), """{ "uid": "late", "title": "Late" }""");

            await Poll.UntilAsync(() =>
            {
                time.Advance(TimeSpan.FromSeconds(30));
                return catalog.Find("late") is not null;
            }, "the periodic rescan loads the file");
        }
        finally
        {
            await catalog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_file_over_the_size_bound_is_listed_not_read()
    {
        File.WriteAllText(_folder.Combine("big.json"), """{ "uid": "big", "title": "Big", "description": "" }""" + new string(' ', 200));
        using var catalog = Catalog(new DashboardOptions { MaxFileBytes = 100 });

        catalog.Reload();

        Assert.StartsWith("$: the file is", catalog.Files[0].Error, StringComparison.Ordinal);
        Assert.Null(catalog.Find("big"));
    }

    public void Dispose() => _folder.Dispose();
}
