using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>One request as the fake API server received it (query decoded for readable assertions).</summary>
public sealed record KubeRequest(string Method, string Path, string Query, string? ContentType, string Body, string? Authorization)
{
    public override string ToString() => $"{Method} {Path}{Query} [{ContentType}] {Body}";
}

/// <summary>What the fake answers to one expected request: a status and JSON body, or no answer at all.</summary>
public sealed record KubeReply(int Status, string Json, bool Hang = false)
{
    public static KubeReply Ok(string json) => new(200, json);
    public static KubeReply Created(string json) => new(201, json);
    public static readonly KubeReply Never = new(0, "", Hang: true);

    /// <summary>A Kubernetes <c>Status</c> object, as the API server sends with every refusal.</summary>
    public static KubeReply Refused(int code, string reason, string message) => new(code, KubeObjects.Status(code, reason, message));
}

/// <summary>
/// A stand-in for the Kubernetes API server on 127.0.0.1: it expects a scripted sequence of requests, checks each one
/// exactly (method, path, query, content type, body), and plays back the scripted reply. A request that is not the
/// next expected one is answered 500 and recorded as a mismatch, so the test fails naming it.
/// A kubeconfig file pointing at it is written to a temporary folder.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "fake-service-account-token";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(KubeRequest Expected, KubeReply Reply)> _script = new();
    private readonly ConcurrentQueue<KubeRequest> _received = new();
    private readonly ConcurrentQueue<string> _mismatches = new();
    private readonly string _directory;
    private readonly CancellationTokenSource _stopping = new();

    private FakeKubernetesApi(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public string Url => _app.Urls.First();

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public IReadOnlyList<KubeRequest> Received => _received.ToList();

    public IReadOnlyList<string> Mismatches => _mismatches.ToList();

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var directory = Path.Combine(Path.GetTempPath(), "hmsops-fake-kube-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var fake = new FakeKubernetesApi(app, directory);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        await File.WriteAllTextAsync(fake.KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {fake.Url}
            users:
            - name: hms-ops
              user:
                token: {Token}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: hms-ops
                namespace: payments
            current-context: fake
            """);
        return fake;
    }

    /// <summary>Expects this request next (body compared exactly when given) and answers it with <paramref name="reply"/>.</summary>
    public FakeKubernetesApi Expect(string method, string pathAndQuery, KubeReply reply, string? contentType = null, string? body = null)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        _script.Enqueue((new KubeRequest(method, path, query < 0 ? "" : pathAndQuery[query..], contentType, body ?? "", null), reply));
        return this;
    }

    /// <summary>Every scripted request arrived, in order, as expected, and nothing else did.</summary>
    public void AssertAllServed()
    {
        Assert.True(_mismatches.IsEmpty, "unexpected requests:\n" + string.Join("\n", _mismatches));
        Assert.True(_script.IsEmpty, "expected but never received:\n" + string.Join("\n", _script.Select(s => s.Expected)));
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        var request = new KubeRequest(context.Request.Method, context.Request.Path.Value ?? "",
            Uri.UnescapeDataString(context.Request.QueryString.Value ?? ""), string.IsNullOrEmpty(body) ? null : contentType, body,
            context.Request.Headers.Authorization.ToString());
        _received.Enqueue(request);
        if (!_script.TryDequeue(out var next))
        {
            _mismatches.Enqueue($"nothing more expected, got {request}");
            context.Response.StatusCode = 500;
            return;
        }
        var expected = next.Expected;
        var problems = new List<string>();
        if (request.Method != expected.Method || request.Path != expected.Path || request.Query != expected.Query)
        {
            problems.Add($"request line: expected {expected.Method} {expected.Path}{expected.Query}");
        }
        if (expected.ContentType is not null && request.ContentType != expected.ContentType)
        {
            problems.Add($"content type: expected {expected.ContentType}");
        }
        if (expected.Body.Length > 0 && request.Body != expected.Body)
        {
            problems.Add($"body: expected {expected.Body}");
        }
        if (request.Authorization != "Bearer " + Token)
        {
            problems.Add("authorization: expected the kubeconfig's bearer token");
        }
        if (problems.Count > 0)
        {
            _mismatches.Enqueue($"{request}\n  " + string.Join("\n  ", problems));
            context.Response.StatusCode = 500;
            return;
        }
        if (next.Reply.Hang)
        {
            // Never answers: the client's own deadline must end the call.
            using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, hang.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = next.Reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(next.Reply.Json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
