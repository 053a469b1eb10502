using EmoteCare.Runtime.Storage;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EmoteCare.Runtime.Core;

internal enum ActivationState
{
    Activating,
    Valid,
    Deactivating,
    Invalid,
}

/// <summary>
/// One activation of a grain. It is its own <see cref="TaskScheduler"/>, running one turn at a time, so every
/// continuation of grain code comes back here and never runs in parallel with another. On top of turns it admits
/// requests: one at a time unless the grain is reentrant or the requests may interleave.
/// </summary>
internal sealed class ActivationData : TaskScheduler, IThreadPoolWorkItem
{
    /// <summary>Turns run per thread-pool dispatch before yielding, so one busy activation cannot starve the others.</summary>
    private const int TurnsPerDispatch = 64;

    [ThreadStatic] private static ActivationData? t_running;
    [ThreadStatic] private static ActivationData? t_constructing;

    private static readonly Action<object?> RunRequestAction = static state => ((IRequest)state!).Target!.RunRequest((IRequest)state);
    private static readonly Action<Task, object?> RequestFinishedAction = static (task, state) => ((IRequest)state!).Target!.OnRequestFinished((IRequest)state, task);

    private readonly Lock _lock = new();
    private readonly Queue<Task> _turns = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _dispatchScheduled;
    private Queue<IRequest>? _pending;
    private List<IRequest>? _inFlight;
    private bool _inFlightAreReadOnly;
    private ActivationState _state = ActivationState.Activating;
    private DeactivationReason? _deactivationReason;
    private bool _deactivationStarted;
    private int _activationStarted;
    private object? _grain;
    private List<IPersistentStateLoader>? _states;
    private List<GrainTimer>? _timers;
    private long _idleSinceTimestamp = Stopwatch.GetTimestamp();

    public ActivationData(GrainRuntime runtime, GrainId grainId, GrainClassInfo grainClass)
    {
        Runtime = runtime;
        GrainId = grainId;
        Class = grainClass;
    }

    /// <summary>The activation whose turn runs on this thread, if any.</summary>
    public static ActivationData? Running => t_running;

    /// <summary>The activation whose grain is being constructed on this thread, if any.</summary>
    public static ActivationData? Constructing => t_constructing;

    public GrainRuntime Runtime { get; }

    public GrainId GrainId { get; }

    public GrainClassInfo Class { get; }

    /// <summary>Completes once the activation is gone, deactivated or failed to activate.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Who waits on the single request running here; unknown (null) while several interleave.</summary>
    public CallChain? UpstreamChain { get; private set; }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending?.Count ?? 0;
            }
        }
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts activation once; the caller is the one whose directory insert won.</summary>
    public void EnsureActivating()
    {
        if (Interlocked.Exchange(ref _activationStarted, 1) == 0)
        {
            _ = Task.Factory.StartNew(static state => ((ActivationData)state!).ActivateAsync(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
        }
    }

    /// <summary>Admits or queues a request. False when the activation is gone and the caller must resolve a new one.</summary>
    public bool TryEnqueue(IRequest request)
    {
        GrainCallCycleException? cycle = null;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            if (_state == ActivationState.Valid && CanStart(request))
            {
                Admit(request);
                return true;
            }

            if (request.Chain?.Contains(this) == true)
            {
                cycle = new GrainCallCycleException($"Call cycle: {request.Chain} -> {GrainId} would wait on itself ({request.Describe()}). Mark the grain [Reentrant] or the method [AlwaysInterleave], or break the cycle.");
            }
            else
            {
                (_pending ??= new Queue<IRequest>()).Enqueue(request);
            }
        }

        if (cycle is not null)
        {
            request.TryFail(cycle);
        }

        return true;
    }

    /// <summary>Admits the request only if it can start right away; the stateless-worker pool uses it to find an idle worker.</summary>
    public bool TryStartIfIdle(IRequest request)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _inFlight is { Count: > 0 } || _pending is { Count: > 0 })
            {
                return false;
            }

            Admit(request);
            return true;
        }
    }

    /// <summary>Outstanding requests, a measure of load for the stateless-worker pool.</summary>
    public int Load
    {
        get
        {
            lock (_lock)
            {
                return (_inFlight?.Count ?? 0) + (_pending?.Count ?? 0);
            }
        }
    }

    /// <summary>Deactivates once no request is in flight. Requests that arrive meanwhile go to the next activation.</summary>
    public void Deactivate(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_deactivationReason is not null || _state == ActivationState.Invalid)
            {
                return;
            }

            _deactivationReason = reason;
            if (_state == ActivationState.Valid)
            {
                _state = ActivationState.Deactivating;
                StartDeactivationIfQuiet();
            }
        }
    }

    /// <summary>Fails requests older than the cutoff that nobody completed; a running one keeps running, its caller stops waiting.</summary>
    public void ExpireRequests(long cutoffTimestamp, TimeSpan timeout)
    {
        List<IRequest>? expired = null;
        lock (_lock)
        {
            Collect(_pending, cutoffTimestamp, ref expired);
            Collect(_inFlight, cutoffTimestamp, ref expired);
        }

        foreach (var request in expired ?? [])
        {
            if (request.TryFail(new TimeoutException($"Call {request.Describe()} timed out after {timeout}.")))
            {
                Runtime.Metrics.TimedOut();
            }
        }

        static void Collect(IEnumerable<IRequest>? requests, long cutoff, ref List<IRequest>? expired)
        {
            foreach (var request in requests ?? [])
            {
                if (request.CreatedTimestamp < cutoff && request.ForwardTo is not null && !request.IsDone)
                {
                    (expired ??= []).Add(request);
                }
            }
        }
    }

    /// <summary>Whether the activation has been idle, with nothing in flight or queued, since before the timestamp.</summary>
    public bool IsIdleSince(long timestamp)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && _inFlight is not { Count: > 0 } && _pending is not { Count: > 0 } && _idleSinceTimestamp < timestamp;
        }
    }

    public void AddState(IPersistentStateLoader state) => (_states ??= []).Add(state);

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _turns.Enqueue(task);
            if (_dispatchScheduled)
            {
                return;
            }

            _dispatchScheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        ReferenceEquals(t_running, this) && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return [.. _turns];
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        t_running = this;
        try
        {
            for (var i = 0; i < TurnsPerDispatch; i++)
            {
                Task? turn;
                lock (_lock)
                {
                    if (!_turns.TryDequeue(out turn))
                    {
                        _dispatchScheduled = false;
                        return;
                    }
                }

                TryExecuteTask(turn);
            }
        }
        finally
        {
            t_running = null;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private bool CanStart(IRequest request)
    {
        if (_inFlight is not { Count: > 0 } || request.AlwaysInterleave || Class.IsReentrant)
        {
            return true;
        }

        // Readers join readers only while no writer queues behind them, so a stream of reads cannot starve a write.
        return request.IsReadOnly && _inFlightAreReadOnly && _pending is not { Count: > 0 };
    }

    /// <summary>Marks the request running and schedules its first turn. Called under the lock.</summary>
    private void Admit(IRequest request)
    {
        _inFlight ??= new List<IRequest>(1);
        _inFlightAreReadOnly = (_inFlight.Count == 0 || _inFlightAreReadOnly) && request.IsReadOnly;
        _inFlight.Add(request);
        UpstreamChain = _inFlight.Count == 1 ? request.Chain : null;
        request.Target = this;
        _ = Task.Factory.StartNew(RunRequestAction, request, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
    }

    private void RunRequest(IRequest request)
    {
        var started = Runtime.Metrics.RequestStarted();
        Task? execution;
        try
        {
            execution = request.Execute(_grain!);
        }
        catch (Exception exception)
        {
            execution = Task.FromException(exception);
        }

        if (execution is null || execution.IsCompleted)
        {
            OnRequestFinished(request, execution);
        }
        else
        {
            execution.ContinueWith(RequestFinishedAction, request, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, Default);
        }

        Runtime.Metrics.RequestFinished(started);
    }

    private void OnRequestFinished(IRequest request, Task? execution)
    {
        // Bookkeeping first: a caller resumed by Complete may call again at once and should find this activation free.
        lock (_lock)
        {
            _inFlight!.Remove(request);
            if (_inFlight.Count == 0)
            {
                UpstreamChain = null;
                if (request.ForwardTo is not null)
                {
                    _idleSinceTimestamp = Stopwatch.GetTimestamp();
                }
            }

            if (_state == ActivationState.Valid)
            {
                AdmitPending();
            }
            else
            {
                StartDeactivationIfQuiet();
            }
        }

        request.Complete(execution);
    }

    /// <summary>Starts queued requests that may run now. Called under the lock.</summary>
    private void AdmitPending()
    {
        while (_pending is { Count: > 0 })
        {
            var next = _pending.Peek();
            if (next.IsDone)
            {
                _pending.Dequeue();
                continue;
            }

            if (!CanStartQueued(next))
            {
                return;
            }

            _pending.Dequeue();
            Admit(next);
        }
    }

    private bool CanStartQueued(IRequest request) =>
        _inFlight is not { Count: > 0 } || request.AlwaysInterleave || Class.IsReentrant || (request.IsReadOnly && _inFlightAreReadOnly);

    private async Task ActivateAsync()
    {
        try
        {
            t_constructing = this;
            try
            {
                _grain = Runtime.CreateGrain(this);
            }
            finally
            {
                t_constructing = null;
            }

            foreach (var state in _states ?? [])
            {
                await state.LoadAsync();
            }

            await ((Grain)_grain).OnActivateAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            FailActivation(exception);
            return;
        }

        Runtime.Metrics.Activated();
        lock (_lock)
        {
            if (_deactivationReason is not null)
            {
                _state = ActivationState.Deactivating;
                StartDeactivationIfQuiet();
            }
            else
            {
                _state = ActivationState.Valid;
                AdmitPending();
            }
        }
    }

    private void FailActivation(Exception exception)
    {
        Runtime.Logger.LogWarning(exception, "Activating {GrainId} failed", GrainId);
        var error = exception as GrainActivationException
            ?? new GrainActivationException($"Activating {GrainId} failed: {exception.Message}", exception);
        var orphans = Invalidate();
        foreach (var request in orphans)
        {
            request.TryFail(error);
        }
    }

    /// <summary>Called under the lock: once the last request is done, the deactivation turn runs.</summary>
    private void StartDeactivationIfQuiet()
    {
        if (_state != ActivationState.Deactivating || _deactivationStarted || _inFlight is { Count: > 0 })
        {
            return;
        }

        _deactivationStarted = true;
        _ = Task.Factory.StartNew(static state => ((ActivationData)state!).DeactivateAsync(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);
    }

    private async Task DeactivateAsync()
    {
        List<GrainTimer> timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        try
        {
            await ((Grain)_grain!).OnDeactivateAsync(_deactivationReason!.Value, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Runtime.Logger.LogError(exception, "OnDeactivateAsync of {GrainId} failed", GrainId);
        }

        Runtime.Metrics.Deactivated();
        foreach (var request in Invalidate())
        {
            if (request.ForwardTo is not { } reference)
            {
                continue;
            }

            try
            {
                Runtime.Dispatch(reference, request);
            }
            catch (InvalidOperationException exception)
            {
                // The silo is stopping: no successor activation will take the request.
                request.TryFail(exception);
            }
        }
    }

    /// <summary>Leaves the directory and hands back whatever was queued, for the caller to forward or fail.</summary>
    private List<IRequest> Invalidate()
    {
        List<IRequest> orphans;
        lock (_lock)
        {
            Runtime.RemoveActivation(this);
            _state = ActivationState.Invalid;
            orphans = _pending is null ? [] : [.. _pending];
            _pending = null;
        }

        _deactivated.TrySetResult();
        return orphans;
    }
}
