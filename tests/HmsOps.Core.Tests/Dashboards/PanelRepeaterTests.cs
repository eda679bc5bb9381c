using HmsOps.Core.Dashboards;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class PanelRepeaterTests
{
    private static PanelDefinition Panel(string title, GridPos pos, PanelRepeat? repeat = null, bool withRow = false) =>
        new(0, "stat", title, pos, [], FieldDefaults.None, [], null, repeat, withRow, withRow ? "row" : null, null, null, null);

    private static readonly string[] Services = ["a", "b", "c"];

    [Fact]
    public void A_horizontally_repeated_panel_splits_the_row_and_pushes_later_panels_down()
    {
        var panels = new[]
        {
            Panel("per service", new GridPos(0, 0, 24, 4), new PanelRepeat("service", RepeatDirection.Horizontal, 2)),
            Panel("below", new GridPos(0, 4, 24, 3)),
        };

        var instances = PanelRepeater.Expand(panels, name => name == "service" ? Services : null);

        Assert.Equal([("a", new GridPos(0, 0, 12, 4)), ("b", new GridPos(12, 0, 12, 4)), ("c", new GridPos(0, 4, 12, 4))],
            instances.Where(i => i.RepeatValue is not null).Select(i => (i.RepeatValue!, i.Pos)));
        Assert.Equal(new GridPos(0, 8, 24, 3), instances.Single(i => i.Panel.Title == "below").Pos);
    }

    [Fact]
    public void A_repeated_row_copies_all_its_panels_once_per_value()
    {
        var repeat = new PanelRepeat("service", RepeatDirection.Horizontal, null);
        var panels = new[]
        {
            Panel("p95", new GridPos(0, 1, 6, 3), repeat, withRow: true),
            Panel("heatmap", new GridPos(6, 1, 18, 5), repeat, withRow: true),
        };

        var instances = PanelRepeater.Expand(panels, _ => Services);

        Assert.Equal(6, instances.Count);
        Assert.Equal([1, 6, 11], instances.Where(i => i.Panel.Title == "p95").Select(i => i.Pos.Y));
        Assert.Equal(["a", "b", "c"], instances.Where(i => i.Panel.Title == "heatmap").Select(i => i.RepeatValue));
        Assert.Equal(6, instances.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public void A_repeat_over_a_variable_without_values_shows_the_panel_once()
    {
        var instances = PanelRepeater.Expand([Panel("x", new GridPos(0, 0, 6, 3), new PanelRepeat("service", RepeatDirection.Vertical, null))], _ => []);

        Assert.Single(instances);
        Assert.Null(instances[0].RepeatValue);
    }
}
