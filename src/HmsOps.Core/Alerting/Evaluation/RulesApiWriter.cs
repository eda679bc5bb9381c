using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Alerting.Templating;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>Which rules <c>/api/v1/rules</c> lists (its <c>type</c> parameter).</summary>
public enum RuleTypeFilter
{
    All,
    Alert,
    Record,
}

/// <summary>
/// <c>/api/v1/rules</c> and <c>/api/v1/alerts</c> in Prometheus 2.42's JSON: field names, order and formats as its
/// web API writes them (durations in seconds, times in RFC 3339 with nanoseconds, alert values as Go's <c>%e</c> text).
/// Only active (pending and firing) alerts are listed, as Prometheus does; resolved ones live on in the console's book.
/// </summary>
public static class RulesApiWriter
{
    /// <summary>Go's zero time, which Prometheus reports for a rule never evaluated.</summary>
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public static void WriteRules(Utf8JsonWriter writer, IReadOnlyList<RuleGroupStatus> groups, RuleTypeFilter filter)
    {
        writer.WriteStartObject();
        writer.WriteString("status"u8, "success"u8);
        writer.WritePropertyName("data"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("groups"u8);
        writer.WriteStartArray();
        foreach (var group in groups)
        {
            WriteGroup(writer, group, filter);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteAlerts(Utf8JsonWriter writer, IReadOnlyList<RuleGroupStatus> groups)
    {
        writer.WriteStartObject();
        writer.WriteString("status"u8, "success"u8);
        writer.WritePropertyName("data"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("alerts"u8);
        writer.WriteStartArray();
        foreach (var alert in groups.SelectMany(g => g.Rules).SelectMany(r => ActiveAlerts(r.State)))
        {
            WriteAlert(writer, alert);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Prometheus's RFC3339Nano: UTC with "Z", fraction without trailing zeros.</summary>
    public static string FormatTime(DateTimeOffset? time) =>
        time is not { } t ? ZeroTime : t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The rule's state in the API: its most severe active alert's, else inactive.</summary>
    public static string RuleState(AlertRuleState state) =>
        state.Alerts.Any(a => a.State == AlertState.Firing) ? "firing"
        : state.Alerts.Any(a => a.State == AlertState.Pending) ? "pending"
        : "inactive";

    private static void WriteGroup(Utf8JsonWriter writer, RuleGroupStatus group, RuleTypeFilter filter)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, group.Name);
        writer.WriteString("file"u8, group.File);
        writer.WritePropertyName("rules"u8);
        writer.WriteStartArray();
        foreach (var rule in group.Rules)
        {
            switch (rule.Rule)
            {
                case Rules.AlertingRule alerting when filter != RuleTypeFilter.Record:
                    WriteAlertingRule(writer, rule, alerting);
                    break;
                case RecordingRule recording when filter != RuleTypeFilter.Alert:
                    WriteRecordingRule(writer, rule, recording);
                    break;
            }
        }
        writer.WriteEndArray();
        writer.WriteNumber("interval"u8, group.Interval.TotalSeconds);
        writer.WriteNumber("limit"u8, group.Limit);
        writer.WriteNumber("evaluationTime"u8, group.EvaluationTime.TotalSeconds);
        writer.WriteString("lastEvaluation"u8, FormatTime(group.LastEvaluation));
        writer.WriteEndObject();
    }

    private static void WriteAlertingRule(Utf8JsonWriter writer, RuleStatus status, Rules.AlertingRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("state"u8, RuleState(status.State));
        writer.WriteString("name"u8, rule.Name);
        writer.WriteString("query"u8, QueryText(rule.Expr));
        writer.WriteNumber("duration"u8, rule.For.TotalSeconds);
        writer.WriteNumber("keepFiringFor"u8, rule.KeepFiringFor.TotalSeconds);
        writer.WritePropertyName("labels"u8);
        WriteMap(writer, rule.Labels);
        writer.WritePropertyName("annotations"u8);
        WriteMap(writer, rule.Annotations);
        writer.WritePropertyName("alerts"u8);
        writer.WriteStartArray();
        foreach (var alert in ActiveAlerts(status.State))
        {
            WriteAlert(writer, alert);
        }
        writer.WriteEndArray();
        WriteHealth(writer, status);
        writer.WriteString("type"u8, "alerting"u8);
        writer.WriteEndObject();
    }

    private static void WriteRecordingRule(Utf8JsonWriter writer, RuleStatus status, RecordingRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, rule.Name);
        writer.WriteString("query"u8, QueryText(rule.Expr));
        if (rule.Labels.Count > 0)
        {
            writer.WritePropertyName("labels"u8);
            WriteMap(writer, rule.Labels);
        }
        WriteHealth(writer, status);
        writer.WriteString("type"u8, "recording"u8);
        writer.WriteEndObject();
    }

    private static void WriteHealth(Utf8JsonWriter writer, RuleStatus status)
    {
        writer.WriteString("health"u8, status.Health switch
        {
            RuleHealth.Ok => "ok",
            RuleHealth.Err => "err",
            _ => "unknown",
        });
        if (status.LastError.Length > 0)
        {
            writer.WriteString("lastError"u8, status.LastError);
        }
        writer.WriteNumber("evaluationTime"u8, status.EvaluationTime.TotalSeconds);
        writer.WriteString("lastEvaluation"u8, FormatTime(status.LastEvaluation));
    }

    private static void WriteAlert(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("labels"u8);
        WriteLabels(writer, alert.Labels);
        writer.WritePropertyName("annotations"u8);
        WriteLabels(writer, alert.Annotations);
        writer.WriteString("state"u8, alert.State == AlertState.Firing ? "firing" : "pending");
        writer.WriteString("activeAt"u8, FormatTime(alert.ActiveAt));
        if (alert.KeepFiringSince is { } since)
        {
            writer.WriteString("keepFiringSince"u8, FormatTime(since));
        }
        writer.WriteString("value"u8, GoNumberFormat.ShortestExponent(alert.Value));
        writer.WriteEndObject();
    }

    private static IEnumerable<Alert> ActiveAlerts(AlertRuleState state) => state.Alerts.Where(a => a.State != AlertState.Inactive);

    /// <summary>
    /// Prometheus prints the parsed expression back on one line. Without a printer, the file's text with every run of
    /// whitespace outside string literals made one space gives the same line for expressions written in its style.
    /// </summary>
    public static string QueryText(string expr)
    {
        var text = new System.Text.StringBuilder(expr.Length);
        char? quote = null;
        var pendingSpace = false;
        for (var i = 0; i < expr.Length; i++)
        {
            var c = expr[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }
            text.Append(c);
            if (quote is { } q)
            {
                if (c == '\\' && q != '`' && i + 1 < expr.Length)
                {
                    text.Append(expr[++i]);
                }
                else if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
        }
        return text.ToString();
    }

    private static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> map) =>
        WriteLabels(writer, LabelSet.From(map));

    private static void WriteLabels(Utf8JsonWriter writer, LabelSet labels)
    {
        writer.WriteStartObject();
        foreach (var pair in labels.Pairs)
        {
            writer.WriteString(pair.Key, pair.Value);
        }
        writer.WriteEndObject();
    }
}
