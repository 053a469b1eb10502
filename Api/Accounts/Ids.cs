using System.Security.Cryptography;

namespace EmoteCare.Api.Accounts;

/// <summary>Ids of accounts and sessions: 128 random bits as 32 lowercase hex characters, so they reveal nothing and cannot be guessed.</summary>
public static class Ids
{
    /// <summary>Length of every id.</summary>
    public const int Length = 32;

    /// <summary>A fresh id.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    /// <summary>Whether <paramref name="id"/> has the shape of an id; anything else is rejected before it reaches SQL or a grain key.</summary>
    public static bool IsValid(string? id) => id is { Length: Length } && id.All(char.IsAsciiHexDigitLower);
}
