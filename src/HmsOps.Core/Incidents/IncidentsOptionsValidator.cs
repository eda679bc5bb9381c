using Microsoft.Extensions.Options;

namespace HmsOps.Core.Incidents;

/// <summary>Checks <c>Incidents</c>, naming every key that is wrong at once.</summary>
public sealed class IncidentsOptionsValidator : IValidateOptions<IncidentsOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentsOptions o)
    {
        var errors = new List<string>();
        const string s = IncidentsOptions.Section;
        if (!IncidentSeverity.IsKnown(o.OpenAtSeverity))
        {
            errors.Add($"{s}:OpenAtSeverity must be one of {string.Join(", ", IncidentSeverity.Known)} (got '{o.OpenAtSeverity}')");
        }
        Positive(errors, $"{s}:AcknowledgeTarget", o.AcknowledgeTarget);
        Positive(errors, $"{s}:MitigateTarget", o.MitigateTarget);
        if (o.AutoResolveAfter is { } autoResolve)
        {
            Positive(errors, $"{s}:AutoResolveAfter", autoResolve);
        }
        if (!(o.SloTarget is > 0 and < 1))
        {
            errors.Add($"{s}:SloTarget must be a fraction between 0 and 1 (0.999 = 99.9 %)");
        }
        Positive(errors, $"{s}:SloWindow", o.SloWindow);
        Positive(errors, $"{s}:Retention", o.Retention);
        Positive(errors, $"{s}:CollectInterval", o.CollectInterval);
        Positive(errors, $"{s}:SpikeBaselineWindow", o.SpikeBaselineWindow);
        AtLeast(errors, $"{s}:MaxIncidents", o.MaxIncidents, 1);
        AtLeast(errors, $"{s}:MaxTimelineEntries", o.MaxTimelineEntries, 10);
        AtLeast(errors, $"{s}:MaxServices", o.MaxServices, 1);
        AtLeast(errors, $"{s}:MaxTitleLength", o.MaxTitleLength, 10);
        AtLeast(errors, $"{s}:MaxNoteLength", o.MaxNoteLength, 10);
        AtLeast(errors, $"{s}:MaxPostmortemLength", o.MaxPostmortemLength, 1_000);
        AtLeast(errors, $"{s}:MaxQueuedEvents", o.MaxQueuedEvents, 1);
        AtLeast(errors, $"{s}:SpikeMinErrors", o.SpikeMinErrors, 1);
        AtLeast(errors, $"{s}:MaxSpikesPerIncident", o.MaxSpikesPerIncident, 0);
        AtLeast(errors, $"{s}:SlowestTraces", o.SlowestTraces, 0);
        AtLeast(errors, $"{s}:FailingTraces", o.FailingTraces, 0);
        AtLeast(errors, $"{s}:MaxTracesPerIncident", o.MaxTracesPerIncident, 0);
        if (!(o.SpikeFactor >= 1))
        {
            errors.Add($"{s}:SpikeFactor must be at least 1");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be more than 0");
        }
    }

    private static void AtLeast(List<string> errors, string key, int value, int minimum)
    {
        if (value < minimum)
        {
            errors.Add($"{key} must be at least {minimum}");
        }
    }
}
