using System.Net.Mail;

namespace EmoteCare.Api.Accounts;

/// <summary>What the Api accepts as emails, names and passwords; each check returns the problem in words, or null.</summary>
public static class InputRules
{
    /// <summary>The longest email address SMTP allows.</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest display name or pseudonym.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The shortest password a user may choose.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>Bounds the work of hashing an attacker's input.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>Checks an email address for a new account.</summary>
    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "An email address is required.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"An email address has at most {MaxEmailLength} characters.";
        }

        // MailAddress also accepts "Name <a@b>" and surrounding spaces; only the bare address is an email here.
        return MailAddress.TryCreate(email, out var address) && address.Address == email && !email.Any(char.IsWhiteSpace)
            ? null
            : "This is not an email address.";
    }

    /// <summary>Checks a display name or pseudonym.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A name is required.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"A name has at most {MaxNameLength} characters.";
        }

        if (name.Trim().Length != name.Length)
        {
            return "A name does not start or end with white space.";
        }

        return name.Any(char.IsControl) ? "A name has no control characters." : null;
    }

    /// <summary>Checks a password a user chooses.</summary>
    public static string? NewPassword(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"A password has {MinPasswordLength} to {MaxPasswordLength} characters."
            : null;

    /// <summary>Checks the shape of a password offered at sign-in, before any hashing.</summary>
    public static string? OfferedPassword(string? password) =>
        string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength
            ? $"A password has 1 to {MaxPasswordLength} characters."
            : null;
}
