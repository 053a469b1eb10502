using System.Net;

namespace EmoteCare.Api.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Healthz_answers_200_once_the_co_hosted_silo_serves_from_PostgreSQL()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
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
}
