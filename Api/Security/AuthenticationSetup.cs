using System.Security.Claims;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EmoteCare.Api.Security;

/// <summary>Authentication scheme names.</summary>
public static class AuthSchemes
{
    /// <summary>Browsers: an HttpOnly, SameSite=Strict cookie.</summary>
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Programmatic clients: <c>Authorization: Bearer ...</c>, or <c>?access_token=</c> under <see cref="HubPathPrefix"/>.</summary>
    public const string Bearer = BearerTokenDefaults.AuthenticationScheme;

    /// <summary>The default: picks <see cref="Bearer"/> when the request carries a token, else <see cref="Cookie"/>.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    /// <summary>
    /// SignalR hubs live under this path. Browsers cannot set headers on a WebSocket, so here (and only here) a bearer
    /// token may also arrive as the <c>access_token</c> query parameter, as the SignalR clients send it.
    /// </summary>
    public const string HubPathPrefix = "/hubs";
}

/// <summary>Authorization policy names: roles only. Ownership is <see cref="AccessPolicy"/>'s job inside each endpoint.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Admins.</summary>
    public const string Admin = "admin";

    /// <summary>Therapists.</summary>
    public const string Therapist = "therapist";

    /// <summary>Patients.</summary>
    public const string Patient = "patient";

    /// <summary>Therapists and patients: the roles that take part in sessions.</summary>
    public const string SessionParticipant = "session-participant";

    /// <summary>Admins and therapists: the roles that list patients.</summary>
    public const string Staff = "staff";
}

/// <summary>Registers authentication, authorization and the Data Protection key ring they depend on.</summary>
internal static class AuthenticationSetup
{
    /// <returns>Whether the key ring is encrypted at rest (see <see cref="KeyRingOptions"/>).</returns>
    public static bool AddApiAuthentication(this IServiceCollection services, KeyRingOptions keyRing)
    {
        // Cookies and bearer tokens are Data Protection payloads; the key ring lives in PostgreSQL so every node shares it.
        var keyRingEncrypted = KeyRingProtection.Protect(services.AddDataProtection().SetApplicationName("EmoteCare"), keyRing);
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new PostgresXmlRepository(dataSource));

        services.AddAuthentication(AuthSchemes.CookieOrBearer)
            .AddPolicyScheme(AuthSchemes.CookieOrBearer, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context => CarriesBearerToken(context.Request) ? AuthSchemes.Bearer : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie)
            .AddBearerToken(AuthSchemes.Bearer);

        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie)
            .Configure<IOptions<AccountOptions>, IOptions<ApiSecurityOptions>>((options, accounts, security) =>
            {
                options.Cookie.Name = "emotecare.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = security.Value.HttpsRedirection ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = accounts.Value.CookieLifetime;
                options.SlidingExpiration = true;

                // An API answers with a status, never a redirect to a login page.
                options.Events.OnRedirectToLogin = context => SetStatus(context.Response, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => SetStatus(context.Response, StatusCodes.Status403Forbidden);

                // A cookie issued before its account's password changed (a reset after a suspected compromise), or signed out, stops working.
                options.Events.OnValidatePrincipal = async context =>
                {
                    var accountService = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
                    if (AppUser.FromPrincipal(context.Principal) is not { } user
                        || !await accountService.AreCredentialsCurrentAsync(user.Id, AppUser.CredentialsStampOf(context.Principal), AppUser.GrantOf(context.Principal)?.Id, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
                    }
                };
            });

        services.AddOptions<BearerTokenOptions>(AuthSchemes.Bearer)
            .Configure<IOptions<AccountOptions>>((options, accounts) =>
            {
                options.BearerTokenExpiration = accounts.Value.AccessTokenLifetime;
                options.RefreshTokenExpiration = accounts.Value.RefreshTokenLifetime;
                options.Events.OnMessageReceived = context =>
                {
                    if (HubToken(context.Request) is { } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });

        services.AddAuthorizationBuilder()
            // An endpoint that declares nothing requires a signed-in user; anonymous access is always explicit.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(RoleNames.Admin))
            .AddPolicy(AuthorizationPolicies.Therapist, policy => policy.RequireRole(RoleNames.Therapist))
            .AddPolicy(AuthorizationPolicies.Patient, policy => policy.RequireRole(RoleNames.Patient))
            .AddPolicy(AuthorizationPolicies.SessionParticipant, policy => policy.RequireRole(RoleNames.Therapist, RoleNames.Patient))
            .AddPolicy(AuthorizationPolicies.Staff, policy => policy.RequireRole(RoleNames.Admin, RoleNames.Therapist));
        return keyRingEncrypted;
    }

    /// <summary>
    /// Authentication, then authorization, with one check between them: a bearer token issued before its account's
    /// password changed, or whose sign-in ended (logout, a reused refresh token), stops working at once instead of living
    /// out its lifetime. Cookies get the same check from
    /// <see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>; the bearer handler has no such hook.
    /// </summary>
    public static IApplicationBuilder UseApiAuthentication(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.AuthenticationType == AuthSchemes.Bearer
                && AppUser.FromPrincipal(context.User) is { } user
                && !await context.RequestServices.GetRequiredService<AccountService>()
                    .AreCredentialsCurrentAsync(user.Id, AppUser.CredentialsStampOf(context.User), AppUser.GrantOf(context.User)?.Id, context.RequestAborted))
            {
                // Anonymous from here on: authorization challenges it with the bearer scheme's 401.
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }

            await next(context);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>Whether the request is signed with a bearer token (header, or the hub's query parameter) rather than the cookie.</summary>
    internal static bool CarriesBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HubToken(request) is not null;

    private static string? HubToken(HttpRequest request) =>
        request.Path.StartsWithSegments(AuthSchemes.HubPathPrefix) && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null;

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
