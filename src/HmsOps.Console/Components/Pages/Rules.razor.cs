using HmsOps.Console.Alerting;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Alerting.Evaluation;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>Every rule file with its groups and rules as last evaluated, and each file's load problem in red.</summary>
public partial class Rules : IDisposable
{
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;
    private IReadOnlyList<RuleFileView> _files = [];

    [Inject] public required RuleEvaluator Evaluator { get; init; }

    [Inject] public required RuleEvaluationMode Mode { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        Refresh();
        if (RendererInfo.IsInteractive)
        {
            _throttle = new RenderThrottle(TimeSpan.FromSeconds(1), Time, () => InvokeAsync(() =>
            {
                Refresh();
                StateHasChanged();
            }));
            _subscription = Evaluator.Subscribe(() => _throttle.NotifyAsync());
        }
    }

    private void Refresh() => _files = RuleListView.Create(Evaluator.Files, Evaluator.Groups, Time.GetUtcNow());

    public void Dispose() => _subscription?.Dispose();
}
