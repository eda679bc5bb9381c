using System.Text.Json;
using System.Text.Json.Serialization;

namespace HmsOps.Core.Changes.Storage;

/// <summary>How a <see cref="ChangeRecord"/> is kept in <c>changes.db</c>: camelCase JSON with enums by name, readable with sqlite3.</summary>
internal static class ChangeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(ChangeRecord change) => JsonSerializer.Serialize(change, Options);

    public static ChangeRecord Read(string json) =>
        JsonSerializer.Deserialize<ChangeRecord>(json, Options) ?? throw new InvalidDataException("changes.db: an empty change record");

    public static TransitionKind ParseKind(string text) => Enum.Parse<TransitionKind>(text, ignoreCase: true);

    public static ChangeState ParseState(string text) =>
        Enum.GetValues<ChangeState>().First(s => s.Text() == text);
}
