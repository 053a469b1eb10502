using EmoteCare.Grains.Aggregation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains;

/// <summary>Calls to other grains a session still owes; each receiver is idempotent, so a retry after a failure is safe.</summary>
[Flags]
[GenerateSerializer, Alias("emotecare.PendingDeliveries")]
public enum PendingDeliveries
{
    None = 0,
    TherapistSessionStarted = 1,
    TherapistSessionEnded = 2,
    PatientSummary = 4,
}

/// <summary>What a <see cref="TherapySessionGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.TherapySessionState")]
public sealed class TherapySessionState
{
    [Id(0)]
    public SessionStatus Status { get; set; }

    [Id(1)]
    public string? PatientId { get; set; }

    [Id(2)]
    public string? TherapistId { get; set; }

    [Id(3)]
    public DateTimeOffset? ScheduledFor { get; set; }

    [Id(4)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? EndedAt { get; set; }

    [Id(6)]
    public ConsentSnapshot? Consent { get; set; }

    [Id(7)]
    public long DroppedFrames { get; set; }

    [Id(8)]
    public long IgnoredFrames { get; set; }

    [Id(9)]
    public AggregateState Aggregate { get; set; } = new();

    [Id(10)]
    public List<SessionAlert> Alerts { get; set; } = [];

    /// <summary>How many of <see cref="Alerts"/>, from the first, reached the therapist's inbox.</summary>
    [Id(11)]
    public int AlertsDelivered { get; set; }

    [Id(12)]
    public PendingDeliveries Pending { get; set; }

    [Id(13)]
    public SessionSummary? Summary { get; set; }
}
