using HmsOps.Core.Deployments;
using k8s;
using Microsoft.Extensions.Options;

namespace HmsOps.Kubernetes;

/// <summary>
/// Start-up check for <c>Deployments:Provider=Kubernetes</c>: the kubeconfig (or the pod's service account) must be
/// loadable, so a wrong file or context stops the console with its reason instead of failing the first change.
/// Whether the cluster answers is not checked here: an API server that is briefly away must not stop the console.
/// </summary>
public sealed class KubernetesConnectionCheck : IValidateOptions<DeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, DeploymentOptions options) =>
        Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    public static string? Problem(DeploymentOptions options)
    {
        if (options.Provider != DeploymentProviderKind.Kubernetes)
        {
            return null;
        }
        var kube = options.Kubernetes;
        try
        {
            if (string.IsNullOrWhiteSpace(kube.Kubeconfig))
            {
                // The missing-environment case is the options validator's; here only a broken service account is left.
                if (KubernetesClientConfiguration.IsInCluster())
                {
                    _ = KubernetesClientConfiguration.InClusterConfig();
                }
                return null;
            }
            if (!File.Exists(kube.Kubeconfig))
            {
                return null;
            }
            _ = KubernetesClientConfiguration.BuildConfigFromConfigFile(kube.Kubeconfig, string.IsNullOrWhiteSpace(kube.Context) ? null : kube.Context);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var source = string.IsNullOrWhiteSpace(kube.Kubeconfig) ? "the in-cluster service account" : $"Deployments:Kubernetes:Kubeconfig '{kube.Kubeconfig}'";
            return $"{source} cannot be used to reach a cluster: {ex.Message}";
        }
    }
}
