using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EmoteCare.Runtime.Hosting;

/// <summary>
/// A silo in the test process, like Orleans' in-process test cluster:
/// <c>await using var cluster = await InProcessTestCluster.StartAsync(r => r.AddGrainAssembly(...).UseMemoryStorage());</c>
/// </summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private InProcessTestCluster(IHost host) => _host = host;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>For calls into the cluster.</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo configured by <paramref name="configure"/>; <paramref name="services"/> adds what grains depend on.</summary>
    public static async Task<InProcessTestCluster> StartAsync(Action<GrainRuntimeBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        services?.Invoke(builder.Services);
        builder.Services.AddGrainRuntime(configure);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessTestCluster(host);
    }

    /// <summary>Stops the silo gracefully: every grain is deactivated.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
