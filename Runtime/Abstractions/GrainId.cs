namespace EmoteCare.Runtime;

/// <summary>The identity of a grain: its type name and its key. Rendered as <c>type/key</c>.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Longest key accepted, in characters; keeps storage keys and log lines bounded.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>Validates a key and builds the identity, throwing <see cref="ArgumentException"/> with the reason when the key is malformed.</summary>
    public static GrainId Create(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"A key for grain type '{type}' must not be empty or white space.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A key for grain type '{type}' is {key.Length} characters long; the limit is {MaxKeyLength}.", nameof(key));
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A key for grain type '{type}' contains a control character (U+{(int)c:X4}).", nameof(key));
            }
        }

        return new GrainId(type, key);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
