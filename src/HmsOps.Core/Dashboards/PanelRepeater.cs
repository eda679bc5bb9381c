namespace HmsOps.Core.Dashboards;

/// <summary>One panel as drawn: a repeated panel (or a panel of a repeated row) appears once per variable value.</summary>
public sealed record PanelInstance(PanelDefinition Panel, GridPos Pos, string Key, string? RepeatVariable, string? RepeatValue);

/// <summary>
/// Grafana's repeat: a panel with <c>repeat</c> is copied once per selected value of the variable, side by side
/// (<c>h</c>: width max(24 / values, 24 / maxPerRow), maxPerRow default 4, wrapping) or stacked (<c>v</c>); a
/// repeated row copies all its panels, one block per value. Everything below a grown block moves down by as much.
/// </summary>
public static class PanelRepeater
{
    private const int Columns = 24;

    public static IReadOnlyList<PanelInstance> Expand(IReadOnlyList<PanelDefinition> panels, Func<string, IReadOnlyList<string>?> valuesOf)
    {
        var units = Units(panels);
        var expanded = units.Select(unit => (unit.Top, unit.Bottom, Result: ExpandUnit(unit.Panels, valuesOf))).ToArray();
        var instances = new List<PanelInstance>();
        foreach (var (top, _, result) in expanded)
        {
            var shift = expanded.Where(other => other.Bottom <= top).Sum(other => other.Result.ExtraHeight);
            instances.AddRange(result.Instances.Select(i => i with { Pos = i.Pos with { Y = i.Pos.Y + shift } }));
        }
        return instances.OrderBy(i => i.Pos.Y).ThenBy(i => i.Pos.X).ToArray();
    }

    private static List<(int Top, int Bottom, (int Index, PanelDefinition Panel)[] Panels)> Units(IReadOnlyList<PanelDefinition> panels)
    {
        var units = new List<(int, int, (int, PanelDefinition)[])>();
        var indexed = panels.Select((p, i) => (Index: i, Panel: p)).ToArray();
        foreach (var group in indexed.GroupBy(p => p.Panel.RepeatsWithRow ? $"row:{p.Panel.RowTitle}:{p.Panel.Repeat!.Variable}" : $"panel:{p.Index}"))
        {
            var members = group.ToArray();
            units.Add((members.Min(m => m.Panel.GridPos.Y), members.Max(m => m.Panel.GridPos.Y + m.Panel.GridPos.H), members));
        }
        return units;
    }

    private static (List<PanelInstance> Instances, int ExtraHeight) ExpandUnit((int Index, PanelDefinition Panel)[] members, Func<string, IReadOnlyList<string>?> valuesOf)
    {
        var first = members[0].Panel;
        var repeat = first.Repeat;
        var values = repeat is null ? null : valuesOf(repeat.Variable);
        if (repeat is null || values is null || values.Count == 0)
        {
            return (members.Select(m => new PanelInstance(m.Panel, m.Panel.GridPos, $"p{m.Index}", null, null)).ToList(), 0);
        }
        if (first.RepeatsWithRow)
        {
            var top = members.Min(m => m.Panel.GridPos.Y);
            var height = members.Max(m => m.Panel.GridPos.Y + m.Panel.GridPos.H) - top;
            var copies = values.SelectMany((value, n) => members.Select(m => new PanelInstance(
                m.Panel, m.Panel.GridPos with { Y = m.Panel.GridPos.Y + n * height }, $"p{m.Index}-{n}", repeat.Variable, value)));
            return (copies.ToList(), (values.Count - 1) * height);
        }
        var pos = first.GridPos;
        var index = members[0].Index;
        if (repeat.Direction == RepeatDirection.Vertical)
        {
            return (values.Select((value, n) => new PanelInstance(first, pos with { Y = pos.Y + n * pos.H }, $"p{index}-{n}", repeat.Variable, value)).ToList(),
                (values.Count - 1) * pos.H);
        }
        var maxPerRow = repeat.MaxPerRow is > 0 ? repeat.MaxPerRow.Value : 4;
        var width = Math.Max(Columns / values.Count, Columns / maxPerRow);
        var perRow = Math.Max(1, Columns / width);
        var instances = values.Select((value, n) => new PanelInstance(first,
            new GridPos(n % perRow * width, pos.Y + n / perRow * pos.H, width, pos.H), $"p{index}-{n}", repeat.Variable, value)).ToList();
        var rows = (values.Count + perRow - 1) / perRow;
        return (instances, (rows - 1) * pos.H);
    }
}
