using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;

namespace EmoteCare.Api.Accounts;

/// <summary>A new account and its initial password, which exists nowhere else.</summary>
public sealed record CreatedAccount(Account Account, string InitialPassword)
{
    /// <summary>Leaves the password out, should the record ever reach a log line.</summary>
    public override string ToString() => Account.ToString();
}

/// <summary>What became of an admin's change to an account: an unlock, a password reset, disabling or enabling it.</summary>
public enum AccountChange
{
    /// <summary>Done and audited.</summary>
    Done,

    /// <summary>No account has this id.</summary>
    NotFound,

    /// <summary>Not allowed for this account: an admin's password is not reset, nor an admin account disabled.</summary>
    Refused,
}

/// <summary>Creates accounts (with their grain profiles), checks passwords and keeps lockout.</summary>
public sealed class AccountService(
    NpgsqlDataSource dataSource,
    AccountStore store,
    IGrainFactory grains,
    IPasswordHasher<Account> hasher,
    IOptions<AccountOptions> options,
    AuditLog audit,
    AccessRevocations revocations,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    // Verified against when the email is unknown, so both failures cost the same time.
    private static readonly Account Decoy = new("", "", "", Role.Patient, "", 0, null, default);
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Decoy, PasswordGenerator.Generate()));

    /// <summary>
    /// Creates an account with a random initial password. A patient's or therapist's grain profile is written in the same
    /// step: the row is committed only after the grain accepted the profile, so no account exists without one.
    /// </summary>
    /// <returns>Null when the email is taken.</returns>
    public async Task<CreatedAccount?> CreateAsync(Role role, string email, string displayName, CancellationToken cancellationToken)
    {
        var password = PasswordGenerator.Generate();
        var account = new Account(Ids.New(), email, displayName, role, "", 0, null, time.GetUtcNow());
        account = account with { PasswordHash = hasher.HashPassword(account, password) };

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await AccountStore.InsertAsync(account, connection, transaction, cancellationToken))
        {
            return null;
        }

        switch (role)
        {
            case Role.Patient:
                await grains.GetGrain<IPatientGrain>(account.Id).UpdateProfile(displayName);
                break;
            case Role.Therapist:
                await grains.GetGrain<ITherapistGrain>(account.Id).UpdateProfile(displayName);
                break;
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Created {Role} account {AccountId}", RoleNames.Of(role), account.Id);
        return new CreatedAccount(account, password);
    }

    /// <summary>
    /// Checks an email and password, counting failures towards lockout. Unknown email, wrong password, locked and
    /// disabled account all answer null, after the same hashing work, so callers cannot tell them apart.
    /// </summary>
    public async Task<Account?> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var account = await store.FindByEmailAsync(email, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(Decoy, _decoyHash.Value, password);
            logger.LogInformation("Sign-in failed for an unknown email");
            return null;
        }

        return await VerifyAsync(account, password, cancellationToken) ? account : null;
    }

    /// <summary>
    /// Changes a password after checking the current one; a wrong current password counts towards lockout. Every credential
    /// issued before ends, and so does every hub connection of the account.
    /// </summary>
    /// <returns>False when the account is unknown, locked, or the current password is wrong.</returns>
    public async Task<bool> ChangePasswordAsync(string accountId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync(accountId, cancellationToken);
        if (account is null || !await VerifyAsync(account, currentPassword, cancellationToken))
        {
            return false;
        }

        await store.SetPasswordHashAsync(account.Id, hasher.HashPassword(account, newPassword), Ids.New(), cancellationToken);
        logger.LogInformation("Account {AccountId} changed its password", account.Id);
        await revocations.RevokeAsync(new AccessRevocation(account.Id, AccessRevocationReason.CredentialsChanged, null));
        return true;
    }

    /// <summary>Lifts an account's lockout (an admin's decision, e.g. after the person called the clinic), audited in the same transaction.</summary>
    public async Task<AccountChange> UnlockAsync(AppUser admin, string accountId, CancellationToken cancellationToken) =>
        (await RecoverAsync(admin, accountId, newPassword: null, AuditActions.AccountUnlocked, cancellationToken)).Outcome;

    /// <summary>
    /// Replaces a forgotten password with a new random one, returned once and stored nowhere else, lifts any lockout and
    /// ends the refresh tokens, cookies and hub connections issued before; audited in the same transaction. Admin accounts are refused:
    /// one admin must not be able to take over another.
    /// </summary>
    /// <returns>The outcome, and the new password when it was reset.</returns>
    public async Task<(AccountChange Outcome, string? Password)> ResetPasswordAsync(AppUser admin, string accountId, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync(accountId, cancellationToken);
        if (account is null)
        {
            return (AccountChange.NotFound, null);
        }

        if (account.Role == Role.Admin)
        {
            return (AccountChange.Refused, null);
        }

        var password = PasswordGenerator.Generate();
        return await RecoverAsync(admin, accountId, (password, hasher.HashPassword(account, password)), AuditActions.AccountPasswordReset, cancellationToken);
    }

    /// <summary>
    /// Disables a patient's or therapist's account, or enables it again; audited in the same transaction. A disabled
    /// account cannot sign in (it is answered like a wrong password), its cookies, bearer and refresh tokens stop working
    /// at their next request, and its hub connections close at once on every node. Enabling it replaces the credentials
    /// stamp: nothing issued before it was disabled works again, and its owner signs in afresh. Admin accounts, the
    /// caller's own included, are refused, as for password resets: one admin must not be able to lock another out.
    /// </summary>
    public async Task<AccountChange> SetDisabledAsync(AppUser admin, string accountId, bool disabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var account = await store.FindAsync(accountId, cancellationToken);
        if (account is null)
        {
            return AccountChange.NotFound;
        }

        if (account.Role == Role.Admin)
        {
            return AccountChange.Refused;
        }

        var action = disabled ? AuditActions.AccountDisabled : AuditActions.AccountEnabled;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (await AccountStore.SetDisabledAsync(accountId, disabled, time.GetUtcNow(), Ids.New(), transaction, cancellationToken) is not { } role)
            {
                return AccountChange.NotFound;
            }

            await audit.RecordAsync(admin, action, role == Role.Patient ? accountId : null, null, accountId, cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Admin {AdminId} did {Action} on account {AccountId}", admin.Id, action, accountId);
        if (disabled)
        {
            await revocations.RevokeAsync(new AccessRevocation(accountId, AccessRevocationReason.AccountDisabled, null));
        }

        return AccountChange.Done;
    }

    private async Task<(AccountChange Outcome, string? Password)> RecoverAsync(
        AppUser admin, string accountId, (string Plain, string Hash)? newPassword, string auditAction, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var role = await AccountStore.UnlockAsync(accountId, newPassword?.Hash, Ids.New(), transaction, cancellationToken);
        if (role is null)
        {
            return (AccountChange.NotFound, null);
        }

        await audit.RecordAsync(admin, auditAction, role == Role.Patient ? accountId : null, null, accountId, cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Admin {AdminId} did {Action} on account {AccountId}", admin.Id, auditAction, accountId);
        if (newPassword is not null)
        {
            await revocations.RevokeAsync(new AccessRevocation(accountId, AccessRevocationReason.CredentialsChanged, null));
        }

        return (AccountChange.Done, newPassword?.Plain);
    }

    /// <summary>
    /// The account when credentials issued under <paramref name="credentialsStamp"/> may get new ones: it exists, is
    /// neither locked nor disabled, and its password has not changed since. Checked when a refresh token is used.
    /// </summary>
    public async Task<Account?> FindActiveAsync(string accountId, string? credentialsStamp, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync(accountId, cancellationToken);
        return account is null || account.IsDisabled || IsLocked(account) || !account.AcceptsCredentialsStamp(credentialsStamp) ? null : account;
    }

    /// <summary>
    /// Whether credentials issued under <paramref name="credentialsStamp"/> for the sign-in <paramref name="grantId"/> still
    /// stand: the account exists and is not disabled, its password has not changed since, and the sign-in was not ended
    /// (logout, a reused refresh token). A lockout does not end them, so a stranger's failed guesses cannot sign the owner
    /// out. One query.
    /// </summary>
    public async Task<bool> AreCredentialsCurrentAsync(string accountId, string? credentialsStamp, string? grantId, CancellationToken cancellationToken) =>
        await store.FindWithGrantAsync(accountId, grantId, cancellationToken) is { } found
            && !found.GrantRevoked && !found.Account.IsDisabled && found.Account.AcceptsCredentialsStamp(credentialsStamp);

    private async Task<bool> VerifyAsync(Account account, string password, CancellationToken cancellationToken)
    {
        if (account.IsDisabled || IsLocked(account))
        {
            // Hashed anyway, so a locked or disabled account answers no faster than an open one. Failures are not counted:
            // the answer is no whatever the password.
            hasher.VerifyHashedPassword(account, account.PasswordHash, password);
            logger.LogWarning("Sign-in refused for {State} account {AccountId}", account.IsDisabled ? "disabled" : "locked", account.Id);
            return false;
        }

        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            var settings = options.Value;
            if (await store.RecordFailedSignInAsync(account.Id, settings.MaxFailedSignIns, time.GetUtcNow() + settings.LockoutDuration, cancellationToken))
            {
                logger.LogWarning("Account {AccountId} locked for {Duration} after {Failures} failed sign-ins", account.Id, settings.LockoutDuration, settings.MaxFailedSignIns);
            }
            else
            {
                logger.LogInformation("Sign-in failed for account {AccountId}", account.Id);
            }

            return false;
        }

        var rehash = result == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : null;
        if (account.FailedSignIns > 0 || rehash is not null)
        {
            await store.RecordSuccessfulSignInAsync(account.Id, rehash, cancellationToken);
        }

        return true;
    }

    private bool IsLocked(Account account) => account.LockoutEnd is { } end && end > time.GetUtcNow();
}
