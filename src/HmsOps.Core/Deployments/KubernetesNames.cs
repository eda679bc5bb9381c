namespace HmsOps.Core.Deployments;

/// <summary>Name rules shared by the options validator and the providers.</summary>
public static class KubernetesNames
{
    /// <summary>RFC 1123 label: what namespaces and (short) service names must be.</summary>
    public static bool IsDnsLabel(string value) =>
        value.Length is > 0 and <= 63
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-' && value[^1] != '-';
}
