using HmsOps.Core.Changes;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// The submit step the change dialogs share: one submission at a time (the button is disabled while one runs, so a
/// double click files once), the dialog closes with the changed record when the change service agrees, and otherwise
/// the refusal stays in the dialog as <see cref="Error"/>.
/// </summary>
public sealed class ChangeSubmission
{
    public bool Busy { get; private set; }

    /// <summary>Why the last submission was refused; null while none was.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Runs <paramref name="submit"/>, which answers either a refusal of its own (not signed in, missing role) or the
    /// change service's result, and closes <paramref name="dialog"/> on success.
    /// </summary>
    public async Task RunAsync(IMudDialogInstance dialog, Func<Task<(string? Refusal, ChangeResult? Result)>> submit)
    {
        Busy = true;
        Error = null;
        try
        {
            var (refusal, result) = await submit();
            if (result is { IsOk: true })
            {
                dialog.Close(DialogResult.Ok(result.Change!));
                return;
            }
            Error = refusal ?? result?.Message;
        }
        finally
        {
            Busy = false;
        }
    }
}
