namespace HmsOps.Console.Components.Alerts;

/// <summary>
/// Who is at this browser tab, as typed on the Alerts page: one per circuit, so acknowledging and silencing do
/// not ask again. Stands in until sign-in exists (issue 6), which will fill it from the signed-in user.
/// </summary>
public sealed class OnCallSession
{
    private string _name = "";

    public string Name
    {
        get => _name;
        set => _name = value?.Trim() ?? "";
    }

    public bool HasName => _name.Length > 0;
}
