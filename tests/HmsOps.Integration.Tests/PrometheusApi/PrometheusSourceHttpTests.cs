using System.Collections.Concurrent;
using System.Net;
using System.Text;
using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Prometheus;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// PrometheusMetricsSource against a scripted HTTP server on 127.0.0.1: what it sends (authentication) and how it
/// treats replies a healthy Prometheus never gives (5xx without the envelope, retried then "unavailable").
/// </summary>
public sealed class PrometheusSourceHttpTests : IDisposable
{
    private const string LabelsReply = """{"status":"success","data":["__name__","job"]}""";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string Body)> _script = new();
    private readonly ConcurrentQueue<HttpListenerRequest> _requests = new();
    private readonly int _port = ConsoleProcess.FreePort();
    private readonly Task _serving;

    public PrometheusSourceHttpTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    [Fact]
    public async Task A_bearer_token_is_sent_on_every_request()
    {
        _script.Enqueue((200, LabelsReply));
        var source = Source(o => o.BearerToken = "s3cret");

        var labels = await source.LabelNamesAsync([], DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow, default);

        Assert.Equal(["__name__", "job"], labels);
        Assert.Equal("Bearer s3cret", Assert.Single(_requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Basic_credentials_are_sent_when_a_username_is_set()
    {
        _script.Enqueue((200, LabelsReply));
        var source = Source(o => (o.Username, o.Password) = ("grafana", "pa:ss"));

        await source.LabelNamesAsync([], DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow, default);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:pa:ss"));
        Assert.Equal(expected, Assert.Single(_requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_5xx_without_the_envelope_is_retried_and_then_reported_unavailable()
    {
        for (var i = 0; i < 3; i++)
        {
            _script.Enqueue((502, "<html>bad gateway</html>"));
        }
        var source = Source(_ => { });

        var ex = await Assert.ThrowsAsync<MetricsSourceUnavailableException>(() => source.QueryAsync("up", DateTimeOffset.UtcNow, default));

        Assert.Contains("502", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _requests.Count);
    }

    [Fact]
    public async Task A_5xx_that_heals_on_retry_is_not_seen_by_the_caller()
    {
        _script.Enqueue((503, "overloaded"));
        _script.Enqueue((200, """{"status":"success","data":{"resultType":"scalar","result":[1700000000,"2"]}}"""));
        var source = Source(_ => { });

        var value = Assert.IsType<ScalarResult>(await source.QueryAsync("2", DateTimeOffset.UtcNow, default));

        Assert.Equal((1_700_000_000_000L, 2d), (value.TimestampMs, value.Value));
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Prometheus_answering_its_own_timeout_is_a_timeout_error_asked_once()
    {
        _script.Enqueue((503, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"""));
        var source = Source(_ => { });

        var ex = await Assert.ThrowsAsync<PromQLException>(() => source.QueryAsync("up", DateTimeOffset.UtcNow, default));

        Assert.Equal(QueryErrorType.Timeout, ex.ErrorType);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task An_execution_error_keeps_its_type_and_message()
    {
        _script.Enqueue((422, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""));
        var source = Source(_ => { });

        var ex = await Assert.ThrowsAsync<PromQLException>(() => source.QueryAsync("a / b", DateTimeOffset.UtcNow, default));

        Assert.Equal((QueryErrorType.Execution, "many-to-many matching not allowed"), (ex.ErrorType, ex.Message));
    }

    private PrometheusMetricsSource Source(Action<PrometheusSourceOptions> configure)
    {
        var options = new PrometheusSourceOptions { BaseUrl = $"http://127.0.0.1:{_port}", Timeout = TimeSpan.FromSeconds(10) };
        configure(options);
        return PrometheusSourceRegistration.Create(options);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _requests.Enqueue(context.Request);
            var (status, body) = _script.TryDequeue(out var next) ? next : (500, "unscripted request");
            context.Response.StatusCode = status;
            context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
