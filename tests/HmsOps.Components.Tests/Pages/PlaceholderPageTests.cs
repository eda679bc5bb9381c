using Bunit;
using HmsOps.Console.Components.Pages;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Components.Tests.Pages;

/// <summary>Sections not built yet say so plainly instead of showing made-up data.</summary>
public sealed class PlaceholderPageTests : MudComponentTest
{
    public static TheoryData<Type, string> Pages => new()
    {
        { typeof(Incidents), "Incidents" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_is_headed_by_its_name_and_explains_what_is_coming(Type page, string name)
    {
        var rendered = Ctx.Render(builder =>
        {
            builder.OpenComponent(0, page);
            builder.CloseComponent();
        });

        Assert.Equal(name, rendered.Find("h1").TextContent.Trim());
        var status = Assert.Single(rendered.FindAll("[role='status']"));
        Assert.False(string.IsNullOrWhiteSpace(status.TextContent));
        Assert.Empty(rendered.FindAll("table, tr, [role='row'], [role='grid']"));
    }
}
