using EmoteCare.Grains.Interfaces;
using EmoteCare.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>
/// Keeps the inference workers busy: one loop per worker waits for a batch to be worth taking and asks the stateless
/// worker pool to process it, so the pool grows to one activation per loop.
/// </summary>
internal sealed class InferencePump(FrameDispatcher dispatcher, IGrainFactory grains, IOptions<FrameDispatcherOptions> options, ILogger<InferencePump> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.WorkerCount).Select(_ => PumpAsync(stoppingToken)));

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
