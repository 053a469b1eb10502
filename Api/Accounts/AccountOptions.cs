namespace EmoteCare.Api.Accounts;

/// <summary>Sign-in, lockout and credential lifetimes (configuration section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    /// <summary>Consecutive failed sign-ins that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account refuses sign-in, even with the right password.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a browser's sign-in cookie; renewed while in use.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Lifetime of a bearer access token.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of a refresh token.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
