using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.AlertList;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Alerts;

/// <summary>One alert on the Alerts page: state, timing, value, labels, annotations, runbook, ack and silence actions.</summary>
public partial class AlertRowView
{
    [Parameter, EditorRequired] public required AlertRow Row { get; set; }

    /// <summary>True while this alert's runbook is open beside the list.</summary>
    [Parameter] public bool IsOpen { get; set; }

    /// <summary>Whether the signed-in person may acknowledge and silence (the on-call role); the page checks again on click.</summary>
    [Parameter] public bool CanAct { get; set; }

    /// <summary>The incident this alert is linked to (newest when several), shown as a link; null when none.</summary>
    [Parameter] public string? IncidentId { get; set; }

    [Parameter] public EventCallback<AlertRow> OnAcknowledge { get; set; }

    [Parameter] public EventCallback<AlertRow> OnSilence { get; set; }

    [Parameter] public EventCallback<AlertRow> OnOpenRunbook { get; set; }

    private string RowClass => "pa-3 mb-2 alert-row alert-" + Row.StateName + (IsOpen ? " alert-open" : "");

    private Color StateColor => Row.Alert.State switch
    {
        AlertState.Firing => Color.Error,
        AlertState.Pending => Color.Warning,
        _ => Color.Success,
    };

    // Only http(s): the generator URL comes from whatever Prometheus or Alertmanager reported.
    private string? SafeGeneratorUrl =>
        Uri.TryCreate(Row.Alert.GeneratorUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;

    private static string Absolute(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
