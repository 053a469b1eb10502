using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

public sealed class OpenApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task The_openapi_document_lists_every_api_endpoint_with_its_method()
    {
        using var client = Api.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var endpoints = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (Path: e.RoutePattern.RawText!, Method: method.ToLowerInvariant())))
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(
            paths.TryGetProperty(e.Path, out var item) && item.TryGetProperty(e.Method, out _),
            $"{e.Method} {e.Path} is missing from /openapi/v1.json"));
        Assert.Equal("EmoteCare API", document.GetProperty("info").GetProperty("title").GetString());
    }
}
