using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;

namespace EmoteCare.Grains.Allocation;

/// <summary>What an intake and a request for a different therapist may be; the intake grain and the Api both ask here.</summary>
public static class IntakeRules
{
    /// <summary>What is wrong with <paramref name="intake"/>, by field (JSON names); empty when it is acceptable.</summary>
    public static IReadOnlyList<(string Field, string Error)> Check(Intake? intake)
    {
        if (intake is null)
        {
            return [("intake", "An intake is required.")];
        }

        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(intake.Reason))
        {
            problems.Add(("reason", "Please tell us a little about what brings you here."));
        }
        else if (intake.Reason.Length > AllocationLimits.MaxReasonLength)
        {
            problems.Add(("reason", $"At most {AllocationLimits.MaxReasonLength} characters."));
        }

        var topics = intake.Topics ?? [];
        if (topics.Any(t => !Enum.IsDefined(t)) || topics.Distinct().Count() != topics.Count)
        {
            problems.Add(("topics", $"Different topics, each one of {string.Join(", ", Enum.GetNames<Specialty>())}."));
        }

        if (intake.Language is not null && !PracticeRules.IsLanguage(intake.Language))
        {
            problems.Add(("language", "An ISO 639-1 language code (two lowercase letters, such as en, de or es)."));
        }

        var times = intake.SuitableTimes ?? [];
        if (intake.TimeZone is not null && !PracticeRules.IsTimeZone(intake.TimeZone))
        {
            problems.Add(("timeZone", "Not a known IANA time zone id, such as Europe/Berlin or America/New_York."));
        }
        else if (intake.TimeZone is null && times.Count > 0)
        {
            problems.Add(("timeZone", "Say which time zone the times that suit you are in."));
        }

        problems.AddRange(PracticeRules.CheckHours("suitableTimes", times, PracticeLimits.MinSessionMinutes));
        return problems;
    }

    /// <summary>The problem with a reason for asking for a different therapist; null when it is acceptable.</summary>
    public static string? CheckChangeReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Please say why you would like a different therapist; it helps us choose better."
        : reason.Length > AllocationLimits.MaxChangeReasonLength ? $"At most {AllocationLimits.MaxChangeReasonLength} characters."
        : null;

    /// <summary><paramref name="intake"/> with arrays for its lists, as grain storage restores them.</summary>
    /// <exception cref="ArgumentException">The intake is not acceptable; the message lists every problem.</exception>
    public static Intake Normalize(Intake intake)
    {
        var problems = Check(intake);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => $"{p.Field}: {p.Error}")), nameof(intake));
        }

        return intake with
        {
            Topics = (intake.Topics ?? []).ToArray(),
            SuitableTimes = (intake.SuitableTimes ?? []).OrderBy(h => PracticeRules.DayIndex(h.Day)).ThenBy(h => h.Start).ToArray(),
        };
    }
}
