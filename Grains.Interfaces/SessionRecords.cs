namespace EmoteCare.Grains.Interfaces;

/// <summary>Where a therapy session is in its lifecycle: NotScheduled → Scheduled → Live → Ended.</summary>
[GenerateSerializer, Alias("emotecare.SessionStatus")]
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
[GenerateSerializer, Immutable, Alias("emotecare.EmotionReading")]
public sealed record EmotionReading(
    [Id(0)] DateTimeOffset At,
    [Id(1)] bool FacePresent,
    [Id(2)] float Confidence,
    [Id(3)] float[]? Smoothed,
    [Id(4)] Emotion? Dominant,
    [Id(5)] float Valence,
    [Id(6)] float Arousal);

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
[GenerateSerializer, Immutable, Alias("emotecare.EmotionAggregate")]
public sealed record EmotionAggregate(
    [Id(0)] long Frames,
    [Id(1)] long FaceFrames,
    [Id(2)] long RejectedFrames,
    [Id(3)] float FacePresentShare,
    [Id(4)] float MeanConfidence,
    [Id(5)] float[] MeanDistribution,
    [Id(6)] Emotion? Dominant,
    [Id(7)] float Valence,
    [Id(8)] float Arousal);

/// <summary>Aggregates over one slice of a session's timeline, by capture time.</summary>
/// <param name="Start">Start of the slice (inclusive), aligned to a multiple of its length since the Unix epoch.</param>
/// <param name="End">End of the slice (exclusive); live timelines use 5 s slices, condensed ones longer.</param>
/// <param name="Frames">Accepted frames in the slice.</param>
/// <param name="FaceFrames">Accepted frames with a face in the slice.</param>
/// <param name="MeanDistribution">Mean probabilities over the slice's face frames, in <see cref="Emotion"/> order.</param>
/// <param name="Valence">Mean valence estimate in [-1, 1].</param>
/// <param name="Arousal">Mean arousal estimate in [-1, 1].</param>
[GenerateSerializer, Immutable, Alias("emotecare.TimelineBucket")]
public sealed record TimelineBucket(
    [Id(0)] DateTimeOffset Start,
    [Id(1)] DateTimeOffset End,
    [Id(2)] int Frames,
    [Id(3)] int FaceFrames,
    [Id(4)] float[] MeanDistribution,
    [Id(5)] float Valence,
    [Id(6)] float Arousal);

/// <summary>Kinds of notable moment a session detects, and of what the support chat puts in a therapist's inbox.</summary>
[GenerateSerializer, Alias("emotecare.NotableMomentKind")]
public enum NotableMomentKind
{
    /// <summary>Smoothed angry + disgust + fear + sad stayed high for a sustained period.</summary>
    SustainedNegativeAffect,

    /// <summary>The dominant smoothed expression changed with a large jump within a couple of seconds.</summary>
    SharpShift,

    /// <summary>
    /// A crisis signal in the patient's chat with the support bot, or the patient pressed SOS there. The alert's
    /// <see cref="SessionAlert.SessionId"/> is then the conversation's id.
    /// </summary>
    ChatCrisis,

    /// <summary>The patient asked, through the support chat, for a session with their therapist.</summary>
    ChatSessionRequest,
}

/// <summary>A stretch of a session worth the therapist's attention. Describes expressions, never feelings or diagnoses.</summary>
/// <param name="Id">Identifier unique within the session (<c>m1</c>, <c>m2</c>, ...).</param>
/// <param name="Kind">What was detected.</param>
/// <param name="StartedAt">Capture time where the moment begins.</param>
/// <param name="EndedAt">Capture time where it ends; null while it is still going on.</param>
/// <param name="Description">A sentence for the therapist.</param>
/// <param name="Intensity">Peak negative share for sustained negative affect, distance of the jump for a sharp shift; in [0, 1].</param>
[GenerateSerializer, Immutable, Alias("emotecare.NotableMoment")]
public sealed record NotableMoment(
    [Id(0)] string Id,
    [Id(1)] NotableMomentKind Kind,
    [Id(2)] DateTimeOffset StartedAt,
    [Id(3)] DateTimeOffset? EndedAt,
    [Id(4)] string Description,
    [Id(5)] float Intensity);

/// <summary>A notable moment surfaced to the therapist's inbox.</summary>
/// <param name="AlertId">Globally unique: <c>{sessionId}/{momentId}</c>; receivers use it to stay idempotent.</param>
/// <param name="SessionId">The session the moment belongs to.</param>
/// <param name="PatientId">The session's patient (pseudonymous id).</param>
/// <param name="TherapistId">The therapist whose inbox it goes to.</param>
/// <param name="Kind">What was detected.</param>
/// <param name="RaisedAt">Capture time of the frame that raised it.</param>
/// <param name="Description">A sentence for the therapist.</param>
[GenerateSerializer, Immutable, Alias("emotecare.SessionAlert")]
public sealed record SessionAlert(
    [Id(0)] string AlertId,
    [Id(1)] string SessionId,
    [Id(2)] string PatientId,
    [Id(3)] string TherapistId,
    [Id(4)] NotableMomentKind Kind,
    [Id(5)] DateTimeOffset RaisedAt,
    [Id(6)] string Description);

/// <summary>A live update for observers of a session, sent at most a few times per second.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="AnalysisActive">Whether frames are being analysed (live and consented).</param>
/// <param name="Latest">The latest reading; null before the first accepted frame.</param>
/// <param name="Aggregate">Running totals.</param>
/// <param name="DroppedFrames">Frames dropped upstream of the session so far.</param>
[GenerateSerializer, Immutable, Alias("emotecare.SessionInsight")]
public sealed record SessionInsight(
    [Id(0)] string SessionId,
    [Id(1)] SessionStatus Status,
    [Id(2)] bool AnalysisActive,
    [Id(3)] EmotionReading? Latest,
    [Id(4)] EmotionAggregate Aggregate,
    [Id(5)] long DroppedFrames);

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
[GenerateSerializer, Immutable, Alias("emotecare.SessionSnapshot")]
public sealed record SessionSnapshot(
    [Id(0)] string SessionId,
    [Id(1)] SessionStatus Status,
    [Id(2)] string? PatientId,
    [Id(3)] string? TherapistId,
    [Id(4)] DateTimeOffset? ScheduledFor,
    [Id(5)] DateTimeOffset? StartedAt,
    [Id(6)] DateTimeOffset? EndedAt,
    [Id(7)] ConsentSnapshot? Consent,
    [Id(8)] EmotionAggregate Aggregate,
    [Id(9)] EmotionReading? Latest,
    [Id(10)] IReadOnlyList<TimelineBucket> RecentTimeline,
    [Id(11)] IReadOnlyList<NotableMoment> Moments,
    [Id(12)] IReadOnlyList<SessionAlert> Alerts,
    [Id(13)] long DroppedFrames,
    [Id(14)] long IgnoredFrames);

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
[GenerateSerializer, Immutable, Alias("emotecare.SessionSummary")]
public sealed record SessionSummary(
    [Id(0)] string SessionId,
    [Id(1)] string PatientId,
    [Id(2)] string TherapistId,
    [Id(3)] DateTimeOffset StartedAt,
    [Id(4)] DateTimeOffset EndedAt,
    [Id(5)] TimeSpan Duration,
    [Id(6)] EmotionAggregate Aggregate,
    [Id(7)] long DroppedFrames,
    [Id(8)] IReadOnlyList<NotableMoment> Moments,
    [Id(9)] IReadOnlyList<TimelineBucket> Timeline);
