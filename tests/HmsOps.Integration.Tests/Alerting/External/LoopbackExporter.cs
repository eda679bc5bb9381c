using System.Globalization;
using System.Net;
using System.Text;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>
/// A one-gauge Prometheus exporter served by the test on 127.0.0.1: the test sets the value, Prometheus scrapes it,
/// so an alert on it fires and resolves exactly when the test says.
/// </summary>
public sealed class LoopbackExporter : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _metric;
    private double _value;

    public LoopbackExporter(string metric)
    {
        _metric = metric;
        Port = ConsoleProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public int Port { get; }

    public double Value
    {
        get => Volatile.Read(ref _value);
        set => Volatile.Write(ref _value, value);
    }

    public void Dispose() => _listener.Close();

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
            var body = Encoding.UTF8.GetBytes(
                $"# TYPE {_metric} gauge\n{_metric} {Value.ToString(CultureInfo.InvariantCulture)}\n");
            context.Response.ContentType = "text/plain; version=0.0.4";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
