using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Tests;

public sealed class AccountRecoveryTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    private async Task<HttpResponseMessage> RequestTokenAsync(string email, string password)
    {
        using var client = Api.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/token", new { email, password });
    }

    /// <summary>A client that signs in with the browser's cookie, keeps the latest one the server sets, and sends the header the app's pages send.</summary>
    private async Task<HttpClient> BrowserAsync(CreatedAccount account)
    {
        var browser = Api.CreateClient();
        browser.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        KeepCookie(browser, (await browser.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword })).EnsureSuccessStatusCode());
        return browser;
    }

    private static void KeepCookie(HttpClient browser, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            browser.DefaultRequestHeaders.Remove("Cookie");
            browser.DefaultRequestHeaders.Add("Cookie", cookies.Select(c => c.Split(';')[0]));
        }
    }

    private async Task LockAsync(CreatedAccount account)
    {
        for (var i = 0; i < 5; i++)
        {
            await Problem.AssertAsync(await RequestTokenAsync(account.Account.Email, $"wrong {i}"), HttpStatusCode.Unauthorized);
        }

        await Problem.AssertAsync(await RequestTokenAsync(account.Account.Email, account.InitialPassword), HttpStatusCode.Unauthorized);
    }

    private async Task<IEnumerable<JsonElement>> AuditAsync(Actor admin)
    {
        var entries = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?actorId={admin.Id}", TestApi.Json);
        return entries.GetProperty("items").EnumerateArray();
    }

    [Fact]
    public async Task An_admin_unlocks_a_locked_account_and_the_right_password_works_again()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Patient);
        await LockAsync(account);

        var unlock = await admin.Client.PostAsync(new Uri($"/api/accounts/{account.Account.Id}/unlock", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(account.Account.Email, account.InitialPassword)).StatusCode);
        Assert.Contains(await AuditAsync(admin), e => e.GetProperty("action").GetString() == "account.unlock" && e.GetProperty("patientId").GetString() == account.Account.Id);
    }

    [Fact]
    public async Task A_password_reset_replaces_the_old_password_and_lifts_the_lockout()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Therapist);
        await LockAsync(account);

        var reset = await admin.Client.PostAsync(new Uri($"/api/accounts/{account.Account.Id}/password-reset", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;
        Assert.NotEqual(account.InitialPassword, temporary);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(account.Account.Email, temporary)).StatusCode);
        await Problem.AssertAsync(await RequestTokenAsync(account.Account.Email, account.InitialPassword), HttpStatusCode.Unauthorized);
        Assert.Contains(await AuditAsync(admin), e => e.GetProperty("action").GetString() == "account.password.reset" && e.GetProperty("detail").GetString() == account.Account.Id);
        Assert.DoesNotContain(Api.Logs.Lines, line => line.Contains(temporary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_password_reset_ends_the_tokens_and_cookies_issued_before_it()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Patient);
        var tokens = await (await RequestTokenAsync(account.Account.Email, account.InitialPassword)).Content.ReadFromJsonAsync<JsonElement>();
        using var bearer = Api.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        var bearerMeBefore = await bearer.GetAsync(new Uri("/api/me", UriKind.Relative));
        using var browser = await BrowserAsync(account);
        var meBefore = await browser.GetAsync(new Uri("/api/me", UriKind.Relative));
        using var anonymous = Api.CreateClient();
        var refreshedBefore = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });

        (await admin.Client.PostAsync(new Uri($"/api/accounts/{account.Account.Id}/password-reset", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, bearerMeBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshedBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        await Problem.AssertAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_browser_that_changes_its_own_password_stays_signed_in_and_other_browsers_are_signed_out()
    {
        var account = await Api.CreateAccountAsync(Role.Therapist);
        using var browser = await BrowserAsync(account);
        using var otherBrowser = await BrowserAsync(account);

        var change = await browser.PutAsJsonAsync("/api/me/password", new { currentPassword = account.InitialPassword, newPassword = "a brand new long password" });
        KeepCookie(browser, change);

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherBrowser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_admins_password_is_not_reset_by_another_admin()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var otherAdmin = await Api.CreateAccountAsync(Role.Admin);

        var response = await admin.Client.PostAsync(new Uri($"/api/accounts/{otherAdmin.Account.Id}/password-reset", UriKind.Relative), null);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(otherAdmin.Account.Email, otherAdmin.InitialPassword)).StatusCode);
        Assert.DoesNotContain(await AuditAsync(admin), e => e.GetProperty("action").GetString() == "account.password.reset");
    }

    [Theory]
    [InlineData("unlock")]
    [InlineData("password-reset")]
    public async Task An_unknown_account_is_a_404_problem(string action)
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        var response = await admin.Client.PostAsync(new Uri($"/api/accounts/{new string('a', 32)}/{action}", UriKind.Relative), null);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        Assert.Empty(await AuditAsync(admin));
    }
}
