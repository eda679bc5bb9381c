using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>What a loopback receiver got, and what it answered.</summary>
internal sealed record ReceivedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus);

/// <summary>What a loopback receiver answers to one request.</summary>
internal sealed record ScriptedAnswer(int Status, string Body = "", TimeSpan? RetryAfter = null);

/// <summary>
/// An HTTP receiver on 127.0.0.1 inside the test process, answering each request as <see cref="Answer"/> says
/// (by the request's number, from 1). Records every request, and which ones it accepted.
/// </summary>
internal sealed class LoopbackHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _count;

    public LoopbackHttpReceiver(string path = "/hook")
    {
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = $"http://127.0.0.1:{port}{path}";
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public Func<int, ReceivedRequest, ScriptedAnswer> Answer { get; set; } = (_, _) => new ScriptedAnswer(202);

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IReadOnlyList<ReceivedRequest> Accepted => Requests.Where(r => r.AnsweredStatus is >= 200 and < 300).ToArray();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is IOException or HttpListenerException or ObjectDisposedException)
            {
                // The sender gave up on this request (its timeout, or it was stopping): what it saw is its business.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var probe = new ReceivedRequest(context.Request.Url!.AbsolutePath, body, headers, 0);
        var answer = Answer(Interlocked.Increment(ref _count), probe);
        Requests.Enqueue(probe with { AnsweredStatus = answer.Status });
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers["Retry-After"] = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
