using System.Net;
using System.Net.Http.Json;
using EmoteCare.Api.Tests;
using EmoteCare.Testing;
using Microsoft.AspNetCore.TestHost;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 3: a page on another port of the same host ended a session with the therapist's SameSite cookie and opened
/// the hub with it. Cookies are sent to every port of a host, so SameSite does not stop it; the origin check does.
/// </summary>
public sealed class CrossSiteTests(CrossSiteTests.Fixture fixture) : IClassFixture<CrossSiteTests.Fixture>
{
    /// <summary>The test server's own origin: its clients call http://localhost.</summary>
    private const string OwnOrigin = "http://localhost";

    /// <summary>Another port of the same host: same site, different origin.</summary>
    private const string SameHostOtherPort = "http://localhost:9999";

    private World World => fixture.World;

    private TestApi Api => World.Api;

    [Fact]
    public async Task A_cookie_request_from_another_origin_of_the_same_host_is_refused_and_changes_nothing()
    {
        var cookie = await CookieOfAsync(World.Therapist);
        var sessionId = await World.NewLiveSessionAsync();
        using var client = Api.CreateClient();

        var response = await client.SendAsync(Browser(HttpMethod.Post, $"/api/sessions/{sessionId}/end", cookie, SameHostOtherPort));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("origin", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var session = await World.Therapist.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/sessions/{sessionId}");
        Assert.Equal("live", session.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_cookie_request_that_fetch_metadata_marks_same_site_is_refused_even_without_an_origin()
    {
        var cookie = await CookieOfAsync(World.Therapist);
        var sessionId = await World.NewLiveSessionAsync();
        using var client = Api.CreateClient();
        var request = Browser(HttpMethod.Post, $"/api/sessions/{sessionId}/end", cookie, origin: null);
        request.Headers.Add("Sec-Fetch-Site", "same-site");

        await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cookie_request_without_the_app_header_is_refused_even_from_the_own_origin()
    {
        var cookie = await CookieOfAsync(World.Therapist);
        var sessionId = await World.NewLiveSessionAsync();
        using var client = Api.CreateClient();
        var request = Browser(HttpMethod.Post, $"/api/sessions/{sessionId}/end", cookie, OwnOrigin);
        request.Headers.Remove("X-Requested-With");

        var problem = await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Contains("X-Requested-With", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_request_from_the_own_origin_is_accepted()
    {
        var cookie = await CookieOfAsync(World.Therapist);
        var sessionId = await World.NewLiveSessionAsync();
        using var client = Api.CreateClient();

        var response = await client.SendAsync(Browser(HttpMethod.Post, $"/api/sessions/{sessionId}/end", cookie, OwnOrigin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_posted_from_another_origin_is_refused()
    {
        using var client = Api.CreateClient();
        var request = Browser(HttpMethod.Post, "/api/auth/login", cookie: null, SameHostOtherPort);
        request.Content = JsonContent.Create(new { email = World.SignInAccount.Account.Email, password = World.SignInAccount.InitialPassword });

        var response = await client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Bearer_clients_need_neither_an_origin_nor_the_app_header()
    {
        var sessionId = await World.NewLiveSessionAsync();

        var response = await World.Therapist.Client.PostAsync($"/api/sessions/{sessionId}/end", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_a_handshake_from_a_foreign_origin_with_the_cookie()
    {
        var cookie = await CookieOfAsync(World.Therapist);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(cookie, SameHostOtherPort));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        await using var own = await ConnectAsync(cookie, OwnOrigin);
        var snapshot = await own.InvokeAsync("Watch", World.SessionId);
        Assert.Equal(World.SessionId, snapshot.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task The_hub_negotiation_from_a_foreign_origin_is_refused_with_problem_details()
    {
        var cookie = await CookieOfAsync(World.Therapist);
        using var client = Api.CreateClient();

        var response = await client.SendAsync(Browser(HttpMethod.Post, $"{HubTestClient.HubPath}/negotiate?negotiateVersion=1", cookie, SameHostOtherPort));

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bearer_hub_clients_without_an_origin_still_connect()
    {
        await using var hub = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(World.Therapist));

        var snapshot = await hub.InvokeAsync("Watch", World.SessionId);

        Assert.Equal(World.SessionId, snapshot.GetProperty("sessionId").GetString());
    }

    private Task<HubTestClient> ConnectAsync(string cookie, string origin)
    {
        var client = Api.App.GetTestServer().CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Cookie = cookie;
            request.Headers.Origin = origin;
        };
        return ConnectWithAsync(client);
    }

    private static async Task<HubTestClient> ConnectWithAsync(WebSocketClient client) =>
        await HubTestClient.HandshakeAsync(await client.ConnectAsync(new Uri($"ws://localhost{HubTestClient.HubPath}"), CancellationToken.None));

    /// <summary>The sign-in cookie of <paramref name="actor"/>, from a sign-in by the app's own page.</summary>
    private async Task<string> CookieOfAsync(Actor actor)
    {
        using var client = Api.CreateClient();
        var request = Browser(HttpMethod.Post, "/api/auth/login", cookie: null, OwnOrigin);
        request.Content = JsonContent.Create(new { email = actor.Account.Email, password = actor.Password });
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    /// <summary>A request as a browser's fetch sends it: the app's header, the page's origin and the cookie.</summary>
    private static HttpRequestMessage Browser(HttpMethod method, string path, string? cookie, string? origin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        internal World World { get; private set; } = null!;

        public async Task InitializeAsync() => World = await World.CreateAsync(await TestApi.StartAsync());

        public async Task DisposeAsync() => await World.Api.DisposeAsync();
    }
}
