using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EmoteCare.Runtime.Core;

/// <summary>The runtime's instruments, published under the meter <see cref="MeterName"/>.</summary>
internal sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "EmoteCare.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _activations;
    private readonly Counter<long> _deactivations;
    private readonly Counter<long> _timeouts;
    private readonly Histogram<double> _turnDuration;

    public RuntimeMetrics(IMeterFactory meterFactory, Func<long> activeCount, Func<long> queueDepth)
    {
        _meter = meterFactory.Create(MeterName);
        _calls = _meter.CreateCounter<long>("emotecare.grain.calls", description: "Grain calls sent.");
        _activations = _meter.CreateCounter<long>("emotecare.grain.activations", description: "Activations that completed OnActivateAsync.");
        _deactivations = _meter.CreateCounter<long>("emotecare.grain.deactivations", description: "Activations deactivated.");
        _timeouts = _meter.CreateCounter<long>("emotecare.grain.call_timeouts", description: "Calls whose callers stopped waiting after the call timeout.");
        _turnDuration = _meter.CreateHistogram<double>("emotecare.grain.turn_duration", unit: "ms", description: "Time a request's first turn held its activation.");
        _meter.CreateObservableUpDownCounter("emotecare.grain.active", activeCount, description: "Activations alive now.");
        _meter.CreateObservableGauge("emotecare.grain.queue_depth", queueDepth, description: "Requests waiting for their activation.");
    }

    public void CallSent() => _calls.Add(1);

    public void Activated() => _activations.Add(1);

    public void Deactivated() => _deactivations.Add(1);

    public void TimedOut() => _timeouts.Add(1);

    /// <summary>A timestamp when anyone listens to turn durations, else zero so the hot path skips the clock.</summary>
    public long RequestStarted() => _turnDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void RequestFinished(long startedTimestamp)
    {
        if (startedTimestamp != 0)
        {
            _turnDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
        }
    }

    public void Dispose() => _meter.Dispose();
}
