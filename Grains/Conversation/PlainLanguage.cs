using System.Text.RegularExpressions;

namespace EmoteCare.Grains.Conversation;

/// <summary>
/// The plain-language rules every authored line must meet: short sentences, no clinical labels put on the patient. A
/// support bot may not diagnose; its words must read easily when someone is struggling.
/// </summary>
public static partial class PlainLanguage
{
    /// <summary>Longest sentence, in words.</summary>
    public const int MaxWordsPerSentence = 25;

    /// <summary>Words and phrases a reply may not contain (lower case): diagnoses and clinical labels.</summary>
    public static readonly IReadOnlyList<string> Forbidden =
    [
        "diagnos", "disorder", "you have depression", "you have anxiety", "you are depressed", "you're depressed", "symptom",
        "patholog", "mental illness", "psychosis", "bipolar", "borderline", "ptsd", "adhd", "suffer from", "condition",
    ];

    /// <summary>What is wrong with <paramref name="line"/>; empty when it is plain.</summary>
    public static IReadOnlyList<string> Problems(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(line))
        {
            problems.Add("an empty line.");
            return problems;
        }

        foreach (var sentence in SentenceEnd().Split(line))
        {
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
            if (words > MaxWordsPerSentence)
            {
                problems.Add($"\"{sentence.Trim()}\" has {words} words; at most {MaxWordsPerSentence} per sentence.");
            }
        }

        var lower = line.ToLowerInvariant();
        problems.AddRange(Forbidden.Where(f => lower.Contains(f, StringComparison.Ordinal)).Select(f => $"\"{line}\" uses \"{f}\", which labels or diagnoses."));
        return problems;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}
