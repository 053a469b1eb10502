using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Vision.Classification;

/// <summary>A probability per expression class (they sum to 1), serialised as one named field per class.</summary>
/// <param name="Angry">P(angry).</param>
/// <param name="Disgust">P(disgust).</param>
/// <param name="Fear">P(fear).</param>
/// <param name="Happy">P(happy).</param>
/// <param name="Sad">P(sad).</param>
/// <param name="Surprise">P(surprise).</param>
/// <param name="Neutral">P(neutral).</param>
public readonly record struct EmotionProbabilities(
    float Angry, float Disgust, float Fear, float Happy, float Sad, float Surprise, float Neutral)
{
    /// <summary>Builds the record from seven values in <see cref="Emotion"/> order.</summary>
    public static EmotionProbabilities FromSpan(ReadOnlySpan<float> values)
    {
        if (values.Length < Emotions.Count)
        {
            throw new ArgumentException($"Expected {Emotions.Count} values, got {values.Length}.", nameof(values));
        }

        return new(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }

    /// <summary>The probability of one class.</summary>
    public float Get(Emotion emotion) => emotion switch
    {
        Emotion.Angry => Angry,
        Emotion.Disgust => Disgust,
        Emotion.Fear => Fear,
        Emotion.Happy => Happy,
        Emotion.Sad => Sad,
        Emotion.Surprise => Surprise,
        Emotion.Neutral => Neutral,
        _ => throw new ArgumentOutOfRangeException(nameof(emotion)),
    };

    /// <summary>The seven probabilities as an array in <see cref="Emotion"/> order.</summary>
    public float[] ToArray() => [Angry, Disgust, Fear, Happy, Sad, Surprise, Neutral];

    /// <summary>The most probable class (the first in <see cref="Emotion"/> order on ties).</summary>
    public Emotion Top()
    {
        var best = Emotion.Angry;
        for (var e = Emotion.Disgust; e <= Emotion.Neutral; e++)
        {
            if (Get(e) > Get(best))
            {
                best = e;
            }
        }

        return best;
    }
}
