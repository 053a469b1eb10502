using EmoteCare.Grains.Aggregation;
using EmoteCare.Grains.Calls;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Utilities;

namespace EmoteCare.Grains;

/// <summary>
/// A therapy session: lifecycle, consent, running emotion aggregates over the analysed frames, notable moments, alerts
/// and live insights. State is written on lifecycle and consent changes, on a timer while live and on deactivation,
/// never per frame.
/// </summary>
public sealed class TherapySessionGrain : Grain, ITherapySessionGrain
{
    private readonly IPersistentState<TherapySessionState> _state;
    private readonly TherapySessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TherapySessionGrain> _logger;
    private readonly ObserverManager<ISessionObserver> _observers;
    private readonly CallSeats _callSeats = new();
    private EmotionAggregator _aggregator = null!;
    private IGrainTimer? _timer;
    private bool _dirty;
    private IGrainTimer? _insightFlush;
    private long? _lastInsightAt;
    private bool _lostWrite;

    /// <summary>Created by the runtime.</summary>
    public TherapySessionGrain(
        [PersistentState("session")] IPersistentState<TherapySessionState> state,
        IOptions<TherapySessionOptions> options,
        TimeProvider time,
        ILogger<TherapySessionGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _observers = new ObserverManager<ISessionObserver>(_options.SubscriptionExpiry, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
    }

    private string SessionId => this.GetPrimaryKeyString();

    private bool Live => _state.State.Status == SessionStatus.Live;

    private bool AnalysisActive => _state.State is { Status: SessionStatus.Live, Consent.FacialAnalysisGranted: true };

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(SessionId, "session");
        _aggregator = new EmotionAggregator(_state.State.Aggregate, _options.Aggregation);
        if (NeedsTimer())
        {
            EnsureTimer();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // After a lost write the stored state is newer than ours; writing again would lose again.
        if (_dirty && !_lostWrite)
        {
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public async Task Schedule(string patientId, string therapistId, DateTimeOffset scheduledFor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(therapistId);
        var state = _state.State;
        switch (state.Status)
        {
            case SessionStatus.NotScheduled:
                state.PatientId = patientId;
                state.TherapistId = therapistId;
                break;
            case SessionStatus.Scheduled when state.PatientId == patientId && state.TherapistId == therapistId:
                break;
            case SessionStatus.Scheduled:
                throw new InvalidOperationException($"Session {SessionId} is booked for patient {state.PatientId} with therapist {state.TherapistId}; book a new session for patient {patientId} with therapist {therapistId}.");
            default:
                throw new InvalidOperationException($"Session {SessionId} is {state.Status}; only a session that has not started can be scheduled.");
        }

        state.Status = SessionStatus.Scheduled;
        state.ScheduledFor = scheduledFor;
        await WriteAsync();
    }

    /// <inheritdoc />
    public async Task Cancel()
    {
        var state = _state.State;
        switch (state.Status)
        {
            case SessionStatus.Cancelled:
                return;
            case SessionStatus.Scheduled:
                state.Status = SessionStatus.Cancelled;
                await WriteAsync();
                NotifyInsight(force: true);
                return;
            default:
                throw new InvalidOperationException($"Session {SessionId} is {state.Status}; only a scheduled session can be cancelled.");
        }
    }

    /// <inheritdoc />
    public async Task Start()
    {
        var state = _state.State;
        if (state.Status != SessionStatus.Scheduled)
        {
            throw new InvalidOperationException(state.Status switch
            {
                SessionStatus.NotScheduled => $"Session {SessionId} is not scheduled; call Schedule before Start.",
                SessionStatus.Live => $"Session {SessionId} is already live.",
                SessionStatus.Cancelled => $"Session {SessionId} was cancelled; it cannot start.",
                _ => $"Session {SessionId} has ended; it cannot start again.",
            });
        }

        state.Status = SessionStatus.Live;
        state.StartedAt = _time.GetUtcNow();
        state.Pending |= PendingDeliveries.TherapistSessionStarted;
        await WriteAsync();
        EnsureTimer();
        await DeliverPendingAsync();
        NotifyInsight(force: true);
    }

    /// <inheritdoc />
    public async Task<SessionSummary> End()
    {
        var state = _state.State;
        if (state.Status != SessionStatus.Live)
        {
            throw new InvalidOperationException(state.Status == SessionStatus.Ended
                ? $"Session {SessionId} has already ended."
                : $"Session {SessionId} is {state.Status}; only a live session can end.");
        }

        var endedAt = _time.GetUtcNow();
        var startedAt = state.StartedAt!.Value;
        _aggregator.Finish();
        state.Status = SessionStatus.Ended;
        state.EndedAt = endedAt;
        state.Summary = new SessionSummary(
            SessionId,
            state.PatientId!,
            state.TherapistId!,
            startedAt,
            endedAt,
            endedAt - startedAt,
            _aggregator.ToAggregate(),
            state.DroppedFrames,
            // An array, not a collection expression: the summary is stored, and the compiler's own read-only list type
            // has a name that storage formats naming types (Orleans' JSON, used by memory storage) cannot resolve.
            state.Aggregate.Moments.ToArray(),
            _aggregator.CondensedTimeline(_options.SummaryTimelineBuckets));
        state.Pending |= PendingDeliveries.TherapistSessionEnded | PendingDeliveries.PatientSummary;
        await WriteAsync();
        await DeliverPendingAsync();
        NotifyInsight(force: true);
        return state.Summary;
    }

    /// <inheritdoc />
    public async Task<ConsentSnapshot> SetConsent(ConsentSnapshot consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var state = _state.State;
        if (state.Status == SessionStatus.NotScheduled)
        {
            throw new InvalidOperationException($"Session {SessionId} is not scheduled; consent belongs to a scheduled session.");
        }

        if (state.Consent is null || consent.ChangedAt >= state.Consent.ChangedAt)
        {
            state.Consent = consent;
            await WriteAsync();
            NotifyInsight(force: true);
        }

        return state.Consent;
    }

    /// <inheritdoc />
    public async Task<ObservationReceipt> RecordObservations(ObservationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(batch.DroppedFrames);
        var state = _state.State;
        var frames = batch.Frames;
        state.DroppedFrames += batch.DroppedFrames;
        _dirty = true;
        if (!AnalysisActive)
        {
            state.IgnoredFrames += frames.Count;
            return new ObservationReceipt(state.Status == SessionStatus.Live ? ObservationOutcome.AnalysisOff : ObservationOutcome.NotLive, 0, 0, frames.Count);
        }

        var rejected = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var momentsBefore = _aggregator.MomentCount;
            if (_aggregator.Add(frame) == FrameVerdict.Rejected)
            {
                rejected++;
            }
            else if (_aggregator.MomentCount != momentsBefore)
            {
                RaiseAlerts(momentsBefore, frame.CapturedAt);
            }
        }

        if (state.AlertsDelivered < state.Alerts.Count)
        {
            await DeliverPendingAsync();
        }

        NotifyInsight(force: false);
        return new ObservationReceipt(ObservationOutcome.Recorded, frames.Count - rejected, rejected, 0);
    }

    /// <inheritdoc />
    public async Task<long> OpenStream()
    {
        var epoch = _aggregator.OpenStream();

        // Written now, not on the timer: an epoch handed out twice after a crash would let a superseded page's frames in.
        await WriteAsync();
        return epoch;
    }

    /// <inheritdoc />
    public Task<SessionSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    /// <inheritdoc />
    public Task<bool> IsAnalysisActive() => Task.FromResult(AnalysisActive);

    /// <inheritdoc />
    public Task<SessionSummary?> GetSummary() => Task.FromResult(_state.State.Summary);

    /// <inheritdoc />
    public Task<SessionSnapshot> Subscribe(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(Snapshot());
    }

    /// <inheritdoc />
    public Task Unsubscribe(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CallSeatOutcome> TakeCallSeat(CallRole role, string connectionId, string? activeCallId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (!Live)
        {
            return Task.FromResult(CallSeatOutcome.NotLive);
        }

        if (_callSeats.Take(role, connectionId) is { } replaced)
        {
            NotifyCall(new CallMessage(SessionId, role, CallMessageKind.Replaced, null, null, null, null, null), replaced);
        }

        NotifyCall(new CallMessage(SessionId, CallSeats.Other(role), CallMessageKind.Joined, activeCallId, null, null, null, null));
        return Task.FromResult(CallSeatOutcome.Seated);
    }

    /// <inheritdoc />
    public Task<CallSeatOutcome> RelayCall(string fromConnectionId, CallMessage message)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromConnectionId);
        ArgumentNullException.ThrowIfNull(message);
        if (!Live || message.SessionId != SessionId)
        {
            return Task.FromResult(CallSeatOutcome.NotLive);
        }

        var from = CallSeats.Other(message.To);
        var seated = message.Kind == CallMessageKind.Left ? _callSeats.Leave(from, fromConnectionId) : _callSeats.Holds(from, fromConnectionId);
        if (!seated)
        {
            return Task.FromResult(CallSeatOutcome.SeatedElsewhere);
        }

        NotifyCall(message);
        return Task.FromResult(CallSeatOutcome.Seated);
    }

    /// <inheritdoc />
    public Task<CallSeatOutcome> HoldsCallSeat(CallRole role, string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return Task.FromResult(!Live ? CallSeatOutcome.NotLive : _callSeats.Holds(role, connectionId) ? CallSeatOutcome.Seated : CallSeatOutcome.SeatedElsewhere);
    }

    /// <summary>Sends a call message to <paramref name="connection"/>, by default the addressee's seat holder; with the seat empty, to no one.</summary>
    private void NotifyCall(CallMessage message, string? connection = null)
    {
        if ((connection ?? _callSeats.HolderOf(message.To)) is { } to)
        {
            var addressed = message with { ToConnection = to };
            _observers.Notify(observer => observer.OnCall(addressed));
        }
    }

    private SessionSnapshot Snapshot()
    {
        var state = _state.State;
        return new SessionSnapshot(
            SessionId,
            state.Status,
            state.PatientId,
            state.TherapistId,
            state.ScheduledFor,
            state.StartedAt,
            state.EndedAt,
            state.Consent,
            _aggregator.ToAggregate(),
            _aggregator.ToReading(),
            _aggregator.RecentTimeline(_options.RecentTimelineBuckets),
            [.. state.Aggregate.Moments],
            [.. state.Alerts],
            state.DroppedFrames,
            state.IgnoredFrames);
    }

    private void RaiseAlerts(int firstNewMoment, DateTimeOffset raisedAt)
    {
        var state = _state.State;
        var moments = state.Aggregate.Moments;
        for (var i = firstNewMoment; i < moments.Count; i++)
        {
            // Sharp shifts are context for the timeline; only sustained negative affect asks for the therapist's attention.
            if (moments[i].Kind != NotableMomentKind.SustainedNegativeAffect)
            {
                continue;
            }

            var alert = new SessionAlert($"{SessionId}/{moments[i].Id}", SessionId, state.PatientId!, state.TherapistId!, moments[i].Kind, raisedAt, moments[i].Description);
            state.Alerts.Add(alert);
            _observers.Notify(o => o.OnAlert(alert));
        }
    }

    /// <summary>
    /// Sends what other grains are owed. A failure is logged and retried on the next timer tick rather than failing
    /// the caller: the session's own state is already consistent, and every receiver is idempotent. The therapist's
    /// and the patient's deliveries are independent, so an outage of one does not hold back the other.
    /// </summary>
    private async Task DeliverPendingAsync()
    {
        var state = _state.State;
        var delivered = true;
        if ((state.Pending & ~PendingDeliveries.PatientSummary) != PendingDeliveries.None || state.AlertsDelivered < state.Alerts.Count)
        {
            delivered &= await TryDeliverAsync(DeliverToTherapistAsync, state.TherapistId!);
        }

        if (state.Pending.HasFlag(PendingDeliveries.PatientSummary))
        {
            delivered &= await TryDeliverAsync(DeliverToPatientAsync, state.PatientId!);
        }

        if (!delivered)
        {
            EnsureTimer();
        }
    }

    private async Task<bool> TryDeliverAsync(Func<Task> delivery, string receiver)
    {
        try
        {
            await delivery();
            return true;
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            _logger.LogWarning(exception, "Session {SessionId} could not deliver to {Receiver}; retrying in {Interval}", SessionId, receiver, _options.PersistInterval);
            return false;
        }
    }

    private async Task DeliverToTherapistAsync()
    {
        var state = _state.State;
        var therapist = GrainFactory.GetGrain<ITherapistGrain>(state.TherapistId!);
        if (state.Pending.HasFlag(PendingDeliveries.TherapistSessionStarted))
        {
            await therapist.SessionStarted(new LiveSession(SessionId, state.PatientId!, state.StartedAt!.Value));
            Delivered(PendingDeliveries.TherapistSessionStarted);
        }

        while (state.AlertsDelivered < state.Alerts.Count)
        {
            await therapist.AddAlert(state.Alerts[state.AlertsDelivered]);
            state.AlertsDelivered++;
            _dirty = true;
        }

        if (state.Pending.HasFlag(PendingDeliveries.TherapistSessionEnded))
        {
            var summary = state.Summary!;
            await therapist.SessionEnded(new SessionEndedNote(SessionId, summary.PatientId, summary.StartedAt, summary.EndedAt, summary.Aggregate.Dominant, summary.Moments.Count, state.Alerts.Count));
            Delivered(PendingDeliveries.TherapistSessionEnded);
        }
    }

    private async Task DeliverToPatientAsync()
    {
        var state = _state.State;
        await GrainFactory.GetGrain<IPatientGrain>(state.PatientId!).AddSessionSummary(state.Summary!);
        Delivered(PendingDeliveries.PatientSummary);
    }

    private void Delivered(PendingDeliveries delivery)
    {
        _state.State.Pending &= ~delivery;
        _dirty = true;
    }

    private void NotifyInsight(bool force)
    {
        var now = _time.GetTimestamp();
        if (!force && _lastInsightAt is { } last && _time.GetElapsedTime(last, now) is var elapsed && elapsed < _options.InsightInterval)
        {
            // Held back, not dropped: the newest state goes out when the interval ends, so the last frame before a
            // pause still reaches the watchers.
            _insightFlush ??= this.RegisterGrainTimer(FlushInsightAsync, _options.InsightInterval - elapsed, Timeout.InfiniteTimeSpan);
            return;
        }

        _insightFlush?.Dispose();
        _insightFlush = null;
        _lastInsightAt = now;
        if (_observers.Count == 0)
        {
            return;
        }

        var state = _state.State;
        var insight = new SessionInsight(SessionId, state.Status, AnalysisActive, _aggregator.ToReading(), _aggregator.ToAggregate(), state.DroppedFrames);
        _observers.Notify(o => o.OnInsight(insight));
    }

    private Task FlushInsightAsync(CancellationToken cancellationToken)
    {
        _insightFlush?.Dispose();
        _insightFlush = null;
        NotifyInsight(force: true);
        return Task.CompletedTask;
    }

    private bool NeedsTimer()
    {
        var state = _state.State;
        return _dirty || state.Status == SessionStatus.Live || state.Pending != PendingDeliveries.None || state.AlertsDelivered < state.Alerts.Count;
    }

    private void EnsureTimer() => _timer ??= this.RegisterGrainTimer(OnTimerAsync, _options.PersistInterval, _options.PersistInterval);

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        await DeliverPendingAsync();
        if (_dirty)
        {
            await WriteAsync();
        }

        if (!NeedsTimer())
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>
    /// Writes the state. A stale write means another activation wrote since we read: deactivating makes the next call
    /// load what it wrote instead of overwriting it.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await _state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            _lostWrite = true;
            DeactivateOnIdle();
            throw;
        }

        _dirty = false;
    }
}
