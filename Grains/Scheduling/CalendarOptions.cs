namespace EmoteCare.Grains.Scheduling;

/// <summary>Settings of therapists' calendars (configuration section <c>Scheduling</c>).</summary>
public sealed class CalendarOptions
{
    /// <summary>How long before a session it can no longer be cancelled or moved, by the patient or the therapist.</summary>
    public TimeSpan NoticePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long before a session its reminder goes out.</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromHours(24);
}
