namespace EmoteCare.Grains.Scheduling;

/// <summary>The bounds of every scheduling question, defined once for the grain and the Api's validation.</summary>
public static class SchedulingLimits
{
    /// <summary>The longest date range one question about slots, bookings or sessions may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    /// <summary>The earliest year a date range may touch.</summary>
    public const int EarliestYear = 2000;

    /// <summary>The latest year a date range may touch.</summary>
    public const int LatestYear = 2100;

    /// <summary>How far ahead a session may be booked.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);
}
