using System.Net;

namespace EmoteCare.Silo;

/// <summary>How this node joins its cluster; bound from the <c>Orleans</c> section of configuration.</summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orleans";

    /// <summary>Nodes with the same cluster id against the same database form one cluster.</summary>
    public string ClusterId { get; set; } = "emotecare";

    /// <summary>Stays the same across deployments: grain state and reminders are stored under it.</summary>
    public string ServiceId { get; set; } = "emotecare";

    /// <summary><c>AdoNet</c> (membership in PostgreSQL, for several nodes) or <c>Localhost</c> (one node, no membership table).</summary>
    public string Clustering { get; set; } = "AdoNet";

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients; 0 turns the gateway off.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other nodes reach this one at; it is written to the membership table.</summary>
    public string AdvertisedIPAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Listens on every interface rather than only the advertised address (behind NAT or in containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Parses <see cref="AdvertisedIPAddress"/>, naming the setting when it is not an address.</summary>
    public IPAddress AdvertisedAddress() =>
        IPAddress.TryParse(AdvertisedIPAddress, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:{nameof(AdvertisedIPAddress)} '{AdvertisedIPAddress}' is not an IP address.");
}
