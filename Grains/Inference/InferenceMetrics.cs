using System.Diagnostics.Metrics;
using EmoteCare.Vision.Pipeline;

namespace EmoteCare.Grains.Inference;

/// <summary>Inference instruments under the meter <c>EmoteCare.Inference</c>: frames, rejections and time per stage.</summary>
public sealed class InferenceMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _rejected;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _stage;

    /// <summary>Creates the instruments; <paramref name="dispatcher"/> supplies the drop counts.</summary>
    public InferenceMetrics(IMeterFactory meterFactory, FrameDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create("EmoteCare.Inference");
        _frames = _meter.CreateCounter<long>("emotecare.inference.frames", description: "Frames analysed.");
        _rejected = _meter.CreateCounter<long>("emotecare.inference.rejected", description: "Frames rejected as not decodable or too large.");
        _batchSize = _meter.CreateHistogram<int>("emotecare.inference.batch_size", description: "Frames per inference batch.");
        _stage = _meter.CreateHistogram<double>("emotecare.inference.stage_duration", unit: "ms", description: "Time per frame in each pipeline stage.");
        _meter.CreateObservableCounter("emotecare.inference.dropped", () => dispatcher.DroppedFrames, description: "Frames replaced by a newer frame of their session before analysis.");
        _meter.CreateObservableCounter("emotecare.inference.refused", () => dispatcher.RefusedFrames, description: "Frames refused for size or overload.");
    }

    internal void RecordBatch(IReadOnlyList<FrameResult> results)
    {
        _frames.Add(results.Count);
        _batchSize.Record(results.Count);
        if (!_stage.Enabled && !_rejected.Enabled)
        {
            return;
        }

        foreach (var result in results)
        {
            if (result.Rejection != FrameRejection.None)
            {
                _rejected.Add(1);
                continue;
            }

            _stage.Record(result.Timings.DecodeMicroseconds / 1000.0, new KeyValuePair<string, object?>("stage", "decode"));
            _stage.Record(result.Timings.DetectMicroseconds / 1000.0, new KeyValuePair<string, object?>("stage", "detect"));
            _stage.Record(result.Timings.ClassifyMicroseconds / 1000.0, new KeyValuePair<string, object?>("stage", "classify"));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
