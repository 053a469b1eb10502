using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text;

/// <summary>
/// GoEmotions' 28 labels (Demszky et al., ACL 2020) and their grouping into the seven <see cref="Emotion"/>s: the
/// dataset authors' Ekman mapping, with neutral kept. The same table as <c>models/training/text/goemotions.py</c>.
/// </summary>
public static class GoEmotionsLabels
{
    /// <summary>The label names in id order (27 = neutral).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
        "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
        "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
    ];

    private static readonly Emotion[] EmotionOfLabel =
    [
        Emotion.Happy, Emotion.Happy, Emotion.Angry, Emotion.Angry, Emotion.Happy, Emotion.Happy, Emotion.Surprise,
        Emotion.Surprise, Emotion.Happy, Emotion.Sad, Emotion.Angry, Emotion.Disgust, Emotion.Sad, Emotion.Happy,
        Emotion.Fear, Emotion.Happy, Emotion.Sad, Emotion.Happy, Emotion.Happy, Emotion.Fear, Emotion.Happy,
        Emotion.Happy, Emotion.Surprise, Emotion.Happy, Emotion.Sad, Emotion.Sad, Emotion.Surprise, Emotion.Neutral,
    ];

    /// <summary>Number of GoEmotions labels.</summary>
    public static int Count => EmotionOfLabel.Length;

    /// <summary>The emotion that label <paramref name="id"/> (0..27) belongs to.</summary>
    public static Emotion ToEmotion(int id) =>
        (uint)id < (uint)EmotionOfLabel.Length
            ? EmotionOfLabel[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"GoEmotions label ids run from 0 to {EmotionOfLabel.Length - 1}.");
}
