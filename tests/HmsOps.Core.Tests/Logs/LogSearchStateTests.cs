using HmsOps.Core.Logs;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Logs;

public sealed class LogSearchStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 14, 30, 0, TimeSpan.Zero);

    private static LogSearchState Read(IReadOnlyDictionary<string, string?> query) => LogSearchState.FromQuery(k => query.GetValueOrDefault(k));

    [Fact]
    public void A_view_written_to_the_url_reads_back_the_same()
    {
        var state = new LogSearchState
        {
            Services = ["ach-svc", "api-gw"],
            Levels = [LogLevel.Error, LogLevel.Warn],
            From = Now.AddHours(-2),
            To = Now,
            Query = "orderId=A-17 \"rail timeout\"",
        };

        var back = Read(state.ToQuery());

        Assert.Equal(state.Services, back.Services);
        Assert.Equal(state.Levels, back.Levels);
        Assert.Equal(state.From, back.From);
        Assert.Equal(state.To, back.To);
        Assert.Equal(state.Query, back.Query);
        Assert.False(back.Live);
    }

    [Fact]
    public void Defaults_leave_the_url_empty_and_unknown_values_fall_back()
    {
        Assert.All(LogSearchState.Default.ToQuery().Values, Assert.Null);

        var state = Read(new Dictionary<string, string?> { ["range"] = "3 fortnights", ["level"] = "loud,error" });

        Assert.Equal(LogSearchState.DefaultRange, state.Range);
        Assert.Equal([LogLevel.Error], state.Levels);
    }

    [Fact]
    public void A_quick_range_ends_now_and_stays_open_for_live_tail()
    {
        var state = new LogSearchState { Range = "15m", Live = true, Query = "service:claims-api level:info" , Services = ["ach-svc"] };

        var query = state.ToLogQuery(Now, limit: 50).Query!;

        Assert.Equal(Now.AddMinutes(-15), query.From);
        Assert.Null(query.To);
        Assert.Equal(50, query.Limit);
        Assert.Equal(["ach-svc", "claims-api"], query.Services);
        Assert.Equal("1", state.ToQuery()["live"]);
    }

    [Fact]
    public void An_absolute_window_that_has_ended_cannot_be_followed()
    {
        var state = new LogSearchState { From = Now.AddHours(-1), To = Now, Live = true };

        Assert.False(state.CanFollow);
        Assert.Null(state.ToQuery()["live"]);
        Assert.Equal("to", new LogSearchState { From = Now, To = Now.AddHours(-1) }.ToLogQuery(Now, 10).Token);
    }

    [Fact]
    public void A_bad_query_box_gives_no_search()
    {
        var result = new LogSearchState { Query = "level:loud" }.ToLogQuery(Now, 10);

        Assert.Null(result.Query);
        Assert.Equal("level:loud", result.Token);
    }
}
