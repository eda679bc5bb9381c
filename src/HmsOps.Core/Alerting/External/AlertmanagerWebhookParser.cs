using System.Text.Json;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.External;

/// <summary>One problem with a webhook payload: the JSON path of the field and why it is refused.</summary>
public sealed record PayloadError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>A parsed payload: every alert, or every error found (then nothing of it is applied).</summary>
public sealed record AlertmanagerWebhookResult(
    string Receiver, string Status, IReadOnlyList<ConsoleAlert> Alerts, IReadOnlyList<PayloadError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Reads Alertmanager's webhook payload version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config)
/// into <see cref="ConsoleAlert"/>s with <see cref="AlertOrigin.Alertmanager"/>. Unknown members are ignored (newer
/// Alertmanagers add some); known members of the wrong type, a version other than "4", a bad status or time, and a
/// fingerprint that does not match the labels are errors that name the field.
/// </summary>
public static class AlertmanagerWebhookParser
{
    public const string SupportedVersion = "4";

    public static AlertmanagerWebhookResult Parse(ReadOnlyMemory<byte> body, int maxAlerts, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Failed(new PayloadError("body", $"not valid JSON: {e.Message}"));
        }
        using (document)
        {
            return Parse(document.RootElement, maxAlerts, now);
        }
    }

    private static AlertmanagerWebhookResult Parse(JsonElement root, int maxAlerts, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(new PayloadError("body", "must be a JSON object"));
        }
        var errors = new List<PayloadError>();
        var version = RequiredString(root, "version", "version", errors);
        if (version is not null && version != SupportedVersion)
        {
            errors.Add(new PayloadError("version", $"'{version}' is not supported; only version {SupportedVersion} is"));
        }
        var status = RequiredString(root, "status", "status", errors);
        if (status is not null && status is not ("firing" or "resolved"))
        {
            errors.Add(new PayloadError("status", $"'{status}' must be firing or resolved"));
        }
        var receiver = OptionalString(root, "receiver", "receiver", errors) ?? "";
        OptionalString(root, "groupKey", "groupKey", errors);
        var externalUrl = OptionalString(root, "externalURL", "externalURL", errors);
        OptionalStringMap(root, "groupLabels", errors);
        OptionalStringMap(root, "commonLabels", errors);
        OptionalStringMap(root, "commonAnnotations", errors);
        if (root.TryGetProperty("truncatedAlerts", out var truncated)
            && (truncated.ValueKind != JsonValueKind.Number || !truncated.TryGetInt32(out var count) || count < 0))
        {
            errors.Add(new PayloadError("truncatedAlerts", "must be a whole number, 0 or more"));
        }

        var alerts = new List<ConsoleAlert>();
        if (!root.TryGetProperty("alerts", out var list))
        {
            errors.Add(new PayloadError("alerts", "is required"));
        }
        else if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new PayloadError("alerts", "must be an array"));
        }
        else if (list.GetArrayLength() > maxAlerts)
        {
            errors.Add(new PayloadError("alerts", $"{list.GetArrayLength()} alerts exceed the limit of {maxAlerts} per request (Alerting:Alertmanager:MaxAlertsPerRequest)"));
        }
        else
        {
            var source = string.IsNullOrEmpty(externalUrl) ? $"Alertmanager receiver {receiver}".TrimEnd() : $"Alertmanager {externalUrl}";
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (ParseAlert(item, $"alerts[{index}]", source, now, errors) is { } alert)
                {
                    alerts.Add(alert);
                }
                index++;
            }
        }
        return errors.Count > 0
            ? new AlertmanagerWebhookResult(receiver, status ?? "", [], errors)
            : new AlertmanagerWebhookResult(receiver, status!, alerts, []);
    }

    private static ConsoleAlert? ParseAlert(JsonElement item, string path, string source, DateTimeOffset now, List<PayloadError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PayloadError(path, "must be an object"));
            return null;
        }
        var before = errors.Count;
        var status = RequiredString(item, "status", $"{path}.status", errors);
        if (status is not null && status is not ("firing" or "resolved"))
        {
            errors.Add(new PayloadError($"{path}.status", $"'{status}' must be firing or resolved"));
        }
        var labels = RequiredStringMap(item, "labels", $"{path}.labels", errors);
        if (labels is { Count: 0 })
        {
            errors.Add(new PayloadError($"{path}.labels", "must have at least one label"));
        }
        var annotations = OptionalStringMap(item, "annotations", errors, $"{path}.annotations") ?? LabelSet.Empty;
        var startsAt = RequiredTime(item, "startsAt", $"{path}.startsAt", errors);
        var endsAt = OptionalTime(item, "endsAt", $"{path}.endsAt", errors);
        if (status == "resolved" && endsAt is null && errors.Count == before)
        {
            errors.Add(new PayloadError($"{path}.endsAt", "a resolved alert needs the time it ended"));
        }
        var generatorUrl = OptionalString(item, "generatorURL", $"{path}.generatorURL", errors);
        var fingerprint = OptionalString(item, "fingerprint", $"{path}.fingerprint", errors);
        if (errors.Count > before || labels is null || startsAt is null)
        {
            return null;
        }
        var computed = AlertFingerprint.Of(labels);
        if (!string.IsNullOrEmpty(fingerprint) && !string.Equals(fingerprint, computed, StringComparison.Ordinal))
        {
            errors.Add(new PayloadError($"{path}.fingerprint", $"'{fingerprint}' does not match the labels (their fingerprint is {computed})"));
            return null;
        }
        var resolved = status == "resolved";
        return new ConsoleAlert(
            computed,
            labels,
            annotations,
            resolved ? AlertState.Inactive : AlertState.Firing,
            Value: null,
            ActiveAt: startsAt.Value,
            FiredAt: startsAt.Value,
            ResolvedAt: resolved ? endsAt : null,
            UpdatedAt: now,
            AlertOrigin.Alertmanager,
            source,
            string.IsNullOrEmpty(generatorUrl) ? null : generatorUrl);
    }

    private static AlertmanagerWebhookResult Failed(PayloadError error) => new("", "", [], [error]);

    private static string? RequiredString(JsonElement parent, string name, string path, List<PayloadError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new PayloadError(path, "is required"));
            return null;
        }
        return AsString(value, path, errors);
    }

    private static string? OptionalString(JsonElement parent, string name, string path, List<PayloadError> errors) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsString(value, path, errors) : null;

    private static string? AsString(JsonElement value, string path, List<PayloadError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new PayloadError(path, "must be a string"));
            return null;
        }
        return value.GetString();
    }

    private static LabelSet? RequiredStringMap(JsonElement parent, string name, string path, List<PayloadError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new PayloadError(path, "is required"));
            return null;
        }
        return AsStringMap(value, path, errors);
    }

    private static LabelSet? OptionalStringMap(JsonElement parent, string name, List<PayloadError> errors, string? path = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? AsStringMap(value, path ?? name, errors)
            : null;

    private static LabelSet? AsStringMap(JsonElement value, string path, List<PayloadError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PayloadError(path, "must be an object of strings"));
            return null;
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new PayloadError($"{path}.{property.Name}", "must be a string"));
                return null;
            }
            if (property.Name.Length == 0)
            {
                errors.Add(new PayloadError(path, "a name must not be empty"));
                return null;
            }
            pairs.Add(new(property.Name, property.Value.GetString()!));
        }
        return LabelSet.From(pairs);
    }

    private static DateTimeOffset? RequiredTime(JsonElement parent, string name, string path, List<PayloadError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new PayloadError(path, "is required"));
            return null;
        }
        var time = AsTime(value, path, errors);
        if (time is { } t && GoTime.IsZero(t))
        {
            errors.Add(new PayloadError(path, "must be set (not Go's zero time)"));
            return null;
        }
        return time;
    }

    /// <summary>A time, or null when absent or Go's zero time (Alertmanager's "not set").</summary>
    private static DateTimeOffset? OptionalTime(JsonElement parent, string name, string path, List<PayloadError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var time = AsTime(value, path, errors);
        return time is { } t && GoTime.IsZero(t) ? null : time;
    }

    private static DateTimeOffset? AsTime(JsonElement value, string path, List<PayloadError> errors)
    {
        if (value.ValueKind != JsonValueKind.String || !GoTime.TryParse(value.GetString(), out var time))
        {
            errors.Add(new PayloadError(path, "must be an RFC 3339 time, e.g. 2026-11-25T10:00:00Z"));
            return null;
        }
        return time;
    }
}
