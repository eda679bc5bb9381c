using HmsOps.Core.Deployments;
using HmsOps.Kubernetes;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>A fresh fake API server per test and a provider reading the kubeconfig written for it.</summary>
public abstract class KubernetesProviderTestBase : IAsyncLifetime
{
    protected const string Deployments = "/apis/apps/v1/namespaces/payments/deployments";
    protected const string ReplicaSets = "/apis/apps/v1/namespaces/payments/replicasets";
    protected const string AchRollout = "/apis/argoproj.io/v1alpha1/namespaces/payments/rollouts/ach-svc";
    protected const string FindAch = Deployments + "?labelSelector=app.kubernetes.io/name=ach-svc&watch=false";
    protected const string AchReplicaSets = ReplicaSets + "?labelSelector=app.kubernetes.io/name=ach-svc&watch=false";

    protected FakeKubernetesApi Api { get; private set; } = null!;

    protected KubernetesDeploymentProvider Provider { get; private set; } = null!;

    protected virtual TimeSpan RequestTimeout => TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        Api = await FakeKubernetesApi.StartAsync();
        var options = new DeploymentOptions
        {
            Provider = DeploymentProviderKind.Kubernetes,
            RolloutTimeout = TimeSpan.FromSeconds(30),
            PollInterval = TimeSpan.FromMilliseconds(10),
            Kubernetes = { Kubeconfig = Api.KubeconfigPath, Namespace = "payments", RequestTimeout = RequestTimeout },
        };
        Assert.Empty(DeploymentOptionsValidator.Errors(options));
        Provider = KubernetesDeploymentProvider.Create(options, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        Provider.Dispose();
        await Api.DisposeAsync();
    }

    /// <summary>ach-svc's three revisions, plus a ReplicaSet with the same labels that another owner made.</summary>
    protected static string AchHistory() => KubeObjects.List("ReplicaSetList",
        KubeObjects.ReplicaSet("ach-svc", "6b7f9c5d8", 2, "registry.local/ach-svc:v1.8.2", "release v1.8.2", "2026-02-20T10:00:00Z", rail: "fedach-b"),
        KubeObjects.ReplicaSet("ach-svc", "7c9d4e2f1", 3, "registry.local/ach-svc:v1.9.0", "release v1.9.0", "2026-03-01T10:00:00Z"),
        KubeObjects.ReplicaSet("ach-svc", "5a6b7c8d9", 1, "registry.local/ach-svc:v1.8.0", null, "2026-02-01T10:00:00Z"),
        KubeObjects.ReplicaSet("ach-svc", "0f0f0f0f0", 9, "registry.local/ach-svc:v0.1.0", "someone else's", "2026-03-02T10:00:00Z", ownerUid: "another-owner"));
}
