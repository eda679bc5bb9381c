using System.Net;
using System.Text.Json.Nodes;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>
/// The console's <c>/api/v1/rules</c> and <c>/api/v1/alerts</c> against a real Prometheus 2.42 running the same rule
/// file: same fields in the same order, same states, labels, annotations, values. Times and durations differ by nature
/// and the file path by layout, so those values are masked; their presence and format are still compared.
/// </summary>
public sealed class RulesApiShapeTests(RulesApiShapeTests.Servers servers) : IClassFixture<RulesApiShapeTests.Servers>
{
    private readonly PrometheusProcess _prometheus = servers.Prometheus;
    private readonly ConsoleProcess _console = servers.Console;

    /// <summary>A real Prometheus and a console evaluating the same rule file, shared by the class's tests.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        private const string RulesYaml = """
            groups:
              - name: shape
                interval: 1s
                rules:
                  - record: shape:one
                    expr: vector(1)
                    labels:
                      kind: recorded
                  - alert: AlwaysFiring
                    expr: vector(42)
                    labels:
                      severity: critical
                    annotations:
                      summary: "value {{ $value }}"
                  - alert: AlwaysPending
                    expr: vector(1) > 0
                    for: 1h
                  - alert: NeverFires
                    expr: vector(0) > 1
                  - alert: MultiLine
                    expr: |
                      sum by (job) (rate(x_total{code=~"5.."}[5m]))
                        / sum by (job) (rate(x_total[5m]))
                        > 0.05
                    for: 5m
            """;

        private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-rules-api-" + Guid.NewGuid().ToString("N"));
        private ConsoleProcess? _console;

        public PrometheusProcess Prometheus { get; } = new();

        public ConsoleProcess Console => _console ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync()
        {
            var rules = Directory.CreateDirectory(Path.Combine(_directory, "rules")).FullName;
            await File.WriteAllTextAsync(Path.Combine(rules, "shape.yaml"), RulesYaml);
            var config = Path.Combine(_directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, $"""
                global:
                  evaluation_interval: 1s
                rule_files:
                  - {Path.Combine(rules, "shape.yaml")}
                """);
            await Prometheus.StartAsync([$"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--config.file={config}"], _directory);
            _console = new ConsoleProcess(new Dictionary<string, string>
            {
                ["Demo:Enabled"] = "false",
                ["Alerting:Rules:Directory"] = rules,
            });
            await _console.StartAndWaitUntilReadyAsync();
        }

        public async Task DisposeAsync()
        {
            if (_console is not null)
            {
                await _console.DisposeAsync();
            }
            await Prometheus.DisposeAsync();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Rules_endpoint_has_prometheus_shape_and_content()
    {
        var expected = await SettledAsync(_prometheus.BaseUrl, "/api/v1/rules");
        var actual = await SettledAsync(_console.BaseUrl, "/api/v1/rules");

        Assert.Equal(Masked(expected), Masked(actual));
    }

    [Theory]
    [InlineData("alert")]
    [InlineData("record")]
    public async Task Rules_endpoint_filters_by_type_as_prometheus_does(string type)
    {
        await SettledAsync(_prometheus.BaseUrl, "/api/v1/rules");
        await SettledAsync(_console.BaseUrl, "/api/v1/rules");

        var expected = await GetAsync(_prometheus.BaseUrl, $"/api/v1/rules?type={type}");
        var actual = await GetAsync(_console.BaseUrl, $"/api/v1/rules?type={type}");

        Assert.Equal(Masked(expected.Body), Masked(actual.Body));
    }

    [Fact]
    public async Task Alerts_endpoint_has_prometheus_shape_and_content()
    {
        await SettledAsync(_prometheus.BaseUrl, "/api/v1/rules");
        await SettledAsync(_console.BaseUrl, "/api/v1/rules");

        var expected = await GetAsync(_prometheus.BaseUrl, "/api/v1/alerts");
        var actual = await GetAsync(_console.BaseUrl, "/api/v1/alerts");

        Assert.Equal(Masked(expected.Body), Masked(actual.Body));
        Assert.Equal(2, actual.Body["data"]!["alerts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Unknown_rule_type_is_refused_with_prometheus_error()
    {
        var expected = await GetAsync(_prometheus.BaseUrl, "/api/v1/rules?type=both");
        var actual = await GetAsync(_console.BaseUrl, "/api/v1/rules?type=both");

        Assert.Equal(HttpStatusCode.BadRequest, expected.Status);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Body.ToJsonString(), actual.Body.ToJsonString());
    }

    /// <summary>Polls until every rule has been evaluated and both alerts have reached their steady state.</summary>
    private static Task<JsonNode> SettledAsync(string baseUrl, string path) =>
        Poll.UntilAsync(async () => (await GetAsync(baseUrl, path)).Body, body =>
        {
            var rules = body["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToArray();
            return rules.Length == 5
                && rules.All(r => (string?)r!["health"] == "ok")
                && rules.Any(r => (string?)r!["name"] == "AlwaysFiring" && (string?)r["state"] == "firing")
                && rules.Any(r => (string?)r!["name"] == "AlwaysPending" && (string?)r["state"] == "pending");
        }, $"every rule at {baseUrl} evaluated and settled");

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string baseUrl, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The JSON with time-dependent values and the file path replaced by their kind, keys kept in order.</summary>
    private static string Masked(JsonNode node)
    {
        var copy = node.DeepClone();
        Mask(copy);
        return copy.ToJsonString();
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    var value = obj[key];
                    if (key is "lastEvaluation" or "activeAt")
                    {
                        var text = (string?)value;
                        obj[key] = text is not null && DateTimeOffset.TryParse(text, out _) && text.EndsWith('Z') ? "<rfc3339 utc>" : $"<bad time {text}>";
                    }
                    else if (key == "evaluationTime")
                    {
                        obj[key] = value is JsonValue v && v.TryGetValue<double>(out var seconds) && seconds >= 0 ? "<seconds>" : "<bad seconds>";
                    }
                    else if (key == "file")
                    {
                        obj[key] = "<file>";
                    }
                    else
                    {
                        Mask(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }
                break;
        }
    }
}
