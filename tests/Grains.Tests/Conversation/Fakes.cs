using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>
/// A deterministic crisis detector for the conversation tests: a message holding <c>[crisis:Signal]</c> carries that
/// signal, and one holding <see cref="Fail"/> makes the detector throw. The real detector has tests of its own; here only
/// the conversation's handling of its answer is under test.
/// </summary>
internal sealed class MarkerCrisisDetector : ICrisisDetector
{
    public const string Fail = "[crisis:fail]";

    public CrisisAssessment Assess(string text) => text.Contains(Fail, StringComparison.Ordinal)
        ? throw new InvalidOperationException($"The detector broke on: {text}")
        : new([.. Enum.GetValues<CrisisSignal>().Where(s => text.Contains($"[crisis:{s}]", StringComparison.Ordinal)).OrderDescending()]);
}

/// <summary>A deterministic text model: "[emotion:Sad]" in a message reads as sad; anything else as neutral.</summary>
internal sealed class MarkerEmotionClassifier : ITextEmotionClassifier
{
    public TextEmotionResult Classify(string text)
    {
        var scores = new float[Emotions.Count];
        var found = Enum.GetValues<Emotion>().Where(e => text.Contains($"[emotion:{e}]", StringComparison.Ordinal)).ToList();
        if (found.Count == 0)
        {
            found.Add(Emotion.Neutral);
        }

        foreach (var emotion in found)
        {
            scores[(int)emotion] = 0.9f;
        }

        return new TextEmotionResult(scores, found);
    }
}

/// <summary>
/// A small screener with the C-SSRS screener's shape of skip logic: Q1, Q2; Q3 only when Q2 is yes; Q6 always. Risk:
/// high for yes to Q3 or Q6, moderate for yes to Q2, low for yes to Q1, else none.
/// </summary>
internal sealed class FakeScreener : ISafetyScreener
{
    public const string Q1 = "Q1: Have you wished you were dead?";
    public const string Q2 = "Q2: Have you thought about killing yourself?";
    public const string Q3 = "Q3: Have you thought about how?";
    public const string Q6 = "Q6: Have you done anything to prepare?";

    public ScreenerStep Next(IReadOnlyList<bool> answers) => answers.Count switch
    {
        0 => new(Q1, null),
        1 => new(Q2, null),
        2 => new(answers[1] ? Q3 : Q6, null),
        3 when answers[1] => new(Q6, null),
        _ => new(null, Risk(answers)),
    };

    private static ScreenerRisk Risk(IReadOnlyList<bool> answers) =>
        answers[^1] || (answers.Count == 4 && answers[2]) ? ScreenerRisk.High
        : answers[1] ? ScreenerRisk.Moderate
        : answers[0] ? ScreenerRisk.Low
        : ScreenerRisk.None;
}
