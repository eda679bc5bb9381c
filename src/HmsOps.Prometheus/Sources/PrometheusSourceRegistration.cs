using System.Net.Http.Headers;
using System.Text;
using HmsOps.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HmsOps.Prometheus;

public static class PrometheusSourceRegistration
{
    /// <summary>How long the circuit stays open before one trial request is let through.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <see cref="PrometheusMetricsSource"/> over a resilient <see cref="IPrometheusApi"/>: per-attempt timeout
    /// (<see cref="PrometheusSourceOptions.Timeout"/>), two retries with jittered backoff on 5xx and transport errors, and a
    /// circuit breaker that fails fast while Prometheus is down and lets a trial through every <see cref="BreakDuration"/>,
    /// so the source recovers by itself. Bearer or basic authentication comes from the options.
    /// </summary>
    public static IServiceCollection AddPrometheusMetricsSource(this IServiceCollection services, Func<IServiceProvider, PrometheusSourceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddPrometheusApi((sp, client) => Configure(client, options(sp)))
            .AddResilienceHandler("prometheus-source", (pipeline, context) =>
                Configure(pipeline, options(context.ServiceProvider)));
        services.AddSingleton<PrometheusMetricsSource>();
        return services;
    }

    /// <summary>The same client without dependency injection (tests, the CLI).</summary>
    public static PrometheusMetricsSource Create(PrometheusSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        services.AddPrometheusMetricsSource(_ => options);
        return services.BuildServiceProvider().GetRequiredService<PrometheusMetricsSource>();
    }

    private static void Configure(HttpClient client, PrometheusSourceOptions options)
    {
        client.BaseAddress = new Uri(options.BaseUrl ?? throw new InvalidOperationException("Metrics:Prometheus:BaseUrl is not set"));
        // The resilience pipeline times each attempt; this only bounds the whole call (attempts plus backoff).
        client.Timeout = options.Timeout * 4 + TimeSpan.FromSeconds(5);
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PrometheusSourceOptions options)
    {
        pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(NoAnswer(args.Outcome)),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(NoAnswer(args.Outcome)),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
            })
            .AddTimeout(options.Timeout);
    }

    /// <summary>
    /// A transport error, timeout or 5xx, except a 5xx carrying Prometheus's JSON error envelope (its own query timeout
    /// or internal error): that is an answer, so it is neither retried nor counted against the circuit.
    /// </summary>
    private static bool NoAnswer(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome)
        && outcome.Result?.Content.Headers.ContentType?.MediaType != "application/json";
}
