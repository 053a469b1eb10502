using EmoteCare.Runtime.Core;
using EmoteCare.Runtime.Storage;
using Microsoft.Extensions.Hosting;

namespace EmoteCare.Runtime.Hosting;

/// <summary>Prepares storage and starts the runtime with the host; on stop, deactivates every grain so state is persisted.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime, IEnumerable<IGrainStorageInitializer> initializers, SiloStatus status) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers.Distinct())
        {
            await initializer.InitializeAsync(cancellationToken);
        }

        runtime.Start();
        status.SetReady(true);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        status.SetReady(false);
        return runtime.StopAsync(cancellationToken);
    }
}
