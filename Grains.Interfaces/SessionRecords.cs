namespace EmoteCare.Grains.Interfaces;

/// <summary>Where a therapy session is in its lifecycle: NotScheduled → Scheduled → Live → Ended.</summary>
public enum SessionStatus
{
    /// <summary>Nothing is known of the session yet.</summary>
    NotScheduled,

    /// <summary>Booked, not started.</summary>
    Scheduled,

    /// <summary>In progress: frames are analysed (with consent).</summary>
    Live,

    /// <summary>Over: the summary is final.</summary>
    Ended,
}

/// <summary>The most recent frame's view of the session: smoothed expression scores and where they sit on valence/arousal.</summary>
/// <param name="At">Capture time of the latest accepted frame.</param>
/// <param name="FacePresent">Whether the latest frame had a face; when false the smoothed values are those of the last face seen.</param>
/// <param name="Confidence">The latest frame's classifier confidence (0 without a face).</param>
/// <param name="Smoothed">Exponential moving average of the probabilities, in <see cref="Emotion"/> order; null until a face was seen.</param>
/// <param name="Dominant">The highest smoothed expression; null until a face was seen.</param>
/// <param name="Valence">Valence estimate in [-1, 1] from the smoothed scores.</param>
/// <param name="Arousal">Arousal estimate in [-1, 1] from the smoothed scores.</param>
public sealed record EmotionReading(
    DateTimeOffset At,
    bool FacePresent,
    float Confidence,
    float[]? Smoothed,
    Emotion? Dominant,
    float Valence,
    float Arousal);

/// <summary>Running totals over every accepted frame of a session.</summary>
/// <param name="Frames">Accepted frames, with or without a face.</param>
/// <param name="FaceFrames">Accepted frames with a face.</param>
/// <param name="RejectedFrames">Frames refused as malformed, out of order or marked rejected by the pipeline.</param>
/// <param name="FacePresentShare">FaceFrames / Frames (0 without frames).</param>
/// <param name="MeanConfidence">Mean classifier confidence over face frames.</param>
/// <param name="MeanDistribution">Mean probabilities over face frames, in <see cref="Emotion"/> order (all zero without face frames).</param>
/// <param name="Dominant">The expression with the highest mean probability; null without face frames.</param>
/// <param name="Valence">Mean valence estimate in [-1, 1].</param>
/// <param name="Arousal">Mean arousal estimate in [-1, 1].</param>
public sealed record EmotionAggregate(
    long Frames,
    long FaceFrames,
    long RejectedFrames,
    float FacePresentShare,
    float MeanConfidence,
    float[] MeanDistribution,
    Emotion? Dominant,
    float Valence,
    float Arousal);

/// <summary>Aggregates over one slice of a session's timeline, by capture time.</summary>
/// <param name="Start">Start of the slice (inclusive), aligned to a multiple of its length since the Unix epoch.</param>
/// <param name="End">End of the slice (exclusive); live timelines use 5 s slices, condensed ones longer.</param>
/// <param name="Frames">Accepted frames in the slice.</param>
/// <param name="FaceFrames">Accepted frames with a face in the slice.</param>
/// <param name="MeanDistribution">Mean probabilities over the slice's face frames, in <see cref="Emotion"/> order.</param>
/// <param name="Valence">Mean valence estimate in [-1, 1].</param>
/// <param name="Arousal">Mean arousal estimate in [-1, 1].</param>
public sealed record TimelineBucket(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Frames,
    int FaceFrames,
    float[] MeanDistribution,
    float Valence,
    float Arousal);

/// <summary>Kinds of notable moment a session detects.</summary>
public enum NotableMomentKind
{
    /// <summary>Smoothed angry + disgust + fear + sad stayed high for a sustained period.</summary>
    SustainedNegativeAffect,

    /// <summary>The dominant smoothed expression changed with a large jump within a couple of seconds.</summary>
    SharpShift,
}

/// <summary>A stretch of a session worth the therapist's attention. Describes expressions, never feelings or diagnoses.</summary>
/// <param name="Id">Identifier unique within the session (<c>m1</c>, <c>m2</c>, ...).</param>
/// <param name="Kind">What was detected.</param>
/// <param name="StartedAt">Capture time where the moment begins.</param>
/// <param name="EndedAt">Capture time where it ends; null while it is still going on.</param>
/// <param name="Description">A sentence for the therapist.</param>
/// <param name="Intensity">Peak negative share for sustained negative affect, distance of the jump for a sharp shift; in [0, 1].</param>
public sealed record NotableMoment(
    string Id,
    NotableMomentKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Description,
    float Intensity);

/// <summary>A notable moment surfaced to the therapist's inbox.</summary>
/// <param name="AlertId">Globally unique: <c>{sessionId}/{momentId}</c>; receivers use it to stay idempotent.</param>
/// <param name="SessionId">The session the moment belongs to.</param>
/// <param name="PatientId">The session's patient (pseudonymous id).</param>
/// <param name="TherapistId">The therapist whose inbox it goes to.</param>
/// <param name="Kind">What was detected.</param>
/// <param name="RaisedAt">Capture time of the frame that raised it.</param>
/// <param name="Description">A sentence for the therapist.</param>
public sealed record SessionAlert(
    string AlertId,
    string SessionId,
    string PatientId,
    string TherapistId,
    NotableMomentKind Kind,
    DateTimeOffset RaisedAt,
    string Description);

/// <summary>A live update for observers of a session, sent at most a few times per second.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="AnalysisActive">Whether frames are being analysed (live and consented).</param>
/// <param name="Latest">The latest reading; null before the first accepted frame.</param>
/// <param name="Aggregate">Running totals.</param>
/// <param name="DroppedFrames">Frames dropped upstream of the session so far.</param>
public sealed record SessionInsight(
    string SessionId,
    SessionStatus Status,
    bool AnalysisActive,
    EmotionReading? Latest,
    EmotionAggregate Aggregate,
    long DroppedFrames);

/// <summary>Everything a client needs to draw a session, also what a (re)subscribing observer starts from.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="PatientId">The patient; null until scheduled.</param>
/// <param name="TherapistId">The therapist; null until scheduled.</param>
/// <param name="ScheduledFor">The booked start; null until scheduled.</param>
/// <param name="StartedAt">When it went live (server clock); null before.</param>
/// <param name="EndedAt">When it ended (server clock); null before.</param>
/// <param name="Consent">The latest consent snapshot; null when the patient has not answered (analysis off).</param>
/// <param name="Aggregate">Running totals.</param>
/// <param name="Latest">The latest reading; null before the first accepted frame.</param>
/// <param name="RecentTimeline">The most recent timeline buckets, oldest first.</param>
/// <param name="Moments">Notable moments so far, oldest first.</param>
/// <param name="Alerts">Alerts raised so far, oldest first.</param>
/// <param name="DroppedFrames">Frames dropped upstream of the session so far.</param>
/// <param name="IgnoredFrames">Frames that arrived while the session was not live or analysis was off.</param>
public sealed record SessionSnapshot(
    string SessionId,
    SessionStatus Status,
    string? PatientId,
    string? TherapistId,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    ConsentSnapshot? Consent,
    EmotionAggregate Aggregate,
    EmotionReading? Latest,
    IReadOnlyList<TimelineBucket> RecentTimeline,
    IReadOnlyList<NotableMoment> Moments,
    IReadOnlyList<SessionAlert> Alerts,
    long DroppedFrames,
    long IgnoredFrames);

/// <summary>The final account of an ended session; kept in the patient's history and the basis of trends.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="TherapistId">The therapist.</param>
/// <param name="StartedAt">When it went live (server clock).</param>
/// <param name="EndedAt">When it ended (server clock).</param>
/// <param name="Duration">EndedAt - StartedAt.</param>
/// <param name="Aggregate">Totals over the whole session.</param>
/// <param name="DroppedFrames">Frames dropped upstream of the session.</param>
/// <param name="Moments">Every notable moment, oldest first.</param>
/// <param name="Timeline">The timeline condensed to a bounded number of equal-length buckets, oldest first.</param>
public sealed record SessionSummary(
    string SessionId,
    string PatientId,
    string TherapistId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    TimeSpan Duration,
    EmotionAggregate Aggregate,
    long DroppedFrames,
    IReadOnlyList<NotableMoment> Moments,
    IReadOnlyList<TimelineBucket> Timeline);
