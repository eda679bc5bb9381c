using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

public sealed class ShellTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private const string BodyIsLight =
        "() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number); " +
        "return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128; }";

    [Theory]
    [InlineData("Traces", "/traces")]
    [InlineData("Logs", "/logs")]
    [InlineData("Deployments", "/deployments")]
    [InlineData("Incidents", "/incidents")]
    public async Task Each_built_section_is_reached_from_the_navigation_without_a_placeholder(string section, string path)
    {
        await using var page = await fixture.OpenAsync();

        await Navigation(page).GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(fixture.Console.BaseUrl + path) + @"(\?.*)?$"));
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = section, Level = 1, Exact = true })).ToBeVisibleAsync();
        await Expect(page.Page.GetByText("Arrives with")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Radar_is_reached_from_the_navigation_from_another_section()
    {
        await using var page = await fixture.OpenAsync("/alerts");

        await Navigation(page).GetByRole(AriaRole.Link, new() { Name = "Radar", Exact = true }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Radar", Level = 1, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_theme_toggle_switches_to_light_and_the_choice_survives_a_reload()
    {
        await using var page = await fixture.OpenAsync();
        Assert.False(await page.Page.EvaluateAsync<bool>(BodyIsLight), "the console starts in its dark theme");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Toggle theme", Exact = true }).ClickAsync();
        await page.Page.WaitForFunctionAsync(BodyIsLight);

        await page.ReloadAsync();
        await page.Page.WaitForFunctionAsync(BodyIsLight);
        Assert.Equal("light", await page.Page.EvaluateAsync<string?>("() => localStorage.getItem('hms-ops-theme')"));
    }

    [Fact]
    public async Task The_app_bar_shows_the_configured_environment()
    {
        await using var page = await fixture.OpenAsync();

        await Expect(page.Page.GetByLabel("Environment", new() { Exact = true }))
            .ToHaveTextAsync(ConsoleBrowserFixture.EnvironmentName);
    }

    private static ILocator Navigation(ConsolePage page) =>
        page.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" });
}
