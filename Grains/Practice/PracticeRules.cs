using EmoteCare.Grains.Interfaces;
using NodaTime;

namespace EmoteCare.Grains.Practice;

/// <summary>What a therapist's practice may be; the therapist grain and the Api both ask here.</summary>
public static class PracticeRules
{
    /// <summary>True when <paramref name="timeZone"/> is an IANA time zone id known to NodaTime's tzdb.</summary>
    public static bool IsTimeZone(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not null;

    /// <summary>The time zone of <paramref name="timeZone"/>.</summary>
    /// <exception cref="DateTimeZoneNotFoundException">The id is not in the tzdb; check with <see cref="IsTimeZone"/> first.</exception>
    public static DateTimeZone Zone(string timeZone) => DateTimeZoneProviders.Tzdb[timeZone];

    /// <summary>True for a lowercase ISO 639-1 code.</summary>
    public static bool IsLanguage(string? code) => code is not null && LanguageCodes.All.Contains(code);

    /// <summary>What is wrong with <paramref name="practice"/>, by field (JSON names); empty when it is acceptable.</summary>
    public static IReadOnlyList<(string Field, string Error)> Check(TherapistPractice? practice)
    {
        if (practice is null)
        {
            return [("practice", "A practice profile is required.")];
        }

        var problems = new List<(string, string)>();
        var specialties = practice.Specialties ?? [];
        if (specialties.Any(s => !Enum.IsDefined(s)) || specialties.Distinct().Count() != specialties.Count)
        {
            problems.Add(("specialties", $"Different specialties, each one of {string.Join(", ", Enum.GetNames<Specialty>())}."));
        }

        var languages = practice.Languages ?? [];
        if (languages.Count is 0 or > PracticeLimits.MaxLanguages || languages.Distinct(StringComparer.Ordinal).Count() != languages.Count)
        {
            problems.Add(("languages", $"One to {PracticeLimits.MaxLanguages} different languages."));
        }
        else if (languages.FirstOrDefault(l => !IsLanguage(l)) is { } unknown)
        {
            problems.Add(("languages", $"'{Shorten(unknown)}' is not an ISO 639-1 language code (two lowercase letters, such as en, de or es)."));
        }

        if (!IsTimeZone(practice.TimeZone))
        {
            problems.Add(("timeZone", $"'{Shorten(practice.TimeZone)}' is not a known IANA time zone id, such as Europe/Berlin or America/New_York."));
        }

        if (practice.SessionMinutes is < PracticeLimits.MinSessionMinutes or > PracticeLimits.MaxSessionMinutes)
        {
            problems.Add(("sessionMinutes", $"Between {PracticeLimits.MinSessionMinutes} and {PracticeLimits.MaxSessionMinutes} minutes."));
        }

        if (practice.MaxCaseload is < 0 or > PracticeLimits.MaxCaseload)
        {
            problems.Add(("maxCaseload", $"Between 0 (no new patients) and {PracticeLimits.MaxCaseload}."));
        }

        problems.AddRange(CheckHours("weeklyHours", practice.WeeklyHours ?? [], practice.SessionMinutes));
        problems.AddRange(CheckLeave(practice.Leave ?? []));
        return problems;
    }

    /// <summary>
    /// <paramref name="practice"/> in its stored order, with arrays for its lists.
    /// </summary>
    /// <exception cref="ArgumentException">The practice is not acceptable; the message lists every problem.</exception>
    public static TherapistPractice Normalize(TherapistPractice practice)
    {
        var problems = Check(practice);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => $"{p.Field}: {p.Error}")), nameof(practice));
        }

        // Arrays, not collection expressions: a collection expression typed as IReadOnlyList<T> builds a compiler-generated
        // type, which grain storage's JSON serializer cannot name and restore.
        return new TherapistPractice(
            practice.Specialties.Order().ToArray(),
            practice.Languages.ToArray(),
            practice.TimeZone,
            practice.WeeklyHours.OrderBy(h => DayIndex(h.Day)).ThenBy(h => h.Start).ToArray(),
            practice.Leave.OrderBy(l => l.First).ToArray(),
            practice.SessionMinutes,
            practice.MaxCaseload);
    }

    /// <summary>Monday first, as people read a working week.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>True when <paramref name="date"/> falls in one of the leave periods.</summary>
    public static bool IsOnLeave(IReadOnlyList<LeavePeriod> leave, DateOnly date) => leave.Any(l => l.First <= date && date <= l.Last);

    /// <summary>
    /// The problems of a week's blocks under <paramref name="name"/>: at most <see cref="PracticeLimits.MaxWeeklyHours"/>,
    /// on whole minutes, each ending after it starts and at least <paramref name="minMinutes"/> long, none overlapping.
    /// </summary>
    public static IEnumerable<(string Field, string Error)> CheckHours(string name, IReadOnlyList<WeeklyHours> hours, int minMinutes)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (hours.Count > PracticeLimits.MaxWeeklyHours)
        {
            yield return (name, $"At most {PracticeLimits.MaxWeeklyHours} blocks a week.");
            yield break;
        }

        for (var i = 0; i < hours.Count; i++)
        {
            var h = hours[i];
            var field = $"{name}[{i}]";
            if (h is null)
            {
                yield return (field, "A block needs a day, a start and an end.");
                continue;
            }

            if (!Enum.IsDefined(h.Day))
            {
                yield return (field, "The day must be one of Monday to Sunday.");
            }

            if (h.Start.Second != 0 || h.Start.Millisecond != 0 || h.End.Second != 0 || h.End.Millisecond != 0)
            {
                yield return (field, "Start and end are whole minutes, such as 09:00 or 17:30.");
            }
            else if (h.End <= h.Start)
            {
                yield return (field, $"{h.Day} {h.Start:HH\\:mm}-{h.End:HH\\:mm} ends before it starts; a block ends later the same day.");
            }
            else if ((h.End - h.Start).TotalMinutes < minMinutes)
            {
                yield return (field, $"{h.Day} {h.Start:HH\\:mm}-{h.End:HH\\:mm} is shorter than one {minMinutes}-minute session.");
            }
        }

        var valid = hours.Where(h => h is not null && h.End > h.Start).ToList();
        foreach (var day in valid.GroupBy(h => h.Day))
        {
            var ordered = day.OrderBy(h => h.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start < ordered[i - 1].End)
                {
                    yield return (name, $"On {day.Key} {ordered[i - 1].Start:HH\\:mm}-{ordered[i - 1].End:HH\\:mm} and {ordered[i].Start:HH\\:mm}-{ordered[i].End:HH\\:mm} overlap.");
                }
            }
        }
    }

    private static IEnumerable<(string, string)> CheckLeave(IReadOnlyList<LeavePeriod> leave)
    {
        if (leave.Count > PracticeLimits.MaxLeavePeriods)
        {
            yield return ("leave", $"At most {PracticeLimits.MaxLeavePeriods} leave periods.");
            yield break;
        }

        for (var i = 0; i < leave.Count; i++)
        {
            var l = leave[i];
            var field = $"leave[{i}]";
            if (l is null)
            {
                yield return (field, "A leave period needs a first and a last day.");
            }
            else if (l.Last < l.First)
            {
                yield return (field, $"Leave {l.First:yyyy-MM-dd} to {l.Last:yyyy-MM-dd} ends before it starts.");
            }
            else if (l.First < PracticeLimits.EarliestLeave || l.Last > PracticeLimits.LatestLeave)
            {
                yield return (field, $"Leave lies between {PracticeLimits.EarliestLeave:yyyy-MM-dd} and {PracticeLimits.LatestLeave:yyyy-MM-dd}.");
            }
            else if (l.Last.DayNumber - l.First.DayNumber + 1 > PracticeLimits.MaxLeaveDays)
            {
                yield return (field, $"A leave period lasts at most {PracticeLimits.MaxLeaveDays} days.");
            }
        }

        var ordered = leave.Where(l => l is not null && l.Last >= l.First).OrderBy(l => l.First).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].First <= ordered[i - 1].Last)
            {
                yield return ("leave", $"Leave {ordered[i - 1].First:yyyy-MM-dd} to {ordered[i - 1].Last:yyyy-MM-dd} and {ordered[i].First:yyyy-MM-dd} to {ordered[i].Last:yyyy-MM-dd} overlap.");
            }
        }
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "...";
}
