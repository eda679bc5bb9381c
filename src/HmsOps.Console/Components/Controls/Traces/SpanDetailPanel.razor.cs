using HmsOps.Core.Traces.Waterfall;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Controls.Traces;

/// <summary>The clicked span: facts, attributes, events, links (another trace opens in the waterfall), resource and scope.</summary>
public partial class SpanDetailPanel
{
    private SpanDetail? _detail;
    private WaterfallNode? _readFor;

    [Parameter, EditorRequired] public required WaterfallNode Node { get; set; }

    [Parameter] public long TraceStartMicros { get; set; }

    [Parameter, EditorRequired] public required string LogsHref { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    /// <summary>Receives the plain-text summary to put on the clipboard.</summary>
    [Parameter] public EventCallback<string> OnCopy { get; set; }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_readFor, Node))
        {
            _readFor = Node;
            _detail = Node.Span is { } span ? SpanDetail.Of(span) : null;
        }
    }

    private Task CopySummaryAsync() => Node.Span is { } span ? OnCopy.InvokeAsync(SpanSummaryText.Format(span)) : Task.CompletedTask;
}
