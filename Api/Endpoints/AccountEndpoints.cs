using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>Helping people back into their accounts (admins only, audited): lifting a lockout, resetting a forgotten password.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("").WithTags("Accounts").RequireAuthorization(AuthorizationPolicies.Admin);
        accounts.MapPost("/accounts/{accountId}/unlock", Unlock)
            .WithSummary("Lifts the account's lockout and clears its failed sign-ins (audited).");
        accounts.MapPost("/accounts/{accountId}/password-reset", ResetPassword)
            .WithSummary("Gives the account a new random password, returned only here, and lifts any lockout (audited). Issued credentials stay valid until they expire.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(
        string accountId, AppUser user, AccountService accounts, AuditLog audit, CancellationToken cancellationToken)
    {
        // Recorded before the change, so no change goes unrecorded when the audit trail cannot be written.
        await audit.RecordAsync(user, AuditActions.AccountUnlocked, null, null, accountId, cancellationToken);
        return await accounts.UnlockAsync(accountId, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("No account has this id.");
    }

    private static async Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPassword(
        string accountId, AppUser user, AccountService accounts, AuditLog audit, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(user, AuditActions.AccountPasswordReset, null, null, accountId, cancellationToken);
        var password = await accounts.ResetPasswordAsync(accountId, cancellationToken);
        if (password is null)
        {
            return Problems.NotFound("No account has this id.");
        }

        return TypedResults.Ok(new PasswordResetResponse(accountId, password));
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
