using System.Net;
using System.Net.Sockets;
using EmoteCare.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace EmoteCare.Bench;

/// <summary>An Orleans silo in this process on free localhost ports, for the grain benchmarks.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host, int siloPort)
    {
        _host = host;
        SiloPort = siloPort;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
        Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public IGrainFactory GrainFactory { get; }

    public SiloAddress Address { get; }

    public int SiloPort { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>A single silo with localhost clustering; <paramref name="configure"/> adds storage.</summary>
    public static Task<BenchSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        return StartAsync(siloPort, silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            configure(silo);
        });
    }

    /// <summary>
    /// A silo composed the way the Api composes its own (<see cref="SiloBuilderExtensions.AddEmoteCareSilo"/>) from
    /// <paramref name="settings"/>, with localhost clustering on free ports; <paramref name="primary"/>, when given,
    /// is the first silo's endpoint, which this one joins.
    /// </summary>
    public static Task<BenchSilo> StartEmoteCareAsync(IDictionary<string, string?> settings, IPEndPoint? primary = null)
    {
        var siloPort = FreePort();
        var all = new Dictionary<string, string?>(settings)
        {
            ["Orleans:Clustering"] = "Localhost",
            ["Orleans:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).AddEnvironmentVariables().Build();
        return StartAsync(siloPort, silo =>
        {
            silo.AddEmoteCareSilo(configuration);
            if (primary is not null)
            {
                silo.Configure<DevelopmentClusterMembershipOptions>(o => o.PrimarySiloEndpoint = primary);
            }
        });
    }

    private static async Task<BenchSilo> StartAsync(int siloPort, Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(configure);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, siloPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
