using System.Net.Mail;
using System.Text;

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
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || email.Any(char.IsWhiteSpace))
        {
            return "This is not an email address.";
        }

        var scripts = email.EnumerateRunes().Where(Rune.IsLetter).Select(ScriptOf).Distinct().ToList();
        return scripts.Count > 1
            ? $"An email's letters come from one script; this one mixes {string.Join(" and ", scripts)}, as look-alike addresses do."
            : null;
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

        if (name.Any(char.IsControl))
        {
            return "A name has no control characters.";
        }

        return name.Any(IsInvisible)
            ? "A name has no invisible characters: zero-width characters and text-direction controls (such as U+202E, which shows what follows backwards) are refused."
            : null;
    }

    /// <summary>
    /// Zero-width characters and text-direction controls: they make a name look like another, or reorder what is shown
    /// around it, without being seen.
    /// </summary>
    private static bool IsInvisible(char c) => c is '\u061C' or '\u180E' or '\uFEFF' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069');

    /// <summary>
    /// The script of a letter, as far as look-alikes go: Latin, Greek and Cyrillic share shapes (Latin a, Cyrillic а,
    /// Greek α), so each is one; every other script counts as one more, so Latin mixed with any of them is refused too.
    /// </summary>
    private static string ScriptOf(Rune letter) => letter.Value switch
    {
        < 0x0250 or (>= 0x1E00 and < 0x1F00) or (>= 0x2C60 and < 0x2C80) or (>= 0xA720 and < 0xA800) or (>= 0xAB30 and < 0xAB70) or (>= 0xFF21 and < 0xFF5B) => "Latin",
        (>= 0x0370 and < 0x0400) or (>= 0x1F00 and < 0x2000) => "Greek",
        (>= 0x0400 and < 0x0530) or (>= 0x1C80 and < 0x1C90) or (>= 0x2DE0 and < 0x2E00) or (>= 0xA640 and < 0xA6A0) => "Cyrillic",
        _ => "another script",
    };

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
