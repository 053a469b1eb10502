using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Tests;

/// <summary>
/// Issue #14, item 2 ("the same applies to a disabled account"): an admin disables a patient's or therapist's account and
/// enables it again. A disabled account cannot sign in, and whatever it signed in with stops working at the next request.
/// </summary>
public sealed class AccountDisableTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_disabled_account_is_refused_sign_in_with_the_same_answer_as_a_wrong_password()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Therapist);

        (await DisableAsync(admin, account.Account.Id)).EnsureSuccessStatusCode();

        using var client = Api.CreateClient();
        foreach (var path in new[] { "/api/auth/token", "/api/auth/login" })
        {
            var rightPassword = await Problem.AssertAsync(await client.PostAsJsonAsync(path, new { email = account.Account.Email, password = account.InitialPassword }), HttpStatusCode.Unauthorized);
            var wrongPassword = await Problem.AssertAsync(await client.PostAsJsonAsync(path, new { email = account.Account.Email, password = "not the password at all" }), HttpStatusCode.Unauthorized);
            Assert.Equal(Answer(wrongPassword), Answer(rightPassword));
        }
    }

    [Fact]
    public async Task Disabling_ends_the_accounts_cookie_bearer_token_and_refresh_token_at_their_next_request()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Patient);
        var (bearer, refreshToken) = await SignInWithTokensAsync(account);
        using var browser = await BrowserAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await DisableAsync(admin, account.Account.Id)).StatusCode);

        await Problem.AssertAsync(await bearer.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await browser.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await RefreshAsync(refreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Enabling_lets_the_owner_sign_in_again_and_nothing_issued_before_the_disable_comes_back()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Therapist);
        var (bearer, refreshToken) = await SignInWithTokensAsync(account);
        using var browser = await BrowserAsync(account);
        (await DisableAsync(admin, account.Account.Id)).EnsureSuccessStatusCode();

        var enable = await admin.Client.PostAsync(new Uri($"/api/accounts/{account.Account.Id}/enable", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);
        var (fresh, _) = await SignInWithTokensAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        await Problem.AssertAsync(await bearer.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await browser.GetAsync(new Uri("/api/me", UriKind.Relative)), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await RefreshAsync(refreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Enabling_an_account_that_is_not_disabled_ends_nothing()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var account = await Api.CreateAccountAsync(Role.Patient);
        var (bearer, _) = await SignInWithTokensAsync(account);

        (await admin.Client.PostAsync(new Uri($"/api/accounts/{account.Account.Id}/enable", UriKind.Relative), null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Admin_accounts_are_not_disabled_the_callers_own_included()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var otherAdmin = await Api.CreateAccountAsync(Role.Admin);

        var other = await Problem.AssertAsync(await DisableAsync(admin, otherAdmin.Account.Id), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await DisableAsync(admin, admin.Id), HttpStatusCode.Forbidden);

        Assert.Contains("Admin accounts", other.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync(new Uri("/api/me", UriKind.Relative))).StatusCode);
        using var client = Api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { email = otherAdmin.Account.Email, password = otherAdmin.InitialPassword })).StatusCode);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    public async Task An_unknown_account_is_a_404_problem(string action)
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        var response = await admin.Client.PostAsync(new Uri($"/api/accounts/{Ids.New()}/{action}", UriKind.Relative), null);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Disabling_and_enabling_are_audited_and_the_admins_lists_show_the_state()
    {
        var admin = await Api.CreateActorAsync(Role.Admin);
        var patient = await Api.CreateAccountAsync(Role.Patient);
        var therapist = await Api.CreateAccountAsync(Role.Therapist);

        (await DisableAsync(admin, patient.Account.Id)).EnsureSuccessStatusCode();
        (await DisableAsync(admin, therapist.Account.Id)).EnsureSuccessStatusCode();
        (await admin.Client.PostAsync(new Uri($"/api/accounts/{therapist.Account.Id}/enable", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var audit = (await admin.Client.GetFromJsonAsync<JsonElement>($"/api/audit?actorId={admin.Id}", TestApi.Json)).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "account.disable" && e.GetProperty("patientId").GetString() == patient.Account.Id);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "account.disable" && e.GetProperty("detail").GetString() == therapist.Account.Id);
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "account.enable" && e.GetProperty("detail").GetString() == therapist.Account.Id);
        var shownPatient = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/patients/{patient.Account.Id}", TestApi.Json);
        Assert.True(shownPatient.GetProperty("disabled").GetBoolean());
        var therapists = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/therapists?limit=200", TestApi.Json);
        Assert.Contains(therapists.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == therapist.Account.Id && !t.GetProperty("disabled").GetBoolean());
    }

    /// <summary>A problem's content, without its per-request trace id.</summary>
    private static (string? Type, string? Title, string? Detail) Answer(JsonElement problem) =>
        (problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());

    private Task<HttpResponseMessage> DisableAsync(Actor admin, string accountId) =>
        admin.Client.PostAsync(new Uri($"/api/accounts/{accountId}/disable", UriKind.Relative), null);

    private async Task<(HttpClient Client, string RefreshToken)> SignInWithTokensAsync(CreatedAccount account)
    {
        using var anonymous = Api.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = account.Account.Email, password = account.InitialPassword });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (Api.CreateClient(tokens.GetProperty("accessToken").GetString()), tokens.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var anonymous = Api.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
    }

    /// <summary>A client signed in with the browser's cookie, sending the header the app's pages send.</summary>
    private async Task<HttpClient> BrowserAsync(CreatedAccount account)
    {
        var browser = Api.CreateClient();
        browser.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        var login = (await browser.PostAsJsonAsync("/api/auth/login", new { email = account.Account.Email, password = account.InitialPassword })).EnsureSuccessStatusCode();
        browser.DefaultRequestHeaders.Add("Cookie", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return browser;
    }
}
