using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Aggregation;

/// <summary>
/// The persisted part of a session's aggregates. Mutable on purpose: <see cref="EmotionAggregator"/> updates it in place
/// so a frame costs no allocation, and the grain persists it as JSON.
/// </summary>
[GenerateSerializer, Alias("emotecare.AggregateState")]
public sealed class AggregateState
{
    [Id(0)]
    public float[] Ema { get; set; } = new float[Emotions.Count];

    /// <summary>Capture time of the last face frame; null until one arrived (then <see cref="Ema"/> means nothing yet).</summary>
    [Id(1)]
    public DateTimeOffset? LastFaceAt { get; set; }

    [Id(2)]
    public DateTimeOffset? LastCapturedAt { get; set; }

    [Id(3)]
    public long LastSequence { get; set; } = long.MinValue;

    [Id(4)]
    public bool LastFacePresent { get; set; }

    [Id(5)]
    public float LastConfidence { get; set; }

    [Id(6)]
    public long Frames { get; set; }

    [Id(7)]
    public long FaceFrames { get; set; }

    [Id(8)]
    public long RejectedFrames { get; set; }

    [Id(9)]
    public double ConfidenceSum { get; set; }

    [Id(10)]
    public double[] DistributionSum { get; set; } = new double[Emotions.Count];

    /// <summary>Current bucket length; grows by doubling once the timeline reaches its bound.</summary>
    [Id(11)]
    public TimeSpan BucketLength { get; set; }

    [Id(12)]
    public List<BucketState> Timeline { get; set; } = [];

    /// <summary>Start of the current stretch above the negative threshold, while no moment is open.</summary>
    [Id(13)]
    public DateTimeOffset? NegativeSince { get; set; }

    /// <summary>Index in <see cref="Moments"/> of the open sustained-negative moment; -1 when none is open.</summary>
    [Id(14)]
    public int OpenNegativeMoment { get; set; } = -1;

    [Id(15)]
    public float NegativePeak { get; set; }

    [Id(16)]
    public int SharpShifts { get; set; }

    [Id(17)]
    public List<NotableMoment> Moments { get; set; } = [];

    /// <summary>The stream of the last accepted frame; <see cref="LastSequence"/> counts within it.</summary>
    [Id(18)]
    public long LastEpoch { get; set; }

    /// <summary>The newest stream opened (<see cref="ITherapySessionGrain.OpenStream"/>); frames of older ones are late.</summary>
    [Id(19)]
    public long OpenedEpoch { get; set; }
}

/// <summary>Sums over one timeline bucket.</summary>
[GenerateSerializer, Alias("emotecare.BucketState")]
public sealed class BucketState
{
    [Id(0)]
    public DateTimeOffset Start { get; set; }

    [Id(1)]
    public int Frames { get; set; }

    [Id(2)]
    public int FaceFrames { get; set; }

    [Id(3)]
    public double[] Sum { get; set; } = new double[Emotions.Count];

    public BucketState Clone() => new() { Start = Start, Frames = Frames, FaceFrames = FaceFrames, Sum = (double[])Sum.Clone() };
}
