using EmoteCare.Grains.Aggregation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains;

/// <summary>Calls to other grains a session still owes; each receiver is idempotent, so a retry after a failure is safe.</summary>
[Flags]
public enum PendingDeliveries
{
    None = 0,
    TherapistSessionStarted = 1,
    TherapistSessionEnded = 2,
    PatientSummary = 4,
}

/// <summary>What a <see cref="TherapySessionGrain"/> persists.</summary>
public sealed class TherapySessionState
{
    public SessionStatus Status { get; set; }

    public string? PatientId { get; set; }

    public string? TherapistId { get; set; }

    public DateTimeOffset? ScheduledFor { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public ConsentSnapshot? Consent { get; set; }

    public long DroppedFrames { get; set; }

    public long IgnoredFrames { get; set; }

    public AggregateState Aggregate { get; set; } = new();

    public List<SessionAlert> Alerts { get; set; } = [];

    /// <summary>How many of <see cref="Alerts"/>, from the first, reached the therapist's inbox.</summary>
    public int AlertsDelivered { get; set; }

    public PendingDeliveries Pending { get; set; }

    public SessionSummary? Summary { get; set; }
}
