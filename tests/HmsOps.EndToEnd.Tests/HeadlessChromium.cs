using HmsOps.Tests.Shared;
using Microsoft.Playwright;

namespace HmsOps.EndToEnd.Tests;

/// <summary>Debian's Chromium, headless, and console pages opened in fresh contexts of it.</summary>
public static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium: browser downloads are not reachable here, so `playwright install` is never run.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });

    /// <summary>
    /// A fresh browser context on <paramref name="baseUrl"/>, signed in as <paramref name="user"/> (one of
    /// <see cref="TestUsers"/>; a lead by default) through the login form, at <paramref name="path"/>, returned once the
    /// Blazor circuit is interactive.
    /// </summary>
    public static async Task<ConsolePage> OpenAsync(IBrowser browser, string baseUrl, string path = "/", int width = 1280, int height = 720,
        string user = TestUsers.Lead1)
    {
        var page = await OpenAnonymousAsync(browser, baseUrl, width, height);
        await page.SignInAsync(user, path);
        return page;
    }

    /// <summary>A fresh browser context with nobody signed in; nothing is opened yet.</summary>
    public static async Task<ConsolePage> OpenAnonymousAsync(IBrowser browser, string baseUrl, int width = 1280, int height = 720)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return new ConsolePage(context, await context.NewPageAsync());
    }
}
