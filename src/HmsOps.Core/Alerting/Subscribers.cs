namespace HmsOps.Core.Alerting;

/// <summary>
/// The <c>Subscribe(Func&lt;Task&gt;) -&gt; IDisposable</c> pattern of the console's stores: callbacks run
/// fire-and-forget after a change, and one failing subscriber (a closed circuit) never stops the others.
/// </summary>
public sealed class Subscribers
{
    private readonly Lock _gate = new();
    private Func<Task>[] _callbacks = [];

    public int Count => _callbacks.Length;

    public IDisposable Add(Func<Task> onChange)
    {
        lock (_gate)
        {
            _callbacks = [.. _callbacks, onChange];
        }
        return new Removal(this, onChange);
    }

    public void Notify()
    {
        foreach (var callback in _callbacks)
        {
            _ = RunAsync(callback);
        }
    }

    private static async Task RunAsync(Func<Task> callback)
    {
        try
        {
            await callback().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A subscriber's failure is its own (e.g. a disconnected circuit); the store carries on.
        }
    }

    private sealed class Removal(Subscribers owner, Func<Task> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._callbacks = owner._callbacks.Where(c => c != callback).ToArray();
            }
        }
    }
}
