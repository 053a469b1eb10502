using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text;

/// <summary>
/// Decides whether a message from a patient may describe a risk to their life. One detector serves chat, the journal and
/// check-ins. It favours recall: a false alarm costs a helpline shown and a therapist alerted, a miss may cost a life.
/// </summary>
public interface ICrisisDetector
{
    /// <summary>Assesses <paramref name="text"/>. Safe to call from many threads at once.</summary>
    CrisisAssessment Assess(string text);
}

/// <summary>What <see cref="ICrisisDetector"/> found in one message.</summary>
/// <param name="Signals">What was recognised, most serious first; empty when nothing was.</param>
public sealed record CrisisAssessment(IReadOnlyList<CrisisSignal> Signals)
{
    /// <summary>Whether the message must take the crisis path.</summary>
    public bool IsCrisis => Signals.Count > 0;

    /// <summary>
    /// What recognised it: the names of the patterns that matched, and <c>indirect-wording</c> when the trained model
    /// did. For evaluation listings and tests; not for a patient's eyes, and never logged with the message.
    /// </summary>
    public IReadOnlyList<string> Matches { get; init; } = [];
}
