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
        Assert.Contains(await AuditAsync(admin), e => e.GetProperty("action").GetString() == "account.unlock" && e.GetProperty("detail").GetString() == account.Account.Id);
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

    [Theory]
    [InlineData("unlock")]
    [InlineData("password-reset")]
    public async Task An_unknown_account_is_a_404_problem(string action)
    {
        var admin = await Api.CreateActorAsync(Role.Admin);

        var response = await admin.Client.PostAsync(new Uri($"/api/accounts/{new string('a', 32)}/{action}", UriKind.Relative), null);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }
}
