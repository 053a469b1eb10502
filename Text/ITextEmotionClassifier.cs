using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text;

/// <summary>
/// Reads which emotions a piece of text expresses. What a model measures in wording, not what a person feels, and
/// never an input to a safety decision: that is <see cref="ICrisisDetector"/>'s job.
/// </summary>
public interface ITextEmotionClassifier
{
    /// <summary>Scores <paramref name="text"/>. Safe to call from many threads at once.</summary>
    TextEmotionResult Classify(string text);
}

/// <summary>What <see cref="ITextEmotionClassifier"/> read in one text.</summary>
/// <param name="Scores">Probability per emotion, indexed by <see cref="Emotion"/>, <see cref="Emotions.Count"/> entries.</param>
/// <param name="Detected">The emotions whose score passes the model's calibrated threshold, strongest first; never empty (neutral when nothing passes).</param>
public sealed record TextEmotionResult(IReadOnlyList<float> Scores, IReadOnlyList<Emotion> Detected);
