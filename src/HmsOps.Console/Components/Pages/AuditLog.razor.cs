using HmsOps.Console.Security;
using HmsOps.Core.Audit;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// The audit log for leads: entries newest first, a page at a time (<see cref="AuditOptions.PageSize"/>), filtered by
/// actor, action and time; the chain's verification (the same walk as <c>GET /api/audit/verify</c> and
/// <c>hms-ops audit verify</c>), naming and showing the first entry that does not check out; and exports of the
/// filter's time range. The route demands the lead role; the code asks again, since a component can be reached
/// without the router (and a hidden link is never the guard).
/// </summary>
public partial class AuditLog
{
    private readonly Stack<long?> _newer = new();
    private IReadOnlyList<AuditEntry> _entries = [];
    private AuditFilter _filter = AuditFilter.None;
    private long? _before;
    private long? _olderCursor;
    private AuditVerification? _verification;
    private AuditEntry? _badEntry;
    private bool _verifying;
    private bool _allowed;
    private string _actor = "";
    private string _action = "";
    private string _from = "";
    private string _to = "";
    private (string Field, string Reason)? _filterError;

    [Inject] public required SqliteAuditLog Log { get; init; }

    [Inject] public required AuditOptions Options { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _allowed = await User.MayAsync(Policies.Lead);
        if (!_allowed)
        {
            return;
        }
        Load();
        await VerifyAsync();
    }

    private async Task VerifyAsync()
    {
        if (!await User.MayAsync(Policies.Lead))
        {
            _allowed = false;
            return;
        }
        _verifying = true;
        try
        {
            // The walk reads the whole log: off the circuit's thread, so the page stays responsive meanwhile.
            var verification = await Task.Run(() => Log.Verify());
            _verification = verification;
            _badEntry = verification.FirstBadSeq is { } seq ? Log.Get(seq) : null;
        }
        finally
        {
            _verifying = false;
        }
    }

    private void ApplyFilter()
    {
        _filterError = null;
        if (!AuditLogModel.TryParseTime(_from, out var from))
        {
            _filterError = ("from", $"'{_from}' is not a UTC time like 2026-12-06 02:00");
            return;
        }
        if (!AuditLogModel.TryParseTime(_to, out var to))
        {
            _filterError = ("to", $"'{_to}' is not a UTC time like 2026-12-06 03:00");
            return;
        }
        if (from is { } f && to is { } t && t <= f)
        {
            _filterError = ("to", "must be after From");
            return;
        }
        _filter = new AuditFilter(NullIfEmpty(_actor), NullIfEmpty(_action), from, to);
        _newer.Clear();
        _before = null;
        Load();
    }

    private void Older()
    {
        if (_olderCursor is null)
        {
            return;
        }
        _newer.Push(_before);
        _before = _olderCursor;
        Load();
    }

    private void Newer()
    {
        if (_newer.Count == 0)
        {
            return;
        }
        _before = _newer.Pop();
        Load();
    }

    private void Load()
    {
        _entries = Log.Newest(_filter, _before, Options.PageSize);
        // A full page may have more behind it; the next page starts below its oldest entry.
        _olderCursor = _entries.Count == Options.PageSize ? _entries[^1].Seq : null;
    }

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
