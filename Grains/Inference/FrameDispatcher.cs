using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>What became of a submitted frame.</summary>
public enum FrameAdmission
{
    /// <summary>Queued for the next batch.</summary>
    Queued,

    /// <summary>Queued in place of an older frame of the same session, which is dropped and counted.</summary>
    ReplacedOlder,

    /// <summary>Refused: larger than <see cref="FrameDispatcherOptions.MaxFrameBytes"/> or empty.</summary>
    RefusedSize,

    /// <summary>Refused: too many sessions already have a frame waiting.</summary>
    RefusedOverload,
}

/// <summary>A frame waiting for an inference worker. The bytes are only read by the worker, never stored.</summary>
public readonly record struct PendingFrame(string SessionId, ReadOnlyMemory<byte> Image, long Epoch, long Sequence, long CapturedAtUnixMs, int DroppedBefore);

/// <summary>
/// The silo's frame queue: the latest pending frame per session wins, so memory is bounded by the number of sessions and
/// a slow pipeline drops stale frames instead of building latency. A session's frames go to one worker at a time, in
/// order, so face tracking and the session's aggregates see them in capture order.
/// </summary>
public sealed class FrameDispatcher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Queue<string> _ready = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly FrameDispatcherOptions _options;
    private readonly TimeProvider _time;
    private long _oldestReadyTimestamp;
    private long _dropped;
    private long _refused;

    /// <summary>Creates the dispatcher.</summary>
    public FrameDispatcher(IOptions<FrameDispatcherOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>Frames replaced by a newer frame of their session before a worker took them.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Frames refused for size or overload.</summary>
    public long RefusedFrames => Interlocked.Read(ref _refused);

    /// <summary>Sessions with a frame waiting.</summary>
    public int PendingSessions
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Whether a frame of <paramref name="length"/> bytes is within the size limit, so ingest can refuse one before spending anything on it.</summary>
    public bool FitsSizeLimit(int length) => length > 0 && length <= _options.MaxFrameBytes;

    /// <summary>Queues a frame of a session, replacing its pending frame if it has one.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="image">The frame's bytes; read by a worker, never stored.</param>
    /// <param name="epoch">The stream it belongs to (<see cref="Interfaces.ITherapySessionGrain.OpenStream"/>).</param>
    /// <param name="sequence">Its number within the stream.</param>
    /// <param name="capturedAtUnixMs">Its capture time, Unix milliseconds.</param>
    public FrameAdmission Submit(string sessionId, ReadOnlyMemory<byte> image, long epoch, long sequence, long capturedAtUnixMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (!FitsSizeLimit(image.Length))
        {
            Interlocked.Increment(ref _refused);
            return FrameAdmission.RefusedSize;
        }

        bool wake;
        lock (_lock)
        {
            if (_slots.TryGetValue(sessionId, out var slot) && slot.HasFrame)
            {
                slot.Frame = new PendingFrame(sessionId, image, epoch, sequence, capturedAtUnixMs, slot.Frame.DroppedBefore + 1);
                Interlocked.Increment(ref _dropped);
                return FrameAdmission.ReplacedOlder;
            }

            if (_ready.Count >= _options.MaxPendingSessions)
            {
                Interlocked.Increment(ref _refused);
                return FrameAdmission.RefusedOverload;
            }

            if (slot is null)
            {
                slot = new Slot();
                _slots.Add(sessionId, slot);
            }

            slot.Frame = new PendingFrame(sessionId, image, epoch, sequence, capturedAtUnixMs, DroppedBefore: 0);
            slot.HasFrame = true;
            wake = MakeReady(sessionId, slot);
        }

        if (wake)
        {
            _signal.Release();
        }

        return FrameAdmission.Queued;
    }

    /// <summary>
    /// Waits until a batch is worth taking: <see cref="FrameDispatcherOptions.MaxBatchSize"/> sessions ready, or the
    /// oldest ready frame has waited <see cref="FrameDispatcherOptions.MaxBatchWait"/>.
    /// </summary>
    public async Task WaitForBatchAsync(CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(cancellationToken);
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                if (_ready.Count == 0 || _ready.Count >= _options.MaxBatchSize)
                {
                    return;
                }

                wait = _options.MaxBatchWait - _time.GetElapsedTime(_oldestReadyTimestamp);
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Takes up to <see cref="FrameDispatcherOptions.MaxBatchSize"/> frames, one per session, oldest sessions first.</summary>
    /// <returns>How many frames were written to <paramref name="batch"/>.</returns>
    public int TakeBatch(Span<PendingFrame> batch)
    {
        var count = 0;
        lock (_lock)
        {
            var limit = Math.Min(batch.Length, _options.MaxBatchSize);
            while (count < limit && _ready.TryDequeue(out var sessionId))
            {
                var slot = _slots[sessionId];
                if (!slot.HasFrame)
                {
                    // Discarded while it waited.
                    _slots.Remove(sessionId);
                    continue;
                }

                batch[count++] = slot.Frame;
                slot.Frame = default;
                slot.HasFrame = false;
                slot.InFlight = true;
            }

            if (_ready.Count > 0)
            {
                _oldestReadyTimestamp = _time.GetTimestamp();
                _signal.Release();
            }
        }

        return count;
    }

    /// <summary>Marks a session's frame as done, releasing the session's next frame to the workers.</summary>
    public void Complete(string sessionId)
    {
        bool wake = false;
        lock (_lock)
        {
            if (!_slots.TryGetValue(sessionId, out var slot))
            {
                return;
            }

            slot.InFlight = false;
            if (slot.HasFrame)
            {
                wake = MakeReady(sessionId, slot);
            }
            else
            {
                _slots.Remove(sessionId);
            }
        }

        if (wake)
        {
            _signal.Release();
        }
    }

    /// <summary>Forgets a session's pending frame (consent withdrawn, session ended).</summary>
    public void Discard(string sessionId)
    {
        lock (_lock)
        {
            if (_slots.TryGetValue(sessionId, out var slot) && slot.HasFrame)
            {
                slot.HasFrame = false;
                slot.Frame = default;
            }
        }
    }

    /// <summary>Queues a session for the workers unless one is processing its previous frame. Called under the lock.</summary>
    private bool MakeReady(string sessionId, Slot slot)
    {
        if (slot.InFlight)
        {
            return false;
        }

        if (_ready.Count == 0)
        {
            _oldestReadyTimestamp = _time.GetTimestamp();
        }

        _ready.Enqueue(sessionId);
        return _ready.Count == 1;
    }

    private sealed class Slot
    {
        public PendingFrame Frame;
        public bool HasFrame;
        public bool InFlight;
    }
}
