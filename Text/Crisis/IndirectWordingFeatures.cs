namespace EmoteCare.Text.Crisis;

/// <summary>
/// The indirect-wording model's features of normalised text, hashed into <see cref="Buckets"/> buckets: each word,
/// each pair of neighbouring words within a clause, and the character 3- to 5-grams of each word with <c>&lt;</c> and
/// <c>&gt;</c> at its ends, each feature string hashed with 32-bit FNV-1a. <c>models/training/crisis/crisis_text.py</c>
/// computes the same for training; <c>features.golden.json</c> holds the two together.
/// </summary>
internal static class IndirectWordingFeatures
{
    public const int Buckets = 1 << 17;
    public const int MinCharNgram = 3;
    public const int MaxCharNgram = 5;

    /// <summary>Longer words are cut to this many characters; nothing in English needs more.</summary>
    public const int MaxTokenLength = 32;

    private const uint FnvOffset = 0x811C9DC5;
    private const uint FnvPrime = 0x01000193;

    /// <summary>An upper bound on the features of <paramref name="normalisedLength"/> characters of normalised text.</summary>
    public static int MaxFeatures(int normalisedLength) => (5 * normalisedLength) + 8;

    /// <summary>
    /// Writes the bucket of every feature of <paramref name="normalised"/> to <paramref name="buckets"/> (at least
    /// <see cref="MaxFeatures"/> long), unsorted and with repeats, and returns how many it wrote.
    /// </summary>
    public static int Extract(ReadOnlySpan<char> normalised, Span<int> buckets)
    {
        var count = 0;
        ReadOnlySpan<char> previous = default;
        var hasPrevious = false;
        foreach (var range in normalised.Split(' '))
        {
            var token = normalised[range];
            if (token.IsEmpty || token is [CrisisText.Boundary])
            {
                hasPrevious = false;
                continue;
            }

            if (token.Length > MaxTokenLength)
            {
                token = token[..MaxTokenLength];
            }

            buckets[count++] = Bucket(Hash(Hash(FnvOffset, "w|"), token));
            if (hasPrevious)
            {
                buckets[count++] = Bucket(Hash(Hash(Hash(Hash(FnvOffset, "b|"), previous), " "), token));
            }

            var charPrefix = Hash(FnvOffset, "c|");
            var paddedLength = token.Length + 2;
            for (var n = MinCharNgram; n <= MaxCharNgram; n++)
            {
                for (var start = 0; start + n <= paddedLength; start++)
                {
                    var h = charPrefix;
                    for (var k = start; k < start + n; k++)
                    {
                        var c = k == 0 ? '<' : k == paddedLength - 1 ? '>' : token[k - 1];
                        h = (h ^ c) * FnvPrime;
                    }

                    buckets[count++] = Bucket(h);
                }
            }

            previous = token;
            hasPrevious = true;
        }

        return count;
    }

    private static uint Hash(uint h, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            h = (h ^ c) * FnvPrime;
        }

        return h;
    }

    private static int Bucket(uint hash) => (int)(hash & (Buckets - 1));
}
