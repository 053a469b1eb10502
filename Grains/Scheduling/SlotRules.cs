using NodaTime;

namespace EmoteCare.Grains.Scheduling;

/// <summary>One stretch of working hours on one weekday, in the therapist's own time zone; <see cref="End"/> is after <see cref="Start"/>.</summary>
public sealed record WorkingWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End);

/// <summary>Leave from <see cref="First"/> to <see cref="Last"/>, both days included, in the therapist's own time zone.</summary>
public sealed record LeavePeriod(LocalDate First, LocalDate Last)
{
    public bool Contains(LocalDate date) => date >= First && date <= Last;
}

/// <summary>A therapist's practice in the form slot arithmetic needs: zone, weekly hours, leave and session length.</summary>
public sealed record SlotRules(DateTimeZone Zone, IReadOnlyList<WorkingWindow> Hours, IReadOnlyList<LeavePeriod> Leave, Duration Length);
