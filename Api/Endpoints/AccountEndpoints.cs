using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// Admins' account management (audited): helping people back in (lifting a lockout, resetting a forgotten password), and
/// disabling an account or enabling it again.
/// </summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("").WithTags("Accounts").RequireAuthorization(AuthorizationPolicies.Admin);
        accounts.MapPost("/accounts/{accountId}/unlock", Unlock)
            .WithSummary("Lifts the account's lockout and clears its failed sign-ins (audited).");
        accounts.MapPost("/accounts/{accountId}/password-reset", ResetPassword)
            .WithSummary("Gives a patient or therapist account a new random password, returned only here, lifts any lockout and ends its refresh tokens and cookies (audited). Admin accounts are refused.");
        accounts.MapPost("/accounts/{accountId}/disable", Disable)
            .WithSummary("Disables a patient or therapist account: it cannot sign in, its cookies and tokens stop working, and its live connections close (audited). Admin accounts are refused.");
        accounts.MapPost("/accounts/{accountId}/enable", Enable)
            .WithSummary("Enables a disabled account again; its owner signs in afresh, as nothing issued before it was disabled works again (audited).");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Disable(string accountId, AppUser user, AccountService accounts, CancellationToken cancellationToken) =>
        Answer(await accounts.SetDisabledAsync(user, accountId, disabled: true, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Enable(string accountId, AppUser user, AccountService accounts, CancellationToken cancellationToken) =>
        Answer(await accounts.SetDisabledAsync(user, accountId, disabled: false, cancellationToken));

    private static Results<NoContent, ProblemHttpResult> Answer(AccountChange outcome) => outcome switch
    {
        AccountChange.Done => TypedResults.NoContent(),
        AccountChange.Refused => Problems.Forbidden("Admin accounts, your own included, are not disabled or enabled here."),
        _ => Problems.NotFound("No account has this id."),
    };

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(string accountId, AppUser user, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.UnlockAsync(user, accountId, cancellationToken) == AccountChange.Done
            ? TypedResults.NoContent()
            : Problems.NotFound("No account has this id.");

    private static async Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPassword(string accountId, AppUser user, AccountService accounts, CancellationToken cancellationToken)
    {
        var (outcome, password) = await accounts.ResetPasswordAsync(user, accountId, cancellationToken);
        return outcome switch
        {
            AccountChange.Done => TypedResults.Ok(new PasswordResetResponse(accountId, password!)),
            AccountChange.Refused => Problems.Forbidden("An admin's password is not reset here; its owner changes it with PUT /api/me/password."),
            _ => Problems.NotFound("No account has this id."),
        };
    }
}

/// <summary>A reset password.</summary>
/// <param name="Id">The account.</param>
/// <param name="TemporaryPassword">Shown this once; hand it to the person, who should change it (<c>PUT /api/me/password</c>).</param>
public sealed record PasswordResetResponse(string Id, string TemporaryPassword)
{
    /// <summary>Leaves the password out, should the record ever reach a log line.</summary>
    public override string ToString() => $"{nameof(PasswordResetResponse)} {Id}";
}
