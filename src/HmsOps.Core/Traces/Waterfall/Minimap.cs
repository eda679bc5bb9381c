namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// One lane of the minimap: the rows it stands for squeezed into one bar (from the earliest start to the latest
/// end among them), coloured by its first row's service, marked when any of them failed or is on the critical path.
/// </summary>
public sealed record MinimapLane(int FirstRow, int RowCount, double Offset, double Width, int ServiceColor, bool HasError, bool HasCritical);

public static class Minimap
{
    /// <summary>At most <paramref name="lanes"/> lanes, whatever the row count: a 50,000-span trace stays a fixed-size picture.</summary>
    public static IReadOnlyList<MinimapLane> Lanes(IReadOnlyList<WaterfallRow> rows, int lanes)
    {
        if (rows.Count == 0 || lanes <= 0)
        {
            return [];
        }
        var count = Math.Min(lanes, rows.Count);
        var result = new List<MinimapLane>(count);
        for (var lane = 0; lane < count; lane++)
        {
            var first = (int)((long)lane * rows.Count / count);
            var end = (int)((long)(lane + 1) * rows.Count / count);
            double start = 1, finish = 0;
            bool error = false, critical = false;
            for (var i = first; i < end; i++)
            {
                var row = rows[i];
                start = Math.Min(start, row.Offset);
                finish = Math.Max(finish, row.Offset + row.Width);
                error |= row.Node.IsError;
                critical |= row.Critical.Count > 0;
            }
            result.Add(new MinimapLane(first, end - first, start, Math.Max(0, finish - start), rows[first].Node.ServiceColor, error, critical));
        }
        return result;
    }
}
