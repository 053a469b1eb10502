using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmoteCare.WebApp.Tests;

/// <summary>
/// The cross-site check (docs/security.md, finding 3) in a real browser: signed in with the cookie, a state-changing call
/// needs <c>X-Requested-With</c>, which the app's pages and the OpenAPI page send, and which nothing adds on its own.
/// </summary>
public sealed class CookieRequestTests(WebAppFixture fixture) : IClassFixture<WebAppFixture>
{
    private const string SignIn =
        "c => fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }, body: JSON.stringify(c) }).then(r => r.status)";

    private const string BareLogout = "() => fetch('/api/auth/logout', { method: 'POST' }).then(r => r.status)";

    private WebAppServer Server => fixture.Server;

    [Fact]
    public async Task A_cookie_call_without_the_header_is_refused_and_the_openapi_page_adds_it()
    {
        var cast = await Server.SeedAsync("Sam");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(Server.Address);

        await page.GotoAsync("/swagger/index.html");
        await Expect(page.Locator(".swagger-ui").First).ToBeVisibleAsync();
        Assert.Equal(200, await page.EvaluateAsync<int>(SignIn, new { email = cast.Therapist.Email, password = cast.TherapistPassword }));

        // A call of the app's origin that does not add the header, as a plain fetch does everywhere but the OpenAPI page.
        var plain = await page.Context.NewPageAsync();
        await plain.GotoAsync("/");
        Assert.Equal(403, await plain.EvaluateAsync<int>(BareLogout));

        // The OpenAPI page's fetch adds it, so "try it out" works with the cookie.
        Assert.Equal(200, await page.EvaluateAsync<int>(BareLogout));
        Assert.Equal(401, await page.EvaluateAsync<int>("() => fetch('/api/me').then(r => r.status)"));
    }
}
