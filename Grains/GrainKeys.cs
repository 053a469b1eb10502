namespace EmoteCare.Grains;

/// <summary>
/// What a grain key may be. Orleans takes any string as a key, so a key that is empty, too long or carries control
/// characters would activate a grain under it and store state under it; each grain refuses such a key when it activates,
/// and the caller sees why.
/// </summary>
public static class GrainKeys
{
    /// <summary>Longest key accepted; ids the Api hands out are 32 characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Returns <paramref name="key"/> when it is a usable key for a grain of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty, white space, longer than <see cref="MaxLength"/> or holds a control character.</exception>
    public static string Validate(string? key, string kind)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"A {kind} key must not be empty or white space.", nameof(key));
        }

        if (key.Length > MaxLength)
        {
            throw new ArgumentException($"A {kind} key is {key.Length} characters long; the limit is {MaxLength}.", nameof(key));
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A {kind} key contains a control character (U+{(int)c:X4}).", nameof(key));
            }
        }

        return key;
    }
}
