using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmoteCare.Api.Calls;

/// <summary>A TURN user name and password that work until <see cref="ExpiresAt"/>.</summary>
/// <param name="Username"><c>expiry:userId</c>, the expiry in Unix seconds.</param>
/// <param name="Password">base64(HMAC-SHA1(secret, username)).</param>
/// <param name="ExpiresAt">When the TURN server stops accepting them.</param>
public sealed record TurnCredential(string Username, string Password, DateTimeOffset ExpiresAt);

/// <summary>
/// Time-limited TURN credentials in the TURN REST API scheme that coturn checks with <c>use-auth-secret</c>: the server
/// recomputes the password from the user name and the shared secret and refuses it once the expiry has passed, so
/// nothing per user is stored on either side and a leaked credential stops working on its own.
/// </summary>
public static class TurnCredentials
{
    /// <summary>Credentials for <paramref name="userId"/>, valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static TurnCredential Issue(string secret, string userId, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var expires = DateTimeOffset.FromUnixTimeSeconds(now.Add(lifetime).ToUnixTimeSeconds());
        var username = string.Create(CultureInfo.InvariantCulture, $"{expires.ToUnixTimeSeconds()}:{userId}");
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return new TurnCredential(username, password, expires);
    }
}
