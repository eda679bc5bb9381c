using HmsOps.Core.Logs;
using static HmsOps.Core.Tests.Storage.TelemetryFixture;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Storage;

public sealed class LogQueryTests : IAsyncLifetime
{
    private readonly TelemetryFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<string[]> Messages(LogQuery query) =>
        (await _f.Reader.QueryAsync(query, CancellationToken.None)).Logs.Select(l => l.Log.Message).ToArray();

    [Fact]
    public async Task Free_text_finds_every_word_anywhere_and_quotes_make_a_phrase()
    {
        _f.Write(Log("claim 42 rejected by rules"), Log("rules engine rejected claim"), Log("claim accepted"));

        Assert.Equal(["rules engine rejected claim", "claim 42 rejected by rules"], await Messages(new LogQuery { Text = "rejected claim" }));
        Assert.Equal(["rules engine rejected claim"], await Messages(new LogQuery { Text = "\"rejected claim\"" }));
        Assert.Equal(["claim accepted", "rules engine rejected claim", "claim 42 rejected by rules"], await Messages(new LogQuery { Text = "CLAIM" }));
        Assert.Equal(["rules engine rejected claim", "claim 42 rejected by rules"], await Messages(new LogQuery { Text = "reject*" }));
    }

    [Fact]
    public async Task Values_of_structured_fields_are_searchable_as_text()
    {
        _f.Write(Log("payment failed", fields: """{"code":"E1023","attempt":3}"""), Log("payment failed", fields: """{"code":"E2000"}"""));

        var page = await _f.Reader.QueryAsync(new LogQuery { Text = "E1023" }, CancellationToken.None);

        Assert.Equal("""{"code":"E1023","attempt":3}""", Assert.Single(page.Logs).Log.FieldsJson);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("claim\"")]
    [InlineData("claim*")]
    [InlineData("-claim")]
    [InlineData("status:rejected")]
    [InlineData("claim NOT rejected")]
    [InlineData("(claim OR")]
    [InlineData("claim AND")]
    [InlineData("NEAR(claim rejected)")]
    [InlineData("'claim'")]
    [InlineData("claim^2 {x}")]
    public async Task Text_with_search_syntax_in_it_runs_as_plain_words(string text)
    {
        _f.Write(Log("claim status:rejected"));

        var error = await Record.ExceptionAsync(() => _f.Reader.QueryAsync(new LogQuery { Text = text }, CancellationToken.None));

        Assert.True(error is null or ArgumentException, $"'{text}' threw {error}");
    }

    [Fact]
    public async Task Special_characters_inside_words_act_as_separators_not_operators()
    {
        _f.Write(Log("claim status:rejected"), Log("claim accepted"));

        Assert.Equal(["claim status:rejected"], await Messages(new LogQuery { Text = "status:rejected" }));
        Assert.Equal(["claim status:rejected"], await Messages(new LogQuery { Text = "claim -rejected" }));
        Assert.Equal(["claim accepted"], await Messages(new LogQuery { Text = "\"claim accepted" }));
    }

    [Fact]
    public async Task Text_without_a_letter_or_digit_is_an_error_the_page_can_show()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _f.Reader.QueryAsync(new LogQuery { Text = "\"*-:\"" }, CancellationToken.None));

        Assert.Contains("letter or digit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Field_filters_match_strings_numbers_and_booleans_exactly()
    {
        _f.Write(Log("a", fields: """{"route":"/claims","status":503,"retry":true,"ms":12.5}"""),
            Log("b", fields: """{"route":"/claims/1","status":200,"retry":false}"""), Log("c", fields: "{}"));

        Assert.Equal(["a"], await Messages(new LogQuery { Fields = [new("route", "/claims")] }));
        Assert.Equal(["a"], await Messages(new LogQuery { Fields = [new("status", "503")] }));
        Assert.Equal(["b"], await Messages(new LogQuery { Fields = [new("retry", "false")] }));
        Assert.Equal(["a"], await Messages(new LogQuery { Fields = [new("ms", "12.5"), new("retry", "true")] }));
        Assert.Empty(await Messages(new LogQuery { Fields = [new("status", "404")] }));
        await Assert.ThrowsAsync<ArgumentException>(() => _f.Reader.QueryAsync(new LogQuery { Fields = [new("a\"b", "x")] }, CancellationToken.None));
    }

    [Fact]
    public async Task Service_level_trace_and_window_filters_combine_with_text()
    {
        var trace = TraceId(7);
        _f.Write(Log("timeout", service: "claims-api", level: LogLevel.Error, traceId: trace), Log("timeout", service: "api-gw", level: LogLevel.Error),
            Log("timeout", service: "claims-api", level: LogLevel.Warn), Log("timeout", tsMs: DaysAgoMs(2), service: "claims-api", level: LogLevel.Error));

        var page = await _f.Reader.QueryAsync(new LogQuery
        {
            Text = "timeout", Services = ["claims-api"], Levels = [LogLevel.Error], From = Now.AddHours(-1), To = Now,
        }, CancellationToken.None);

        Assert.Equal(trace, Assert.Single(page.Logs).Log.TraceId);
        Assert.Single((await _f.Reader.QueryAsync(new LogQuery { TraceId = trace }, CancellationToken.None)).Logs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("line")]
    public async Task Paging_older_returns_every_row_once_newest_first(string? text)
    {
        _f.Write(Enumerable.Range(0, 25).Select(i => Log($"line {i}", tsMs: Now.ToUnixTimeMilliseconds() - 25 + i)).ToArray());

        var seen = new List<long>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await _f.Reader.QueryAsync(new LogQuery { Text = text, Limit = 10, BeforeId = before }, CancellationToken.None);
            seen.AddRange(page.Logs.Select(l => l.Id));
            before = page.NextBeforeId;
            pages++;
        }
        while (before is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Fact]
    public async Task Live_tail_asks_for_rows_after_the_newest_it_has()
    {
        _f.Write(Log("first"), Log("second"));
        var newest = (await _f.Reader.QueryAsync(new LogQuery(), CancellationToken.None)).Logs[0].Id;
        _f.Write(Log("third"), Log("fourth"));

        Assert.Equal(["fourth", "third"], await Messages(new LogQuery { AfterId = newest }));
        Assert.Equal(["fourth"], await Messages(new LogQuery { AfterId = newest, Text = "fourth" }));
    }

    [Fact]
    public async Task A_window_with_thousands_of_rows_pages_through_exactly_its_rows()
    {
        var nowMs = Now.ToUnixTimeMilliseconds();
        _f.Write(Enumerable.Range(0, 10).Select(i => Log($"before {i}", tsMs: DaysAgoMs(2) + i)).ToArray());
        _f.Write(Enumerable.Range(0, 2_100).Select(i => Log($"in {i}", tsMs: nowMs - 3_000_000 + i, service: i % 3 == 0 ? "claims-api" : "api-gw")).ToArray());
        _f.Write(Enumerable.Range(0, 10).Select(i => Log($"late backfill {i}", tsMs: DaysAgoMs(2) + i)).ToArray());

        var messages = new List<string>();
        long? before = null;
        do
        {
            var page = await _f.Reader.QueryAsync(new LogQuery { From = Now.AddHours(-1), Limit = 1_000, BeforeId = before }, CancellationToken.None);
            messages.AddRange(page.Logs.Select(l => l.Log.Message));
            before = page.NextBeforeId;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(0, 2_100).Reverse().Select(i => $"in {i}"), messages);
        var claims = await _f.Reader.QueryAsync(new LogQuery { From = Now.AddHours(-1), Services = ["claims-api"], Limit = 5 }, CancellationToken.None);
        Assert.Equal(["in 2097", "in 2094", "in 2091", "in 2088", "in 2085"], claims.Logs.Select(l => l.Log.Message));
    }
}
