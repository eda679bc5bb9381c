using Microsoft.Extensions.Options;

namespace HmsOps.Core.Deployments;

/// <summary>Every error in <c>Deployments</c> at once, each naming its key.</summary>
public sealed class DeploymentOptionsValidator : IValidateOptions<DeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
    {
        var errors = Errors(options).ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Errors(DeploymentOptions o)
    {
        if (!Enum.IsDefined(o.Provider))
        {
            yield return "Deployments:Provider must be DemoFleet or Kubernetes";
        }
        if (o.RolloutTimeout < TimeSpan.FromSeconds(1) || o.RolloutTimeout > TimeSpan.FromHours(2))
        {
            yield return "Deployments:RolloutTimeout must be between 00:00:01 and 02:00:00";
        }
        if (o.PollInterval < TimeSpan.FromMilliseconds(10) || o.PollInterval > o.RolloutTimeout)
        {
            yield return "Deployments:PollInterval must be at least 00:00:00.01 and at most Deployments:RolloutTimeout";
        }
        if (o.Provider != DeploymentProviderKind.Kubernetes)
        {
            yield break;
        }
        var k = o.Kubernetes;
        if (!string.IsNullOrWhiteSpace(k.Kubeconfig) && !File.Exists(k.Kubeconfig))
        {
            yield return $"Deployments:Kubernetes:Kubeconfig names '{k.Kubeconfig}', which does not exist";
        }
        if (string.IsNullOrWhiteSpace(k.Kubeconfig) && Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is null)
        {
            yield return "Deployments:Kubernetes:Kubeconfig must be set when the console does not run inside a cluster";
        }
        if (string.IsNullOrWhiteSpace(k.Namespace) || !KubernetesNames.IsDnsLabel(k.Namespace))
        {
            yield return "Deployments:Kubernetes:Namespace must be a Kubernetes namespace name (lower case letters, digits, '-')";
        }
        if (string.IsNullOrWhiteSpace(k.ServiceLabel))
        {
            yield return "Deployments:Kubernetes:ServiceLabel must be set";
        }
        if (k.RequestTimeout < TimeSpan.FromMilliseconds(100) || k.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            yield return "Deployments:Kubernetes:RequestTimeout must be between 00:00:00.1 and 00:05:00";
        }
        if (k.MaxHistory is < 1 or > 1000)
        {
            yield return "Deployments:Kubernetes:MaxHistory must be between 1 and 1000";
        }
    }
}
