using Microsoft.Extensions.Logging;

namespace EmoteCare.Runtime.Core;

/// <summary>
/// A timer whose ticks enter the activation like requests, so a tick never overlaps grain code (unless it interleaves by
/// choice). The next tick is armed only after the callback finishes: a slow callback delays the timer, never stacks it.
/// </summary>
internal sealed class GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerOptions options) : IGrainTimer, IRequest
{
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private TimeSpan _period = options.Period;
    private bool _disposed;

    public ActivationData? Target { get; set; }

    public CallChain? Chain => null;

    public bool IsReadOnly => false;

    public bool AlwaysInterleave => options.Interleave;

    public GrainReference? ForwardTo => null;

    public long CreatedTimestamp => long.MaxValue;

    public bool IsDone => false;

    public void Start()
    {
        lock (_lock)
        {
            _timer = activation.Runtime.Time.CreateTimer(static state => ((GrainTimer)state!).OnTick(), this, options.DueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _period = period;
            _timer!.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
        }

        activation.RemoveTimer(this);
    }

    public string Describe() => $"{activation.GrainId} timer";

    public Task? Execute(object grain) => callback(CancellationToken.None);

    public void Complete(Task? execution)
    {
        if (execution is { IsFaulted: true })
        {
            activation.Runtime.Logger.LogError(execution.Exception, "Timer callback of {GrainId} failed", activation.GrainId);
        }

        lock (_lock)
        {
            if (!_disposed && _period != Timeout.InfiniteTimeSpan)
            {
                _timer!.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public bool TryFail(Exception exception) => false;

    private void OnTick()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
        }

        if (!activation.TryEnqueue(this))
        {
            Dispose();
        }
    }
}
