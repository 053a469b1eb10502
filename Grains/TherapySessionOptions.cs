using EmoteCare.Grains.Aggregation;

namespace EmoteCare.Grains;

/// <summary>Settings of <see cref="TherapySessionGrain"/>.</summary>
public sealed class TherapySessionOptions
{
    /// <summary>
    /// How often a live session writes its state. Frames arrive many times per second; writing per batch would make
    /// storage the bottleneck, and losing at most this much of a session's aggregates on a crash is acceptable.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Least time between two insight notifications of one session (250 ms: at most four per second).</summary>
    public TimeSpan InsightInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an observer subscription lasts unless renewed.</summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeline buckets in a snapshot (24 × 5 s: the last two minutes).</summary>
    public int RecentTimelineBuckets { get; set; } = 24;

    /// <summary>Most buckets in a summary's condensed timeline.</summary>
    public int SummaryTimelineBuckets { get; set; } = 60;

    /// <summary>Aggregate and moment-detection tuning.</summary>
    public EmotionAggregatorOptions Aggregation { get; set; } = new();
}
