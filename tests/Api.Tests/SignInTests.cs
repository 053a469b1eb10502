using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Api.Tests;

public sealed class SignInTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Cookie_sign_in_returns_the_account_and_a_hardened_cookie_that_authenticates_later_requests()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        using var client = Api.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email.ToUpperInvariant(), password = account.InitialPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(account.Account.Id, me.GetProperty("id").GetString());
        Assert.Equal("therapist", me.GetProperty("role").GetString());
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("emotecare.auth=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        var meResponse = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
    }

    [Fact]
    public async Task Logout_removes_the_cookie()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        using var client = Api.CreateClient();
        await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword });

        var response = await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("emotecare.auth=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bearer_token_authenticates_and_its_refresh_token_issues_a_new_one()
    {
        var account = await Api.CreateAccountAsync(Role.Admin);
        using var client = Api.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Account.Email, password = account.InitialPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        using var signedIn = Api.CreateClient(tokens.GetProperty("accessToken").GetString());
        var me = await signedIn.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newTokens = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var again = Api.CreateClient(newTokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_forged_bearer_token_or_refresh_token_is_refused()
    {
        using var forged = Api.CreateClient("not-a-token");
        await Problem.AssertAsync(await forged.GetAsync("/api/me"), HttpStatusCode.Unauthorized);

        using var client = Api.CreateClient();
        await Problem.AssertAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_problem()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        using var client = Api.CreateClient();

        var wrongPassword = await Problem.AssertAsync(await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = "wrong password" }), HttpStatusCode.Unauthorized);
        var unknownEmail = await Problem.AssertAsync(await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.example", password = "wrong password" }), HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), unknownEmail.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_so_even_the_right_password_fails()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        using var client = Api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await Problem.AssertAsync(await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = $"wrong {i}" }), HttpStatusCode.Unauthorized);
        }

        using var otherClient = Api.CreateClient();
        var locked = await otherClient.PostAsJsonAsync("/api/auth/token", new { email = account.Account.Email, password = account.InitialPassword });

        await Problem.AssertAsync(locked, HttpStatusCode.Unauthorized);
        var stored = await Api.Services.GetRequiredService<AccountStore>().FindAsync(account.Account.Id, CancellationToken.None);
        Assert.InRange(stored!.LockoutEnd!.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task A_success_before_the_fifth_failure_restarts_the_count()
    {
        var account = await Api.CreateAccountAsync(Role.Patient);
        using var client = Api.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = "wrong" });
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword })).StatusCode);
        using var second = Api.CreateClient();
        await second.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = "wrong" });

        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword })).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_per_address_get_429_problem_details_with_retry_after()
    {
        using var client = Api.CreateClient();
        HttpResponseMessage? response = null;
        for (var i = 0; i < 11; i++)
        {
            response = await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.example", password = "wrong" });
        }

        await Problem.AssertAsync(response!, HttpStatusCode.TooManyRequests);
        Assert.True(response!.Headers.RetryAfter is not null);
        using var fromElsewhere = Api.CreateClient();
        await Problem.AssertAsync(await fromElsewhere.PostAsJsonAsync("/api/auth/token", new { email = "nobody@test.example", password = "wrong" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_changed_password_replaces_the_old_one()
    {
        var actor = await Api.CreateActorAsync(Role.Patient);
        const string NewPassword = "a new password of mine";

        var response = await actor.Client.PutAsJsonAsync("/api/me/password", new { currentPassword = actor.Password, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var client = Api.CreateClient();
        await Problem.AssertAsync(await client.PostAsJsonAsync("/api/auth/login", new { email = actor.Account.Email, password = actor.Password }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email = actor.Account.Email, password = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task Passwords_and_tokens_never_reach_the_logs()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        using var client = Api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Account.Email, password = account.InitialPassword });
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        await client.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = "a wrong password 123" });

        var secrets = new[] { account.InitialPassword, "a wrong password 123", tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!, account.Account.Email };
        foreach (var line in Api.Logs.Lines)
        {
            Assert.DoesNotContain(secrets, secret => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
