namespace EmoteCare.Grains.Aggregation;

/// <summary>Tuning of a session's running aggregates and notable-moment detection.</summary>
public sealed class EmotionAggregatorOptions
{
    /// <summary>
    /// Time constant τ of the exponential moving average. Each face frame moves the average by α = 1 − exp(−Δt/τ), Δt
    /// being the capture-time gap to the previous face frame, so smoothing is the same at any frame rate. A few seconds
    /// damps single-frame misclassifications without hiding a change of expression for long.
    /// </summary>
    public TimeSpan SmoothingTimeConstant { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Smoothed angry + disgust + fear + sad above this starts a sustained-negative candidate.</summary>
    public float NegativeThreshold { get; set; } = 0.6f;

    /// <summary>An open sustained-negative moment ends when the smoothed negative share falls below this (hysteresis, so it does not flicker).</summary>
    public float NegativeRelease { get; set; } = 0.5f;

    /// <summary>How long the negative share must stay above the threshold before the moment is raised.</summary>
    public TimeSpan NegativeMinimumDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A longer capture-time gap between face frames restarts a sustained-negative candidate: nobody saw the face meanwhile.</summary>
    public TimeSpan FaceGapTolerance { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A sharp shift compares the smoothed scores now with those up to this long ago.</summary>
    public TimeSpan ShiftWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Smallest total-variation distance (half the L1 distance, in [0, 1]) between the smoothed scores now and within
    /// <see cref="ShiftWindow"/> that counts as sharp, when the dominant expression also changed. With τ = 3 s a complete
    /// switch from one expression to another covers about 0.5 by the time the dominant one flips (about 2.1 s).
    /// </summary>
    public float ShiftThreshold { get; set; } = 0.4f;

    /// <summary>Sharp shifts recorded per session at most; more than that is noise, and state stays bounded.</summary>
    public int MaxSharpShifts { get; set; } = 200;

    /// <summary>Length of a live timeline bucket.</summary>
    public TimeSpan BucketLength { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Timeline buckets kept at most: 1440 × 5 s covers two hours. A longer session doubles the bucket length and merges
    /// neighbours, so the whole session stays covered in bounded state.
    /// </summary>
    public int MaxBuckets { get; set; } = 1440;
}
