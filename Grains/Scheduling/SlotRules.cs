using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using NodaTime;

namespace EmoteCare.Grains.Scheduling;

/// <summary>A therapist's practice in the form slot arithmetic needs: zone, weekly hours, leave and session length.</summary>
/// <param name="Zone">The therapist's time zone; hours and leave are on its clock.</param>
/// <param name="Hours">Working blocks per day of the week.</param>
/// <param name="Leave">Days off.</param>
/// <param name="Length">One session.</param>
public sealed record SlotRules(DateTimeZone Zone, IReadOnlyList<WeeklyHours> Hours, IReadOnlyList<LeavePeriod> Leave, Duration Length)
{
    /// <summary>The rules of a stored practice (which <see cref="PracticeRules"/> has checked).</summary>
    public static SlotRules From(TherapistPractice practice)
    {
        ArgumentNullException.ThrowIfNull(practice);
        return new(PracticeRules.Zone(practice.TimeZone), practice.WeeklyHours, practice.Leave, Duration.FromMinutes(practice.SessionMinutes));
    }

    /// <summary>Whether the therapist is on leave on <paramref name="date"/>, a day on their clock.</summary>
    public bool IsOnLeave(LocalDate date) => PracticeRules.IsOnLeave(Leave, date.ToDateOnly());
}
