namespace HmsOps.Core.Deployments;

public enum DeploymentProviderKind
{
    DemoFleet,
    Kubernetes,
}

/// <summary>Section <c>Deployments</c>: which provider changes the fleet, and how long a rollout may take.</summary>
public sealed class DeploymentOptions
{
    public const string Section = "Deployments";

    public DeploymentProviderKind Provider { get; set; } = DeploymentProviderKind.DemoFleet;

    /// <summary>How long a rollback or promote may take before the caller is told Timeout (the rollout itself goes on).</summary>
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often rollout status is checked while waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public KubernetesDeploymentOptions Kubernetes { get; set; } = new();
}

/// <summary>Section <c>Deployments:Kubernetes</c>.</summary>
public sealed class KubernetesDeploymentOptions
{
    /// <summary>Path of a kubeconfig file; empty means the in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; empty means its current context.</summary>
    public string? Context { get; set; }

    /// <summary>The namespace whose Deployments are the services.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Deployments carrying this label are services; its value is the service name.</summary>
    public string ServiceLabel { get; set; } = "app.kubernetes.io/name";

    /// <summary>How long one call to the API server may take before it counts as Timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Revisions listed per service at most (the oldest are left out).</summary>
    public int MaxHistory { get; set; } = 20;
}
