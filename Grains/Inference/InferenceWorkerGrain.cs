using EmoteCare.Grains.Interfaces;
using Orleans.Concurrency;
using EmoteCare.Vision.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>
/// Analyses batches of frames across sessions. Each activation owns a frame pipeline (its own ONNX Runtime session) and
/// buffers sized for one batch, reused from batch to batch.
/// </summary>
[StatelessWorker]
public sealed class InferenceWorkerGrain : Grain, IInferenceWorkerGrain
{
    private readonly FrameDispatcher _dispatcher;
    private readonly FramePipelineFactory _pipelines;
    private readonly InferenceMetrics _metrics;
    private readonly ILogger<InferenceWorkerGrain> _logger;
    private readonly PendingFrame[] _taken;
    private readonly FrameInput[] _inputs;
    private readonly Task[] _deliveries;
    private FramePipeline? _pipeline;

    /// <summary>Creates the worker; the runtime calls this.</summary>
    public InferenceWorkerGrain(FrameDispatcher dispatcher, FramePipelineFactory pipelines, InferenceMetrics metrics, IOptions<FrameDispatcherOptions> options, ILogger<InferenceWorkerGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dispatcher = dispatcher;
        _pipelines = pipelines;
        _metrics = metrics;
        _logger = logger;
        _taken = new PendingFrame[options.Value.MaxBatchSize];
        _inputs = new FrameInput[options.Value.MaxBatchSize];
        _deliveries = new Task[options.Value.MaxBatchSize];
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pipeline = _pipelines.Create();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pipeline?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<int> ProcessPendingBatch()
    {
        var count = _dispatcher.TakeBatch(_taken);
        if (count == 0)
        {
            return 0;
        }

        try
        {
            for (var i = 0; i < count; i++)
            {
                var frame = _taken[i];
                _inputs[i] = new FrameInput(frame.SessionId, frame.Image, frame.Sequence, frame.CapturedAtUnixMs);
            }

            var results = _pipeline!.Process(_inputs.AsSpan(0, count));
            _metrics.RecordBatch(results);

            // The dispatcher hands out one frame per session per batch, so this is one call per session per batch.
            for (var i = 0; i < count; i++)
            {
                _deliveries[i] = DeliverAsync(results[i], _taken[i].Epoch, _taken[i].DroppedBefore);
            }

            await Task.WhenAll(_deliveries.AsSpan(0, count));
            return count;
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                _dispatcher.Complete(_taken[i].SessionId);
                _taken[i] = default;
                _inputs[i] = default;
                _deliveries[i] = null!;
            }
        }
    }

    private async Task DeliverAsync(FrameResult result, long epoch, int droppedBefore)
    {
        try
        {
            var receipt = await GrainFactory.GetGrain<ITherapySessionGrain>(result.SessionId)
                .RecordObservations(new ObservationBatch([ToObservation(result, epoch)], droppedBefore));
            if (receipt.Outcome != ObservationOutcome.Recorded)
            {
                // Analysis is off or the session is not live: frames still queued for it would be ignored anyway.
                _dispatcher.Discard(result.SessionId);
            }
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Delivering frame {Sequence} to session {SessionId} failed", result.Sequence, result.SessionId);
        }
    }

    internal static FrameObservation ToObservation(FrameResult result, long epoch)
    {
        var capturedAt = DateTimeOffset.FromUnixTimeMilliseconds(result.TimestampMs);
        if (result.Rejection != FrameRejection.None)
        {
            return new FrameObservation(result.Sequence, capturedAt, FacePresent: false, Probabilities: null, Confidence: 0, FrameQuality.Rejected, epoch);
        }

        if (result.Faces.Count == 0)
        {
            return new FrameObservation(result.Sequence, capturedAt, FacePresent: false, Probabilities: null, Confidence: 0, FrameQuality.NoFace, epoch);
        }

        var face = result.Faces[0];
        return new FrameObservation(result.Sequence, capturedAt, FacePresent: true, face.Probabilities.ToArray(), face.Confidence, result.Quality, epoch);
    }
}
