using System.Security.Cryptography;

namespace EmoteCare.Api.Accounts;

/// <summary>Initial passwords for new accounts: shown once to whoever created the account, never stored in plain text.</summary>
public static class PasswordGenerator
{
    // No 0/O, 1/l/I: these passwords are read aloud or copied by hand.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>20 characters from a 57-letter alphabet: about 116 bits.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 20);
}
