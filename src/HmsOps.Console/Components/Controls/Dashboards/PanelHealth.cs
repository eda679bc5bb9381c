using HmsOps.Core.Dashboards;

namespace HmsOps.Console.Components.Controls.Dashboards;

public enum PanelHealthState { NoData, Ok, Red }

/// <summary>
/// Collects what the panels of one group (a radar card) report, so the group can show red when any panel's
/// value is on a red threshold step, ok when any has data, and no data otherwise.
/// </summary>
public sealed class PanelHealth
{
    private readonly Dictionary<string, (bool HasData, IReadOnlyList<string> Reasons)> _panels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public event Action? Changed;

    public void Report(string panelKey, IReadOnlyList<StatValue> stats, bool hasData)
    {
        var reasons = stats.Where(s => s.IsRed).Select(s => s.Reason!).ToArray();
        lock (_gate)
        {
            if (_panels.TryGetValue(panelKey, out var old) && old.HasData == hasData && old.Reasons.SequenceEqual(reasons))
            {
                return;
            }
            _panels[panelKey] = (hasData, reasons);
        }
        Changed?.Invoke();
    }

    public PanelHealthState State
    {
        get
        {
            lock (_gate)
            {
                return _panels.Values.Any(p => p.Reasons.Count > 0) ? PanelHealthState.Red
                    : _panels.Values.Any(p => p.HasData) ? PanelHealthState.Ok
                    : PanelHealthState.NoData;
            }
        }
    }

    public IReadOnlyList<string> Reasons
    {
        get
        {
            lock (_gate)
            {
                return _panels.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Reasons).ToArray();
            }
        }
    }
}
