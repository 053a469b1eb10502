using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EmoteCare.Runtime.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Runtime_publishes_calls_activations_queue_depth_and_turn_duration()
    {
        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "EmoteCare.Runtime")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, 1, (_, count) => count + 1));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.Start();
        await using var cluster = await Cluster.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await cluster.GrainFactory.GetGrain<ICounterGrain>($"m{i}").Increment();
        }

        listener.RecordObservableInstruments();
        Assert.True(measured.GetValueOrDefault("emotecare.grain.calls") >= 5);
        Assert.True(measured.GetValueOrDefault("emotecare.grain.activations") >= 5);
        Assert.True(measured.GetValueOrDefault("emotecare.grain.turn_duration") >= 5);
        Assert.True(measured.ContainsKey("emotecare.grain.queue_depth"));
        Assert.True(measured.GetValueOrDefault("emotecare.grain.active") >= 5);
    }
}
