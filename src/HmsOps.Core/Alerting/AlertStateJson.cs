using System.Text.Json;
using System.Text.Json.Serialization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting;

/// <summary>
/// JSON for <see cref="AlertRuleState"/> so a restart resumes where it stopped (a firing alert keeps its activeAt).
/// Label sets are written as plain objects, <c>{"alertname":"X","severity":"critical"}</c>.
/// </summary>
public static class AlertStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new LabelSetConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(AlertRuleState state) => JsonSerializer.Serialize(state, Options);

    public static AlertRuleState Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertRuleState>(json, Options)
        ?? throw new JsonException("alert state: expected an object with 'alerts', got null");

    private sealed class LabelSetConverter : JsonConverter<LabelSet>
    {
        public override LabelSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LabelSet.From(JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader)
                ?? throw new JsonException("labels: expected an object of name/value strings"));

        public override void Write(Utf8JsonWriter writer, LabelSet value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var pair in value.Pairs)
            {
                writer.WriteString(pair.Key, pair.Value);
            }
            writer.WriteEndObject();
        }
    }
}
