using EmoteCare.Runtime.Hosting;
using EmoteCare.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Runtime.Tests;

internal static class Cluster
{
    public static Task<InProcessTestCluster> StartAsync(
        Journal? journal = null,
        Gates? gates = null,
        IGrainStorage? storage = null,
        Action<GrainRuntimeOptions>? options = null) =>
        InProcessTestCluster.StartAsync(
            runtime =>
            {
                runtime.AddGrainAssembly(typeof(Cluster).Assembly).AddStorage(storage ?? new MemoryGrainStorage());
                runtime.Configure(o =>
                {
                    o.MaintenancePeriod = TimeSpan.FromMilliseconds(50);
                    options?.Invoke(o);
                });
            },
            services => services.AddSingleton(journal ?? new Journal()).AddSingleton(gates ?? new Gates()));
}
