using System.Net;

namespace EmoteCare.Api.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Healthz_answers_200_once_the_co_hosted_silo_serves_from_PostgreSQL()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestPostgres.ConnectionString,
        });
        using var client = new HttpClient { BaseAddress = api.BaseAddress };

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_connection_string_stops_start_up_with_the_setting_named()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "",
        }));

        Assert.Contains("ConnectionStrings__Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_stops_start_up_with_one_error_naming_the_setting_and_the_address()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=not-to-be-printed;Database=emotecare;Timeout=3",
        }));

        Assert.Contains("Could not connect to PostgreSQL at 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-printed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_cuts_off_a_chunked_api_body_over_the_limit_with_a_413_problem()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestPostgres.ConnectionString,
        });
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"{{\"email\":\"a@test.example\",\"password\":\"{new string('x', 20_000)}\"}}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
