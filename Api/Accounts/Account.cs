namespace EmoteCare.Api.Accounts;

/// <summary>A row of <c>accounts</c>. For patients and therapists the id is also the grain key.</summary>
/// <param name="Id">32 lowercase hex characters, random: carries no identity.</param>
/// <param name="Email">The sign-in name, unique regardless of case.</param>
/// <param name="DisplayName">A therapist's or admin's name; a patient's pseudonym.</param>
/// <param name="Role">What the account may do.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's password hash format.</param>
/// <param name="FailedSignIns">Consecutive failed sign-ins since the last success or lockout.</param>
/// <param name="LockoutEnd">Sign-in is refused until then; null when never locked.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="CredentialsStamp">
/// Replaced with every password change and when a disabled account is enabled again; null when it never changed.
/// Credentials carry the stamp they were issued under.
/// </param>
/// <param name="DisabledAt">When an admin disabled the account; null while it is enabled. A disabled account cannot sign in and its credentials do not work.</param>
public sealed record Account(
    string Id,
    string Email,
    string DisplayName,
    Role Role,
    string PasswordHash,
    int FailedSignIns,
    DateTimeOffset? LockoutEnd,
    DateTimeOffset CreatedAt,
    string? CredentialsStamp = null,
    DateTimeOffset? DisabledAt = null)
{
    /// <summary>Whether an admin disabled the account.</summary>
    public bool IsDisabled => DisabledAt is not null;

    /// <summary>Whether credentials issued under <paramref name="stamp"/> outlive the password changes since (none, that is).</summary>
    public bool AcceptsCredentialsStamp(string? stamp) => string.Equals(CredentialsStamp ?? "", stamp ?? "", StringComparison.Ordinal);

    /// <summary>Names the account without its email or password hash, should one ever reach a log line.</summary>
    public override string ToString() => $"{RoleNames.Of(Role)} account {Id}";
}
