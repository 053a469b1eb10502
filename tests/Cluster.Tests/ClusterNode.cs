using EmoteCare.Api.Tests;

namespace EmoteCare.Cluster.Tests;

/// <summary>One process of the test cluster: an Api node (HTTP, SignalR and a co-hosted silo) or the standalone silo.</summary>
internal sealed class ClusterNode(string name, int siloPort, int gatewayPort) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>The silo-to-silo port: how the cluster's own answers (the membership, a grain's address) name this node.</summary>
    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    public ApiProcess? Api { get; set; }

    public ChildProcess? Silo { get; set; }

    /// <summary>The node's HTTP address; null for the standalone silo, which serves no clients.</summary>
    public Uri? BaseAddress => Api?.BaseAddress;

    public bool Killed { get; private set; }

    public string Output => Api?.Output ?? Silo?.Output ?? "";

    /// <summary>SIGKILL (<c>kill -9</c>): the process gets no chance to leave the cluster or write anything.</summary>
    public void Kill()
    {
        Killed = true;
        if (Api is not null)
        {
            Api.Kill();
        }
        else
        {
            Silo?.Kill();
        }
    }

    public string OutputTail(int lines)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
    }

    public override string ToString() => $"{Name} (silo port {SiloPort}{(BaseAddress is null ? "" : $", {BaseAddress}")})";

    public async ValueTask DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
