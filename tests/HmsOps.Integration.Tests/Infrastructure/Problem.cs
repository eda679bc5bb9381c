using System.Text.Json;

namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>An <c>application/problem+json</c> answer with the console's <c>errors</c> extension.</summary>
public sealed record Problem(int Status, string Title, string Detail, IReadOnlyList<FieldError> Errors)
{
    public const string MediaType = "application/problem+json";

    /// <summary>Checks the content type, then parses the body.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == MediaType,
            $"expected {MediaType}, got '{response.Content.Headers.ContentType}': {body}");
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var errors = root.TryGetProperty("errors", out var list)
            ? list.EnumerateArray().Select(e => new FieldError(
                e.GetProperty("index").ValueKind == JsonValueKind.Null ? null : e.GetProperty("index").GetInt32(),
                e.GetProperty("field").GetString()!,
                e.GetProperty("reason").GetString()!)).ToArray()
            : [];
        return new Problem(root.GetProperty("status").GetInt32(), root.GetProperty("title").GetString()!,
            root.GetProperty("detail").GetString()!, errors);
    }
}

public sealed record FieldError(int? Index, string Field, string Reason);
