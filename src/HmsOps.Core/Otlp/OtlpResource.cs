using System.Text.Json;
using Google.Protobuf.Collections;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Resource;

namespace HmsOps.Core.Otlp;

/// <summary>What the console keeps of one resource and one scope, worked out once for all their items.</summary>
internal sealed record OtlpResource(string Service, string? ResourceJson, RepeatedField<KeyValue>? Attributes)
{
    /// <summary>What the SDKs report when no <c>service.name</c> is configured.</summary>
    public const string UnknownService = "unknown_service";

    public static OtlpResource From(Resource? resource, OtlpAttributes json)
    {
        var attributes = resource?.Attributes;
        var service = OtlpAttributes.StringOf(attributes, "service.name");
        return new OtlpResource(
            string.IsNullOrWhiteSpace(service) ? UnknownService : service,
            attributes is { Count: > 0 } ? json.Object(attributes) : null,
            attributes);
    }

    /// <summary><c>{"name", "version", "attributes"}</c>, or null for an absent or empty scope.</summary>
    public static string? ScopeJson(InstrumentationScope? scope, OtlpAttributes json)
    {
        if (scope is null || (scope.Name.Length == 0 && scope.Version.Length == 0 && scope.Attributes.Count == 0))
        {
            return null;
        }
        return json.Write(writer => WriteScope(writer, scope));
    }

    public static void WriteScope(Utf8JsonWriter writer, InstrumentationScope scope)
    {
        writer.WriteStartObject();
        writer.WriteString("name", scope.Name);
        if (scope.Version.Length > 0)
        {
            writer.WriteString("version", scope.Version);
        }
        if (scope.Attributes.Count > 0)
        {
            writer.WritePropertyName("attributes");
            OtlpAttributes.WriteObject(writer, scope.Attributes);
        }
        writer.WriteEndObject();
    }
}
