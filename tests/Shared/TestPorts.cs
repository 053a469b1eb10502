using System.Net;
using System.Net.Sockets;

namespace EmoteCare.Testing;

/// <summary>Loopback ports for servers a test starts: HTTP, and each co-hosted silo's silo and gateway ports.</summary>
internal static class TestPorts
{
    /// <summary>A port free now; the OS hands out ephemeral ports in turn, so two calls do not return the same one.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
