using System.Net;
using System.Net.Http.Json;
using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Tests;

public sealed class TransportSecurityTests(TransportSecurityTests.HttpsFixture fixture) : IClassFixture<TransportSecurityTests.HttpsFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task With_https_on_plain_http_is_redirected_and_https_answers_carry_hsts()
    {
        using var client = Api.CreateClient();
        client.BaseAddress = new Uri("http://app.example");

        var plain = await client.GetAsync("/healthz");
        var secure = await client.GetAsync(new Uri("https://app.example/healthz"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://app.example/healthz", plain.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_https_on_the_sign_in_cookie_is_secure()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        using var client = Api.CreateClient();
        client.BaseAddress = new Uri("https://app.example");

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword });

        Assert.Contains("secure", Assert.Single(response.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    public sealed class HttpsFixture : IAsyncLifetime
    {
        internal TestApi Api { get; private set; } = null!;

        public async Task InitializeAsync() => Api = await TestApi.StartAsync(new Dictionary<string, string?>
        {
            ["Security:HttpsRedirection"] = "true",
            ["Security:Hsts"] = "true",
            ["https_port"] = "443",
        });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }
}
