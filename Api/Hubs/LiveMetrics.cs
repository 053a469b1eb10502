using System.Diagnostics.Metrics;

namespace EmoteCare.Api.Hubs;

/// <summary>Frame ingest counters under the meter <c>EmoteCare.Live</c>, tagged with the outcome.</summary>
public sealed class LiveMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _frames;

    /// <summary>Creates the instruments.</summary>
    public LiveMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create("EmoteCare.Live");
        _frames = _meter.CreateCounter<long>("emotecare.live.frames", description: "Frames received from patients, by outcome.");
    }

    /// <summary>Counts a frame handed to the dispatcher; returns the outcome for the caller.</summary>
    public string Accepted(string outcome) => Count(outcome);

    /// <summary>Counts a dropped frame; returns the outcome for the caller.</summary>
    public string Dropped(string outcome) => Count(outcome);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private string Count(string outcome)
    {
        _frames.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        return outcome;
    }
}
