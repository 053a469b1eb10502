using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// One therapy session (key: session id). Keeps running emotion aggregates over the analysed frames, a timeline,
/// notable moments and alerts; on <see cref="End"/> it sends a <see cref="SessionSummary"/> to the patient and the
/// therapist.
/// </summary>
[Alias("emotecare.ITherapySessionGrain")]
public interface ITherapySessionGrain : IGrainWithStringKey
{
    /// <summary>Books the session, or moves its time while it is still only scheduled.</summary>
    /// <param name="patientId">The patient (pseudonymous id).</param>
    /// <param name="therapistId">The therapist.</param>
    /// <param name="scheduledFor">The booked start.</param>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    /// <exception cref="InvalidOperationException">The session is live or ended, or is booked for another patient or therapist.</exception>
    [Alias("Schedule")]
    Task Schedule(string patientId, string therapistId, DateTimeOffset scheduledFor);

    /// <summary>Calls off a scheduled session; cancelling a cancelled session again changes nothing.</summary>
    /// <exception cref="InvalidOperationException">The session is not scheduled (never booked, live or ended).</exception>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>Takes a scheduled session live and tells the therapist.</summary>
    /// <exception cref="InvalidOperationException">The session is not scheduled, already live or ended.</exception>
    [Alias("Start")]
    Task Start();

    /// <summary>Ends a live session and sends its summary to the patient and the therapist.</summary>
    /// <returns>The summary.</returns>
    /// <exception cref="InvalidOperationException">The session is not live (never started, or already ended).</exception>
    [Alias("End")]
    Task<SessionSummary> End();

    /// <summary>
    /// Records the patient's consent to facial analysis. While it is not granted, frames are ignored. A snapshot older
    /// than the one held is ignored, so a late message cannot undo a newer choice.
    /// </summary>
    /// <returns>The consent now in force.</returns>
    /// <exception cref="InvalidOperationException">The session is not scheduled.</exception>
    [Alias("SetConsent")]
    Task<ConsentSnapshot> SetConsent(ConsentSnapshot consent);

    /// <summary>
    /// Adds one inference batch of this session's frames to the aggregates. Frames that arrive while the session is not
    /// live or analysis is off are ignored and counted, not refused: they race with <see cref="End"/> and consent changes.
    /// A malformed frame (probabilities not 7 finite non-negative values summing to about 1, confidence outside [0, 1]),
    /// one whose sequence does not exceed the last of its stream, and one of a stream older than the newest opened is
    /// rejected and counted. A capture time before the last accepted one counts as that time: the timeline only moves
    /// forward, and the ingest has already bounded capture times against the server's clock.
    /// </summary>
    /// <returns>What happened to the batch.</returns>
    [Alias("RecordObservations")]
    Task<ObservationReceipt> RecordObservations(ObservationBatch batch);

    /// <summary>
    /// Opens a new stream of frames (a patient's page joining, again after a reload or reconnect) and returns its epoch,
    /// higher than every earlier one. Frames are ordered by sequence within their stream; a newer stream supersedes the
    /// older ones, whose late frames are rejected.
    /// </summary>
    /// <returns>The new stream's epoch.</returns>
    [Alias("OpenStream")]
    Task<long> OpenStream();

    /// <summary>The session as it stands.</summary>
    [ReadOnly]
    [Alias("GetSnapshot")]
    Task<SessionSnapshot> GetSnapshot();

    /// <summary>
    /// Whether frames are analysed now: the session is live and the patient has granted consent. Frame ingest asks this
    /// before each frame, so a withdrawal stops analysis before the next frame.
    /// </summary>
    [AlwaysInterleave]
    [Alias("IsAnalysisActive")]
    Task<bool> IsAnalysisActive();

    /// <summary>The final summary; null until the session has ended.</summary>
    [ReadOnly]
    [Alias("GetSummary")]
    Task<SessionSummary?> GetSummary();

    /// <summary>
    /// Subscribes an observer to live insights and alerts, or renews its subscription. Subscriptions expire unless
    /// renewed; observers re-subscribe periodically and after a reconnect.
    /// </summary>
    /// <returns>A snapshot to start from.</returns>
    [Alias("Subscribe")]
    Task<SessionSnapshot> Subscribe(ISessionObserver observer);

    /// <summary>Ends a subscription; an unknown observer is ignored.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(ISessionObserver observer);

    /// <summary>
    /// Gives <paramref name="role"/>'s seat in the session's call to hub connection <paramref name="connectionId"/>: each
    /// side has one seat, so that one page per side signals, and the most recent join takes it. The connection that held
    /// it before is told <see cref="CallMessageKind.Replaced"/>; the other side's seat holder is told
    /// <see cref="CallMessageKind.Joined"/> with <paramref name="activeCallId"/>. Seats are kept in memory only: after the
    /// grain reactivates they are empty until the pages join or signal again. The caller has checked that the connection
    /// belongs to the participant on that side.
    /// </summary>
    [Alias("TakeCallSeat")]
    Task<CallSeatOutcome> TakeCallSeat(CallRole role, string connectionId, string? activeCallId);

    /// <summary>
    /// Passes a call message from connection <paramref name="fromConnectionId"/>, on the side that is not
    /// <see cref="CallMessage.To"/>, to the addressee's seat holder, while the session is live and the sender holds its
    /// side's seat (an empty seat, after the grain reactivated, is taken by the first connection that signals). A
    /// <see cref="CallMessageKind.Left"/> frees the sender's seat. The caller has checked that the sender is one of the
    /// session's two participants.
    /// </summary>
    [Alias("RelayCallFromSeat")]
    Task<CallSeatOutcome> RelayCall(string fromConnectionId, CallMessage message);

    /// <summary>Whether connection <paramref name="connectionId"/> holds <paramref name="role"/>'s seat (taking it when empty, as a signal would).</summary>
    [Alias("HoldsCallSeat")]
    Task<CallSeatOutcome> HoldsCallSeat(CallRole role, string connectionId);
}

/// <summary>Receives a session's live updates (an Api node's relay, say). Delivery is best-effort.</summary>
[Alias("emotecare.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>A fresh view of the session; at most about four per second per session, plus one per lifecycle or consent change.</summary>
    [OneWay]
    [Alias("OnInsight")]
    void OnInsight(SessionInsight insight);

    /// <summary>An alert was raised; never rate-limited.</summary>
    [OneWay]
    [Alias("OnAlert")]
    void OnAlert(SessionAlert alert);

    /// <summary>A call message for the connection that holds one side's seat in the session's call (<see cref="CallMessage.ToConnection"/>).</summary>
    [OneWay]
    [Alias("OnCall")]
    void OnCall(CallMessage message);
}
