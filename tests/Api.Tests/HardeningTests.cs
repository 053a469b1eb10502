using System.Net;
using System.Net.Http.Json;

namespace EmoteCare.Api.Tests;

public sealed class HardeningTests(HardeningTests.CorsFixture fixture) : IClassFixture<HardeningTests.CorsFixture>
{
    private const string AppOrigin = "https://app.emotecare.example";

    private TestApi Api => fixture.Api;

    [Theory]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/api/me", HttpStatusCode.Unauthorized)]
    [InlineData("/no-such-thing", HttpStatusCode.Unauthorized)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var client = Api.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        // The call needs the camera and the microphone, from this site only.
        Assert.Equal("camera=(self), microphone=(self), geolocation=(), payment=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_answers_are_never_cached_and_errors_are_problem_details()
    {
        using var client = Api.CreateClient();

        var response = await client.GetAsync("/api/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task An_unknown_path_is_401_to_anonymous_callers_and_404_to_signed_in_ones()
    {
        using var anonymous = Api.CreateClient();
        var actor = await Api.CreateActorAsync(EmoteCare.Api.Accounts.Role.Patient);

        await Problem.AssertAsync(await anonymous.GetAsync("/api/no-such-thing"), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await actor.Client.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cors_admits_the_configured_origin_with_credentials_and_no_other()
    {
        using var client = Api.CreateClient();

        var allowed = await client.SendAsync(Preflight(AppOrigin));
        var refused = await client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(AppOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_ui_is_served_with_a_policy_of_its_own()
    {
        using var client = Api.CreateClient();

        var response = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_and_a_failed_sign_in_log_no_errors()
    {
        using var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.example", password = "x" });

        Assert.DoesNotContain(Api.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }

    public sealed class CorsFixture : IAsyncLifetime
    {
        internal TestApi Api { get; private set; } = null!;

        public async Task InitializeAsync() => Api = await TestApi.StartAsync(new Dictionary<string, string?> { ["Security:AllowedOrigins:0"] = AppOrigin });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }
}
