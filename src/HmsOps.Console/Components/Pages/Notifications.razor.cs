using HmsOps.Console.Components.Controls;
using HmsOps.Core.Notifications.Delivery;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// The delivery ledger (something Alertmanager keeps to itself): on-call sees that the page really went out, or why
/// not. Re-reads the outbox on every change, at most once a second.
/// </summary>
public partial class Notifications : IDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromSeconds(1);

    private IReadOnlyList<LedgerRow> _rows = [];
    private IReadOnlyList<string> _receivers = [];
    private string _receiver = "";
    private DeliveryStatus? _status;
    private IDisposable? _subscription;

    [Inject] public required SqliteNotificationOutbox Outbox { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>Initial receiver filter, e.g. <c>/notifications?receiver=oncall</c>.</summary>
    [SupplyParameterFromQuery(Name = "receiver")] public string? ReceiverFilter { get; set; }

    /// <summary>Initial status filter, e.g. <c>/notifications?status=failed</c>.</summary>
    [SupplyParameterFromQuery(Name = "status")] public string? StatusFilter { get; set; }

    private bool IsFiltered => _receiver.Length > 0 || _status is not null;

    protected override void OnInitialized()
    {
        _receiver = ReceiverFilter ?? "";
        _status = NotificationLedgerModel.ParseStatus(StatusFilter);
        Load();
        if (RendererInfo.IsInteractive)
        {
            var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(() =>
            {
                Load();
                StateHasChanged();
            }));
            _subscription = Outbox.Subscribe(throttle.NotifyAsync);
        }
    }

    private void Load()
    {
        _receivers = Outbox.LedgerReceivers();
        _rows = Outbox.Query(NotificationLedgerModel.Query(_receiver, _status)).Select(NotificationLedgerModel.Row).ToArray();
    }

    private void OnReceiverChanged(string receiver)
    {
        _receiver = receiver;
        Load();
    }

    private void OnStatusChanged(DeliveryStatus? status)
    {
        _status = status;
        Load();
    }

    private static Color ColorOf(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Color.Success,
        DeliveryStatus.Failed or DeliveryStatus.GivenUp => Color.Error,
        DeliveryStatus.Sending => Color.Primary,
        _ => Color.Warning,
    };

    public void Dispose() => _subscription?.Dispose();
}
