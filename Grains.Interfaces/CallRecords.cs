namespace EmoteCare.Grains.Interfaces;

/// <summary>Which side of a session's call: the two participants, and the only two who may signal each other.</summary>
[GenerateSerializer, Alias("emotecare.CallRole")]
public enum CallRole
{
    /// <summary>The session's patient.</summary>
    Patient,

    /// <summary>The therapist who runs the session.</summary>
    Therapist,
}

/// <summary>What a call message carries: WebRTC signalling (offer, answer, ICE candidate) or a participant joining or leaving.</summary>
[GenerateSerializer, Alias("emotecare.CallMessageKind")]
public enum CallMessageKind
{
    /// <summary>An SDP offer; the therapist's page makes every offer.</summary>
    Offer,

    /// <summary>An SDP answer to an offer of the same call.</summary>
    Answer,

    /// <summary>An ICE candidate of the same call.</summary>
    Candidate,

    /// <summary>The sender joined the call (a page opened, reloaded or reconnected).</summary>
    Joined,

    /// <summary>The sender hung up or lost access to the session.</summary>
    Left,
}

/// <summary>
/// One signalling message between the two participants of a live session, relayed by the session grain to every node's
/// relay and from there to the addressee's connections. Media never take this path: they go peer to peer (or through a
/// TURN relay) and are never seen or stored by the server.
/// </summary>
/// <param name="SessionId">The session whose call this belongs to.</param>
/// <param name="To">The participant it is for.</param>
/// <param name="Kind">What it carries.</param>
/// <param name="CallId">The peer connection it belongs to, chosen by the offering page; for <see cref="CallMessageKind.Joined"/>, the call the joining page still has running, if any.</param>
/// <param name="Sdp">The session description of an offer or answer.</param>
/// <param name="Candidate">The ICE candidate line of a candidate message.</param>
/// <param name="SdpMid">The media section the candidate belongs to.</param>
/// <param name="SdpMLineIndex">The index of that media section.</param>
[GenerateSerializer, Immutable, Alias("emotecare.CallMessage")]
public sealed record CallMessage(
    [Id(0)] string SessionId,
    [Id(1)] CallRole To,
    [Id(2)] CallMessageKind Kind,
    [Id(3)] string? CallId,
    [Id(4)] string? Sdp,
    [Id(5)] string? Candidate,
    [Id(6)] string? SdpMid,
    [Id(7)] int? SdpMLineIndex);
