namespace EmoteCare.Grains.Conversation;

/// <summary>How much risk the screener's answers point to; the safety flow words its advice by it.</summary>
public enum ScreenerRisk
{
    /// <summary>No risk indicated by the answers (the crisis signal still stands).</summary>
    None,

    /// <summary>Low risk.</summary>
    Low,

    /// <summary>Moderate risk.</summary>
    Moderate,

    /// <summary>High risk: urge emergency help now.</summary>
    High,
}

/// <summary>Where the screener stands after the answers so far: the next question, or the outcome.</summary>
/// <param name="Question">The next question, asked plainly; null when the screener is done.</param>
/// <param name="Risk">The outcome once done; null while questions remain.</param>
public sealed record ScreenerStep(string? Question, ScreenerRisk? Risk)
{
    /// <summary>Whether no question remains.</summary>
    public bool Done => Question is null;
}

/// <summary>
/// The C-SSRS screener the safety flow asks in dialogue: yes/no questions with the screener's skip logic, and a risk
/// level from the answers. The conversation holds the answers; the screener decides what comes next.
/// </summary>
public interface ISafetyScreener
{
    /// <summary>The next question after <paramref name="answers"/> (yes = true, in the order asked), or the outcome.</summary>
    ScreenerStep Next(IReadOnlyList<bool> answers);
}
