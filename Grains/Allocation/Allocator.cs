using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using NodaTime;
using NodaTime.Extensions;

namespace EmoteCare.Grains.Allocation;

/// <summary>A therapist allocation may choose: their practice and how many patients they have now.</summary>
/// <param name="TherapistId">The therapist.</param>
/// <param name="DisplayName">Their name as patients see it.</param>
/// <param name="Practice">Their practice profile.</param>
/// <param name="Caseload">Patients assigned now.</param>
public sealed record AllocationCandidate(string TherapistId, string DisplayName, TherapistPractice Practice, int Caseload);

/// <summary>
/// Ranks therapists for an intake. Only therapists with room (caseload below their maximum) are suggested. Fit comes
/// first, in this order: speaking the patient's preferred language, then how many of the patient's topics they work
/// with, then whether their working hours meet the times that suit the patient at all. Among equal fits the one with
/// the largest share of their caseload free comes first, which keeps load balanced; then more overlapping hours; then
/// the id, so the order is stable.
/// </summary>
public static class Allocator
{
    /// <summary>Up to <paramref name="max"/> suggestions, best first, each with its reasons in plain words.</summary>
    /// <param name="intake">The patient's intake, acceptable to <see cref="IntakeRules.Check"/>.</param>
    /// <param name="candidates">Every therapist with a practice profile.</param>
    /// <param name="now">The week from this moment is the one whose hours are compared (daylight-saving changes included).</param>
    /// <param name="max">How many suggestions at most.</param>
    /// <param name="exclude">A therapist not to suggest (the one a patient asked to change from); null for none.</param>
    public static IReadOnlyList<AllocationSuggestion> Rank(Intake intake, IEnumerable<AllocationCandidate> candidates, DateTimeOffset now, int max, string? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(candidates);
        var patientTimes = PatientIntervals(intake, Instant.FromDateTimeOffset(now));
        return candidates
            .Where(c => c.TherapistId != exclude && c.Caseload < c.Practice.MaxCaseload)
            .Select(c => Fit(intake, c, patientTimes, Instant.FromDateTimeOffset(now)))
            .OrderByDescending(f => f.SpeaksLanguage)
            .ThenByDescending(f => f.Topics.Count)
            .ThenByDescending(f => f.OverlapMinutes > 0)
            .ThenByDescending(f => f.FreeShare)
            .ThenByDescending(f => f.OverlapMinutes)
            .ThenBy(f => f.Candidate.TherapistId, StringComparer.Ordinal)
            .Take(max)
            .Select(f => new AllocationSuggestion(f.Candidate.TherapistId, f.Candidate.DisplayName, Reasons(intake, f, patientTimes is not null)))
            .ToArray();
    }

    /// <summary>A topic as plain words ("self-esteem").</summary>
    public static string Plain(Specialty specialty) => specialty == Specialty.SelfEsteem ? "self-esteem" : specialty.ToString().ToLowerInvariant();

    private sealed record FitScore(AllocationCandidate Candidate, bool SpeaksLanguage, IReadOnlyList<Specialty> Topics, long OverlapMinutes, double FreeShare);

    private static FitScore Fit(Intake intake, AllocationCandidate candidate, List<Interval>? patientTimes, Instant now)
    {
        var practice = candidate.Practice;
        var overlap = patientTimes is null ? 0 : OverlapMinutes(patientTimes, TherapistIntervals(practice, now));
        return new FitScore(
            candidate,
            intake.Language is null || practice.Languages.Contains(intake.Language, StringComparer.Ordinal),
            [.. intake.Topics.Where(practice.Specialties.Contains)],
            overlap,
            (practice.MaxCaseload - candidate.Caseload) / (double)practice.MaxCaseload);
    }

    private static string[] Reasons(Intake intake, FitScore fit, bool patientGaveTimes)
    {
        var reasons = new List<string>();
        if (intake.Language is { } language)
        {
            reasons.Add(fit.SpeaksLanguage
                ? $"Offers sessions in your preferred language ({language})."
                : $"Does not offer sessions in your preferred language ({language}); no therapist who does has room now.");
        }

        if (intake.Topics.Count > 0)
        {
            reasons.Add(fit.Topics.Count > 0
                ? $"Works with {Join(fit.Topics.Select(Plain))}, which you mentioned."
                : $"Does not list {Join(intake.Topics.Select(Plain))} among the topics they work with.");
        }

        if (patientGaveTimes)
        {
            reasons.Add(fit.OverlapMinutes > 0
                ? $"Works about {Hours(fit.OverlapMinutes)} a week at times that suit you."
                : "None of the times that suit you fall within their working hours this week.");
        }

        var free = fit.Candidate.Practice.MaxCaseload - fit.Candidate.Caseload;
        reasons.Add(free == 1 ? "Has room for one more patient." : $"Has room for {free} more patients.");
        return [.. reasons];
    }

    private static string Hours(long minutes) => minutes < 60 ? $"{minutes} minutes" : minutes < 90 ? "1 hour" : $"{Math.Round(minutes / 60.0)} hours";

    private static string Join(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }

    /// <summary>The patient's times over the seven days from today in their zone; null when they gave none.</summary>
    private static List<Interval>? PatientIntervals(Intake intake, Instant now)
    {
        if (intake.SuitableTimes.Count == 0 || intake.TimeZone is null)
        {
            return null;
        }

        var zone = PracticeRules.Zone(intake.TimeZone);
        var today = now.InZone(zone).Date;
        var intervals = new List<Interval>();
        for (var d = 0; d < 7; d++)
        {
            var date = today.PlusDays(d);
            intervals.AddRange(intake.SuitableTimes.Where(t => t.Day == date.DayOfWeek.ToDayOfWeek()).Select(t => Block(zone, date, t)));
        }

        return intervals;
    }

    /// <summary>The therapist's working blocks from a day before to a day after the patient's week, leave left out.</summary>
    private static List<Interval> TherapistIntervals(TherapistPractice practice, Instant now)
    {
        var zone = PracticeRules.Zone(practice.TimeZone);
        var today = now.InZone(zone).Date;
        var intervals = new List<Interval>();
        for (var d = -1; d < 9; d++)
        {
            var date = today.PlusDays(d);
            if (!PracticeRules.IsOnLeave(practice.Leave, date.ToDateOnly()))
            {
                intervals.AddRange(practice.WeeklyHours.Where(h => h.Day == date.DayOfWeek.ToDayOfWeek()).Select(h => Block(zone, date, h)));
            }
        }

        return intervals;
    }

    // Leniently: a block starting in a daylight-saving gap starts when the clocks have gone forward.
    private static Interval Block(DateTimeZone zone, LocalDate date, WeeklyHours hours) =>
        new(zone.AtLeniently(date.At(LocalTime.FromTimeOnly(hours.Start))).ToInstant(), zone.AtLeniently(date.At(LocalTime.FromTimeOnly(hours.End))).ToInstant());

    private static long OverlapMinutes(List<Interval> patient, List<Interval> therapist)
    {
        var total = Duration.Zero;
        foreach (var p in patient)
        {
            foreach (var t in therapist)
            {
                var start = Instant.Max(p.Start, t.Start);
                var end = Instant.Min(p.End, t.End);
                if (end > start)
                {
                    total += end - start;
                }
            }
        }

        return (long)total.TotalMinutes;
    }
}
