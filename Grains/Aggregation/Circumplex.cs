using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Aggregation;

/// <summary>
/// Fixed valence/arousal placements per expression, so probabilities become a coarse position on the affect plane.
/// Placements follow Russell's circumplex of affect (J. A. Russell, "A circumplex model of affect", Journal of
/// Personality and Social Psychology 39(6), 1980, Fig. 2): each expression takes the approximate angle of its nearest
/// term there (angry, afraid, happy/delighted, sad/miserable, astonished), rounded to a tenth on [-1, 1]. Disgust has no
/// term in that figure; it sits between "annoyed" and "miserable". Neutral is the origin. The numbers place facial
/// expressions, not feelings, and are deliberately coarse.
/// </summary>
internal static class Circumplex
{
    // Index order is Emotion's (FER2013): Angry, Disgust, Fear, Happy, Sad, Surprise, Neutral.
    private static readonly float[] ValenceByEmotion = [-0.6f, -0.7f, -0.6f, 0.8f, -0.8f, 0.2f, 0f];
    private static readonly float[] ArousalByEmotion = [0.7f, 0.3f, 0.8f, 0.4f, -0.4f, 0.9f, 0f];

    public static float Valence(ReadOnlySpan<float> probabilities) => Weigh(probabilities, ValenceByEmotion);

    public static float Arousal(ReadOnlySpan<float> probabilities) => Weigh(probabilities, ArousalByEmotion);

    private static float Weigh(ReadOnlySpan<float> probabilities, float[] placements)
    {
        var sum = 0f;
        for (var i = 0; i < Emotions.Count; i++)
        {
            sum += probabilities[i] * placements[i];
        }

        return sum;
    }
}
