using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;

namespace HmsOps.Bench.PromQL;

/// <summary>Something that answers PromQL; each call returns how many series (or 1 for a scalar) the answer held.</summary>
public interface IQueryTarget
{
    string Name { get; }

    Task<int> InstantAsync(string query, long timeMs, CancellationToken cancellationToken);

    Task<int> RangeAsync(string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken);
}

/// <summary>The console's engine in this process, over the same store type the console uses.</summary>
public sealed class EmbeddedTarget(TimeSeriesStore store, MetricsOptions options) : IQueryTarget
{
    private readonly PromQLEngine _engine = new(store, options);

    public string Name => "embedded (in-process)";

    public Task<int> InstantAsync(string query, long timeMs, CancellationToken cancellationToken) =>
        Task.FromResult(Count(_engine.Instant(query, timeMs, cancellationToken)));

    public Task<int> RangeAsync(string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken) =>
        Task.FromResult(Count(_engine.Range(query, startMs, endMs, stepMs, cancellationToken)));

    private static int Count(QueryValue value) => value switch
    {
        VectorResult vector => vector.Samples.Count,
        MatrixResult matrix => matrix.Series.Count,
        _ => 1,
    };
}

/// <summary>
/// A Prometheus-compatible HTTP API (the real Prometheus, or the console's own): the time measured is the request
/// and the whole body; the body is only counted afterwards by the caller's clock stopping first.
/// </summary>
public sealed class HttpTarget(string name, Uri baseUrl) : IQueryTarget, IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };

    public string Name => name;

    public byte[]? LastBody { get; private set; }

    public async Task<int> InstantAsync(string query, long timeMs, CancellationToken cancellationToken)
    {
        LastBody = await GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}&time={Seconds(timeMs)}", cancellationToken);
        return -1;
    }

    public async Task<int> RangeAsync(string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken)
    {
        LastBody = await GetAsync(
            $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Seconds(startMs)}&end={Seconds(endMs)}&step={Seconds(stepMs)}",
            cancellationToken);
        return -1;
    }

    /// <summary>Series in the last answer (read outside the timed section).</summary>
    public int CountLast()
    {
        using var document = JsonDocument.Parse(LastBody ?? throw new InvalidOperationException("no answer yet"));
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{name}: {root.GetRawText()}");
        }
        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix" ? data.GetProperty("result").GetArrayLength() : 1;
    }

    public void Dispose() => _client.Dispose();

    private async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{name} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
        return body;
    }

    private static string Seconds(long ms) => (ms / 1000m).ToString(CultureInfo.InvariantCulture);
}
