using HmsOps.Core.Metrics;

namespace HmsOps.Console.PrometheusApi;

/// <summary>The query limits and the Prometheus source settings, each error naming its key (listed by OptionsValidators).</summary>
public static class MetricsSourceValidation
{
    public static IEnumerable<string> Errors(MetricsOptions o)
    {
        if (o.LookbackDelta <= TimeSpan.Zero)
        {
            yield return "Metrics:LookbackDelta must be positive";
        }
        if (o.QueryTimeout <= TimeSpan.Zero)
        {
            yield return "Metrics:QueryTimeout must be positive";
        }
        if (o.MaxPoints < 1)
        {
            yield return "Metrics:MaxPoints must be at least 1";
        }
        if (o.MaxSamples < 1)
        {
            yield return "Metrics:MaxSamples must be at least 1";
        }
        if (!Enum.IsDefined(o.Source))
        {
            yield return "Metrics:Source must be Embedded or Prometheus";
        }
        if (o.Source != MetricsSourceKind.Prometheus)
        {
            yield break;
        }
        var p = o.Prometheus;
        if (!Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return "Metrics:Prometheus:BaseUrl must be an absolute http or https URL when Metrics:Source is Prometheus";
        }
        if (p.Timeout <= TimeSpan.Zero)
        {
            yield return "Metrics:Prometheus:Timeout must be positive";
        }
        if (!string.IsNullOrEmpty(p.BearerToken) && !string.IsNullOrEmpty(p.Username))
        {
            yield return "Metrics:Prometheus:BearerToken and Metrics:Prometheus:Username are exclusive: use bearer or basic authentication, not both";
        }
        if (string.IsNullOrEmpty(p.Username) && !string.IsNullOrEmpty(p.Password))
        {
            yield return "Metrics:Prometheus:Password needs Metrics:Prometheus:Username";
        }
    }
}
