using System.Globalization;
using System.Security.Claims;
using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Security;

/// <summary>
/// The signed-in caller as authorization sees it: an account id and a role. Endpoints take it as a parameter; a hub reads
/// it with <see cref="FromPrincipal"/> from <c>Context.User</c>.
/// </summary>
/// <param name="Id">The account id; for patients and therapists also their grain key.</param>
/// <param name="Role">The account's role.</param>
public sealed record AppUser(string Id, Role Role)
{
    /// <summary>The user a principal signed in as; null when it is anonymous or lacks the claims sign-in issues.</summary>
    public static AppUser? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return Ids.IsValid(id) && RoleNames.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role) ? new AppUser(id!, role) : null;
    }

    /// <summary>The claim that carries the account's credentials stamp at sign-in (see <see cref="Account.CredentialsStamp"/>).</summary>
    public const string CredentialsStampClaim = "emotecare:credentials-stamp";

    /// <summary>The credentials stamp a principal was issued under; null for credentials from before stamps existed.</summary>
    public static string? CredentialsStampOf(ClaimsPrincipal? principal) => principal?.FindFirstValue(CredentialsStampClaim);

    /// <summary>The claim naming the sign-in a credential belongs to (see <see cref="SignInGrant"/>).</summary>
    public const string GrantClaim = "emotecare:grant";

    /// <summary>The claim with the token family's generation, which a refresh token spends.</summary>
    public const string GrantGenerationClaim = "emotecare:grant-generation";

    /// <summary>The sign-in a principal belongs to; null for credentials from before sign-ins were named.</summary>
    public static SignInGrant? GrantOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(GrantClaim) is { } id && Ids.IsValid(id)
            && int.TryParse(principal.FindFirstValue(GrantGenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? new SignInGrant(id, generation)
            : null;

    /// <summary>The claims sign-in issues for an account, for both the cookie and the bearer token.</summary>
    public static ClaimsPrincipal CreatePrincipal(Account account, string authenticationType, SignInGrant grant)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(grant);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id),
                new Claim(ClaimTypes.Role, RoleNames.Of(account.Role)),
                new Claim(ClaimTypes.Name, account.DisplayName),
                new Claim(CredentialsStampClaim, account.CredentialsStamp ?? ""),
                new Claim(GrantClaim, grant.Id),
                new Claim(GrantGenerationClaim, grant.Generation.ToString(CultureInfo.InvariantCulture)),
            ],
            authenticationType);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Minimal API binding. Every endpoint taking an <see cref="AppUser"/> requires authentication, so null only reaches a handler through a misconfiguration, and binding then fails with 400.</summary>
    public static ValueTask<AppUser?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(FromPrincipal(context?.User));
}
