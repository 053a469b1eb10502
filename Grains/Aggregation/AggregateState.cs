using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Aggregation;

/// <summary>
/// The persisted part of a session's aggregates. Mutable on purpose: <see cref="EmotionAggregator"/> updates it in place
/// so a frame costs no allocation, and the grain persists it as JSON.
/// </summary>
public sealed class AggregateState
{
    public float[] Ema { get; set; } = new float[Emotions.Count];

    /// <summary>Capture time of the last face frame; null until one arrived (then <see cref="Ema"/> means nothing yet).</summary>
    public DateTimeOffset? LastFaceAt { get; set; }

    public DateTimeOffset? LastCapturedAt { get; set; }

    public long LastSequence { get; set; } = long.MinValue;

    public bool LastFacePresent { get; set; }

    public float LastConfidence { get; set; }

    public long Frames { get; set; }

    public long FaceFrames { get; set; }

    public long RejectedFrames { get; set; }

    public double ConfidenceSum { get; set; }

    public double[] DistributionSum { get; set; } = new double[Emotions.Count];

    /// <summary>Current bucket length; grows by doubling once the timeline reaches its bound.</summary>
    public TimeSpan BucketLength { get; set; }

    public List<BucketState> Timeline { get; set; } = [];

    /// <summary>Start of the current stretch above the negative threshold, while no moment is open.</summary>
    public DateTimeOffset? NegativeSince { get; set; }

    /// <summary>Index in <see cref="Moments"/> of the open sustained-negative moment; -1 when none is open.</summary>
    public int OpenNegativeMoment { get; set; } = -1;

    public float NegativePeak { get; set; }

    public int SharpShifts { get; set; }

    public List<NotableMoment> Moments { get; set; } = [];
}

/// <summary>Sums over one timeline bucket.</summary>
public sealed class BucketState
{
    public DateTimeOffset Start { get; set; }

    public int Frames { get; set; }

    public int FaceFrames { get; set; }

    public double[] Sum { get; set; } = new double[Emotions.Count];

    public BucketState Clone() => new() { Start = Start, Frames = Frames, FaceFrames = FaceFrames, Sum = (double[])Sum.Clone() };
}
