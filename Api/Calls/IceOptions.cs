namespace EmoteCare.Api.Calls;

/// <summary>
/// The ICE servers the call pages use (configuration section <c>Live:Ice</c>). With none, peers connect only where they
/// reach each other directly (the same network); a STUN server finds addresses through NAT, a TURN server relays the
/// media where nothing else gets through. No server is contacted by default: a third party's STUN server would learn
/// who is in a session with whom.
/// </summary>
public sealed class IceOptions
{
    /// <summary>STUN servers (<c>stun:host:port</c>), given to every participant as they are.</summary>
    public List<string> StunUrls { get; set; } = [];

    /// <summary>
    /// TURN servers (<c>turn:host:port?transport=udp</c>, <c>turns:...</c>), sharing <see cref="TurnSecret"/>. Each
    /// participant gets credentials of its own that expire (coturn's <c>use-auth-secret</c>, the TURN REST API scheme).
    /// </summary>
    public List<string> TurnUrls { get; set; } = [];

    /// <summary>
    /// The secret shared with the TURN server (coturn's <c>static-auth-secret</c>); the Api signs credentials with it and
    /// never logs it or sends it anywhere. At least <see cref="MinTurnSecretLength"/> characters.
    /// </summary>
    public string? TurnSecret { get; set; }

    /// <summary>
    /// How long issued TURN credentials work (default four hours). The TURN server refuses expired ones for every new
    /// allocation (an ICE restart after a network change, a new call after a failed one), so the call pages renew them
    /// before they expire (<see cref="IceServerIssuer.RenewalDelay"/>) and restart ICE with the new ones; a page that joins
    /// again gets new ones too.
    /// </summary>
    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Send media only through the TURN relay (<c>iceTransportPolicy: 'relay'</c>): neither participant learns the
    /// other's IP address, at the cost of relaying every call. Needs <see cref="TurnUrls"/>.
    /// </summary>
    public bool RelayOnly { get; set; }

    /// <summary>Shortest <see cref="TurnSecret"/> accepted: a short one could be guessed from issued credentials.</summary>
    public const int MinTurnSecretLength = 16;

    /// <summary>What is wrong with these settings, in words; null when they are usable.</summary>
    public string? Problem()
    {
        if (StunUrls.FirstOrDefault(url => !HasScheme(url, "stun:", "stuns:")) is { } stun)
        {
            return $"Live:Ice:StunUrls holds '{stun}', which is no stun: or stuns: URL.";
        }

        if (TurnUrls.FirstOrDefault(url => !HasScheme(url, "turn:", "turns:")) is { } turn)
        {
            return $"Live:Ice:TurnUrls holds '{turn}', which is no turn: or turns: URL.";
        }

        if (TurnUrls.Count > 0 && (TurnSecret is null || TurnSecret.Length < MinTurnSecretLength))
        {
            return $"Live:Ice:TurnUrls needs Live:Ice:TurnSecret, the TURN server's static-auth-secret, of at least {MinTurnSecretLength} characters.";
        }

        if (TurnCredentialLifetime <= TimeSpan.Zero)
        {
            return "Live:Ice:TurnCredentialLifetime must be positive.";
        }

        return RelayOnly && TurnUrls.Count == 0 ? "Live:Ice:RelayOnly needs a TURN server in Live:Ice:TurnUrls." : null;
    }

    private static bool HasScheme(string url, params string[] schemes) =>
        url.Length > 0 && schemes.Any(scheme => url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) && !url.Any(char.IsWhiteSpace);
}
