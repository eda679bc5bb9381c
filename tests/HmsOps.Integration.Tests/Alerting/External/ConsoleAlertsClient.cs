using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>One alert as <c>GET /api/alerts</c> shows it.</summary>
public sealed record BookAlert(
    string Fingerprint,
    Dictionary<string, string> Labels,
    Dictionary<string, string> Annotations,
    string State,
    DateTimeOffset ActiveAt,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    string Origin,
    string Source)
{
    public string Name => Labels.GetValueOrDefault("alertname") ?? "";
}

/// <summary>One source as <c>GET /api/alerting/sources</c> shows it.</summary>
public sealed record SourceStatus(
    string Name,
    string Target,
    string Health,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? StaleSince,
    string? LastError,
    int Alerts,
    long FiringReceived,
    long ResolvedReceived);

/// <summary>Reads the console's alert book and external-source status over HTTP.</summary>
public static class ConsoleAlertsClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<BookAlert>> AlertsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<AlertsReply>("/api/alerts", Json))!.Alerts;

    public static async Task<IReadOnlyList<SourceStatus>> SourcesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<SourcesReply>("/api/alerting/sources", Json))!.Sources;

    public static async Task<SourceStatus> SourceAsync(HttpClient client, string name) =>
        (await SourcesAsync(client)).Single(s => s.Name == name);

    private sealed record AlertsReply([property: JsonPropertyName("alerts")] IReadOnlyList<BookAlert> Alerts);

    private sealed record SourcesReply([property: JsonPropertyName("sources")] IReadOnlyList<SourceStatus> Sources);
}
