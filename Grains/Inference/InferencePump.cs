using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Faces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>
/// Keeps the inference workers busy: one loop per worker waits for a batch to be worth taking and asks the stateless
/// worker pool to process it, so the pool grows to one activation per loop.
/// </summary>
internal sealed class InferencePump(FrameDispatcher dispatcher, FaceTrackStore tracks, IGrainFactory grains, IOptions<FrameDispatcherOptions> options, TimeProvider time, ILogger<InferencePump> logger) : BackgroundService
{
    /// <summary>A session whose frames stopped this long ago (ended, or the patient left) loses its face-tracking state.</summary>
    private static readonly TimeSpan TrackIdleLimit = TimeSpan.FromMinutes(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.WorkerCount).Select(_ => PumpAsync(stoppingToken)).Append(EvictIdleTracksAsync(stoppingToken)));

    private async Task EvictIdleTracksAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TrackIdleLimit / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                tracks.EvictIdle(TrackIdleLimit);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PumpAsync(CancellationToken stoppingToken)
    {
        var worker = grains.GetGrain<IInferenceWorkerGrain>(IInferenceWorkerGrain.LocalKey);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.WaitForBatchAsync(stoppingToken);
                await worker.ProcessPendingBatch();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "An inference batch failed");
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
            }
        }
    }
}
