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

/// <summary>
/// What a call message carries: WebRTC signalling (offer, answer, ICE candidate, a request to restart ICE), a participant
/// joining or leaving, or a page's seat taken by another page of the same person.
/// </summary>
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

    /// <summary>
    /// For the page whose seat in the call another page of the same side took (a second tab or device joined): the call
    /// continues there, and this page hangs up its peer connection without telling the other side.
    /// </summary>
    Replaced,

    /// <summary>
    /// The patient's page renewed its TURN credentials and asks the therapist's page, which makes every offer, to restart
    /// ICE on the same call, so that new relay allocations use them.
    /// </summary>
    RestartIce,
}

/// <summary>What the session grain made of a call request from one hub connection (<see cref="ITherapySessionGrain.TakeCallSeat"/>).</summary>
[GenerateSerializer, Alias("emotecare.CallSeatOutcome")]
public enum CallSeatOutcome
{
    /// <summary>The connection holds its side's seat; what it sent went on to the other side's seat holder.</summary>
    Seated,

    /// <summary>The session is not live: its call has not begun or is over. Nothing was passed on.</summary>
    NotLive,

    /// <summary>Another connection of the same side holds the seat (a newer tab or device); nothing was passed on.</summary>
    SeatedElsewhere,
}

/// <summary>
/// One signalling message between the two participants of a live session, relayed by the session grain to every node's
/// relay and from there to the one connection that holds the addressee's seat in the call (<see cref="ToConnection"/>). Media never take this path: they go peer to peer (or through a
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
/// <param name="ToConnection">The hub connection that holds the addressee's seat, set by the session grain: the node that has that connection delivers it, no other.</param>
[GenerateSerializer, Immutable, Alias("emotecare.CallMessage")]
public sealed record CallMessage(
    [Id(0)] string SessionId,
    [Id(1)] CallRole To,
    [Id(2)] CallMessageKind Kind,
    [Id(3)] string? CallId,
    [Id(4)] string? Sdp,
    [Id(5)] string? Candidate,
    [Id(6)] string? SdpMid,
    [Id(7)] int? SdpMLineIndex,
    [Id(8)] string? ToConnection = null);
