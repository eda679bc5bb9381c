namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// Per-service palette slots. A service prefers the slot its name hashes to, so it keeps its colour from one
/// trace to the next and when late spans add another service; within a trace a taken slot moves a service to
/// the next free one, so two services never share a colour until the palette runs out.
/// </summary>
public static class ServiceColors
{
    public const int PaletteSize = 12;

    public static IReadOnlyDictionary<string, int> Assign(IEnumerable<string> services)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = new bool[PaletteSize];
        foreach (var service in services.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var preferred = PreferredSlot(service);
            var slot = preferred;
            if (result.Count < PaletteSize)
            {
                while (taken[slot])
                {
                    slot = (slot + 1) % PaletteSize;
                }
            }
            taken[slot] = true;
            result[service] = slot;
        }
        return result;
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, and colours must not change on restart.</summary>
    public static int PreferredSlot(string service)
    {
        var hash = 2166136261u;
        foreach (var c in service)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % PaletteSize);
    }
}
