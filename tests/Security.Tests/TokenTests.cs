using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Tests;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 5: the same refresh token worked twice, and logout left the bearer token working. Refresh tokens now rotate
/// (each works once; a reused one ends its whole family) and logout ends the credential it was called with. Either also
/// closes, at once, the hub connections opened with that sign-in.
/// </summary>
public sealed class TokenTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_refresh_token_works_once()
    {
        var tokens = await SignInAsync(await Api.CreateAccountAsync(Role.Patient));

        var first = await RefreshAsync(tokens.Refresh);
        var again = await RefreshAsync(tokens.Refresh);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Problem.AssertAsync(again, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_ends_the_whole_family_newest_tokens_included()
    {
        var tokens = await SignInAsync(await Api.CreateAccountAsync(Role.Patient));
        var rotated = await TokensOf(await RefreshAsync(tokens.Refresh));
        var newest = await TokensOf(await RefreshAsync(rotated.Refresh));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(newest.Access));

        // Someone replays the first refresh token, stolen before the owner used it.
        await Problem.AssertAsync(await RefreshAsync(tokens.Refresh), HttpStatusCode.Unauthorized);

        await Problem.AssertAsync(await RefreshAsync(newest.Refresh), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(newest.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(tokens.Access));
    }

    [Fact]
    public async Task Families_are_independent()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        var phone = await SignInAsync(account);
        var laptop = await SignInAsync(account);
        await RefreshAsync(phone.Refresh);

        await RefreshAsync(phone.Refresh);

        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(laptop.Access));
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(laptop.Refresh)).StatusCode);
    }

    [Fact]
    public async Task Logout_with_a_bearer_token_ends_it_and_its_refresh_token()
    {
        var tokens = await SignInAsync(await Api.CreateAccountAsync(Role.Therapist));
        using var client = Api.CreateClient(tokens.Access);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var logout = await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        await Problem.AssertAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await RefreshAsync(tokens.Refresh), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_with_a_bearer_token_leaves_the_accounts_other_sign_ins_alone()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        var ended = await SignInAsync(account);
        var other = await SignInAsync(account);
        using var client = Api.CreateClient(ended.Access);

        await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(other.Access));
    }

    [Fact]
    public async Task Logout_with_a_cookie_ends_that_cookie_even_if_it_is_replayed()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        using var client = Api.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword });
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", cookie);
        logout.Headers.Add("X-Requested-With", "XMLHttpRequest");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(logout)).StatusCode);

        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        replay.Headers.Add("Cookie", cookie);
        await Problem.AssertAsync(await client.SendAsync(replay), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_closes_the_hub_connections_opened_with_that_sign_in_at_once_and_no_other()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        var ended = await SignInAsync(account);
        var other = await SignInAsync(account);
        await using var endedHub = await HubTestClient.ConnectAsync(Api, ended.Access);
        await using var otherHub = await HubTestClient.ConnectAsync(Api, other.Access);
        await AssertStillOpenAsync(endedHub);
        using var client = Api.CreateClient(ended.Access);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/auth/logout", null)).StatusCode);

        var revoked = await endedHub.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal("signInEnded", revoked.GetProperty("reason").GetString());
        await endedHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(Api, ended.Access));
        await AssertStillOpenAsync(otherHub);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_closes_the_hub_connections_of_its_family_at_once()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        var tokens = await SignInAsync(account);
        var newest = await TokensOf(await RefreshAsync(tokens.Refresh));
        var otherFamily = await SignInAsync(account);
        await using var newestHub = await HubTestClient.ConnectAsync(Api, newest.Access);
        await using var otherHub = await HubTestClient.ConnectAsync(Api, otherFamily.Access);
        await AssertStillOpenAsync(newestHub);

        await Problem.AssertAsync(await RefreshAsync(tokens.Refresh), HttpStatusCode.Unauthorized);

        var revoked = await newestHub.NextAsync(HubEvents.AccessRevoked);
        Assert.Equal("signInEnded", revoked.GetProperty("reason").GetString());
        await newestHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await AssertStillOpenAsync(otherHub);
    }

    /// <summary>
    /// The connection answers calls: a watch of a session that does not exist is refused, not cut off. Calls are answered
    /// only once the hub's <c>OnConnectedAsync</c> has finished, so afterwards a revocation finds the connection
    /// registered and says why it closes it.
    /// </summary>
    private static async Task AssertStillOpenAsync(HubTestClient hub)
    {
        await Assert.ThrowsAsync<HubError>(() => hub.InvokeAsync("Watch", Ids.New()));
        Assert.False(hub.Closed.IsCompleted);
    }

    private async Task<(string Access, string Refresh)> SignInAsync(CreatedAccount account)
    {
        using var client = Api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Account.Email, password = account.InitialPassword });
        return await TokensOf(response);
    }

    private static async Task<(string Access, string Refresh)> TokensOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var client = Api.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
    }

    private async Task<HttpStatusCode> MeStatusAsync(string accessToken)
    {
        using var client = Api.CreateClient(accessToken);
        return (await client.GetAsync("/api/me")).StatusCode;
    }
}
