using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace HmsOps.Components.Tests;

/// <summary>
/// A bUnit context set up the way MudBlazor needs it (loose JS interop, its services) with a fake clock.
/// MudBlazor's services are async-disposable, so the context is disposed asynchronously.
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    private bool _rendererChosen;

    protected MudComponentTest()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddSingleton<TimeProvider>(Time);
    }

    protected BunitContext Ctx { get; } = new();

    protected FakeTimeProvider Time { get; } = new(RadarSamples.Start);

    /// <summary>
    /// Renders as an open browser tab does (an interactive server circuit) instead of as a prerender
    /// (no JS interop, no live subscriptions). Call after registering services: choosing starts the renderer.
    /// </summary>
    protected void RenderInteractively()
    {
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _rendererChosen = true;
    }

    public Task InitializeAsync()
    {
        if (!_rendererChosen)
        {
            Ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Ctx.DisposeAsync();
}
