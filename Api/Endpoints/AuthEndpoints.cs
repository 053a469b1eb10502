using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Endpoints;

/// <summary>Sign-in (cookie or bearer token), token refresh, sign-out and the caller's own account.</summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in").AllowAnonymous();
        auth.MapPost("/login", Login).RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithSummary("Signs a browser in with an HttpOnly cookie.");
        auth.MapPost("/token", Token).RequireRateLimiting(RateLimitPolicies.SignIn)
            .Produces<AccessTokenResponse>()
            .WithSummary("Issues a bearer access token and a refresh token to a programmatic client.");
        auth.MapPost("/refresh", Refresh).RequireRateLimiting(RateLimitPolicies.SignIn)
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchanges a refresh token for new tokens, while the account is still active. Each refresh token works once; presenting a spent one ends the whole sign-in.");
        auth.MapPost("/logout", Logout)
            .WithSummary("Ends the sign-in the request carries: the cookie, or the bearer token with its refresh token.");

        api.MapGet("/me", GetMe).WithTags("Me").WithSummary("The signed-in account.");
        api.MapPut("/me/password", ChangePassword).WithTags("Me").WithSummary("Changes the signed-in account's password.");
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Login(SignInRequest request, AccountService accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var account = await accounts.SignInAsync(request.Email, request.Password, cancellationToken);
        if (account is null)
        {
            return Problems.SignInFailed;
        }

        await http.SignInAsync(AuthSchemes.Cookie, AppUser.CreatePrincipal(account, AuthSchemes.Cookie, SignInGrant.New()));
        return TypedResults.Ok(MeResponse.From(account));
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Token(SignInRequest request, AccountService accounts, SignInGrants grants, CancellationToken cancellationToken)
    {
        var account = await accounts.SignInAsync(request.Email, request.Password, cancellationToken);
        return account is null
            ? Problems.SignInFailed
            : TypedResults.SignIn(AppUser.CreatePrincipal(account, AuthSchemes.Bearer, await grants.StartFamilyAsync(account.Id, cancellationToken)), authenticationScheme: AuthSchemes.Bearer);
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request, IOptionsMonitor<BearerTokenOptions> bearer, AccountService accounts, SignInGrants grants, TimeProvider time, CancellationToken cancellationToken)
    {
        var ticket = bearer.Get(AuthSchemes.Bearer).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= time.GetUtcNow()
            || AppUser.FromPrincipal(ticket.Principal) is not { } user
            || AppUser.GrantOf(ticket.Principal) is not { } presented
            || await accounts.FindActiveAsync(user.Id, AppUser.CredentialsStampOf(ticket.Principal), cancellationToken) is not { } account
            || await grants.RotateAsync(user.Id, presented, cancellationToken) is not { } next)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Refresh failed",
                detail: "The refresh token is invalid, expired or already used (a used one ends its sign-in), the account is locked or disabled, or its password changed since.");
        }

        return TypedResults.SignIn(AppUser.CreatePrincipal(account, AuthSchemes.Bearer, next), authenticationScheme: AuthSchemes.Bearer);
    }

    private static async Task<SignOutHttpResult> Logout(HttpContext http, SignInGrants grants, CancellationToken cancellationToken)
    {
        if (AppUser.FromPrincipal(http.User) is { } user && AppUser.GrantOf(http.User) is { } grant)
        {
            await grants.RevokeAsync(user.Id, grant, cancellationToken);
        }

        return TypedResults.SignOut(authenticationSchemes: [AuthSchemes.Cookie]);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(AppUser user, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(user.Id, cancellationToken) is { } account
            ? TypedResults.Ok(MeResponse.From(account))
            : Problems.NotFound("This account no longer exists.");

    private static async Task<Results<NoContent, ValidationProblem>> ChangePassword(
        ChangePasswordRequest request, AppUser user, AccountService accounts, AccountStore store, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await accounts.ChangePasswordAsync(user.Id, request.CurrentPassword, request.NewPassword, cancellationToken))
        {
            var errors = new ValidationErrors();
            errors.Add("currentPassword", "The current password is wrong, or the account is locked for a while after repeated failures.");
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // The change ends every cookie and refresh token issued before it; the browser that made it stays signed in.
        if (http.User.Identity?.AuthenticationType == AuthSchemes.Cookie && await store.FindAsync(user.Id, cancellationToken) is { } account)
        {
            await http.SignInAsync(AuthSchemes.Cookie, AppUser.CreatePrincipal(account, AuthSchemes.Cookie, AppUser.GrantOf(http.User) ?? SignInGrant.New()));
        }

        return TypedResults.NoContent();
    }
}

/// <summary>An email and password.</summary>
public sealed record SignInRequest(string Email, string Password) : IValidatable
{
    /// <summary>Leaves the secrets out, should the record ever reach a log line.</summary>
    public override string ToString() => nameof(SignInRequest);

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(!string.IsNullOrEmpty(Email) && Email.Length <= InputRules.MaxEmailLength, "email", $"An email of 1 to {InputRules.MaxEmailLength} characters is required.");
        errors.Add("password", InputRules.OfferedPassword(Password));
    }
}

/// <summary>A refresh token from <c>POST /api/auth/token</c> or an earlier refresh.</summary>
public sealed record RefreshRequest(string RefreshToken) : IValidatable
{
    /// <summary>Leaves the secrets out, should the record ever reach a log line.</summary>
    public override string ToString() => nameof(RefreshRequest);

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(RefreshToken is { Length: > 0 and <= 4096 }, "refreshToken", "A refresh token of 1 to 4096 characters is required.");
    }
}

/// <summary>The current password and the new one.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword) : IValidatable
{
    /// <summary>Leaves the secrets out, should the record ever reach a log line.</summary>
    public override string ToString() => nameof(ChangePasswordRequest);

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add("currentPassword", InputRules.OfferedPassword(CurrentPassword));
        errors.Add("newPassword", InputRules.NewPassword(NewPassword));
        errors.Require(NewPassword != CurrentPassword, "newPassword", "The new password differs from the current one.");
    }
}

/// <summary>The signed-in account.</summary>
public sealed record MeResponse(string Id, string Email, string DisplayName, Role Role)
{
    public static MeResponse From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.Id, account.Email, account.DisplayName, account.Role);
    }
}
