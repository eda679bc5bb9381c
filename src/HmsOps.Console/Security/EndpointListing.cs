using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.StaticAssets;

namespace HmsOps.Console.Security;

/// <summary>
/// <c>GET /api/endpoints</c> (leads only, and only with <c>Auth:ListEndpoints=true</c>): every mapped endpoint with its
/// methods, so the authorization matrix test walks what the running console really serves and a new endpoint cannot be
/// left out of it. Off by default: the list is a map for whoever reads it.
/// </summary>
public static class EndpointListing
{
    public const string Path = "/api/endpoints";

    public static void MapEndpointListing(this WebApplication app)
    {
        if (!app.Configuration.GetValue($"{AuthOptions.Section}:ListEndpoints", false))
        {
            return;
        }
        app.MapGet(Path, (EndpointDataSource source) => Results.Json(new
        {
            endpoints = source.Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
                .Select(e => new
                {
                    pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                    methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
                    page = e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null,
                })
                .OrderBy(e => e.pattern, StringComparer.Ordinal),
        })).RequireAuthorization(Policies.Lead);
    }
}
