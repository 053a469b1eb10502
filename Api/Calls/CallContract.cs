using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Calls;

/// <summary>One ICE server as the browser's <c>RTCIceServer</c> takes it.</summary>
/// <param name="Urls">Its URLs.</param>
/// <param name="Username">The TURN user name; null for STUN.</param>
/// <param name="Credential">The TURN password; null for STUN.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);

/// <summary>What a participant's page learns on joining its session's call, and again on renewing its TURN credentials.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Role">Which side the caller is on.</param>
/// <param name="IceServers">STUN and TURN servers, the TURN ones with the caller's own credentials.</param>
/// <param name="RelayOnly">Whether the page must send media only through TURN (<see cref="IceOptions.RelayOnly"/>).</param>
/// <param name="CredentialsExpireAtUnixMs">When the TURN credentials stop working; null without TURN.</param>
/// <param name="RenewCredentialsInMs">
/// How long from now the page renews them (<see cref="IceServerIssuer.RenewalDelay"/>), counted on its own clock so that
/// a skewed one does not matter; null without TURN.
/// </param>
public sealed record CallJoin(string SessionId, CallRole Role, IReadOnlyList<IceServer> IceServers, bool RelayOnly, long? CredentialsExpireAtUnixMs, long? RenewCredentialsInMs);

/// <summary>A signalling message a participant's page sends to the other participant.</summary>
/// <param name="Kind">Offer, answer, candidate, or a request to restart ICE.</param>
/// <param name="CallId">The peer connection it belongs to.</param>
/// <param name="Sdp">The SDP of an offer or answer.</param>
/// <param name="Candidate">The ICE candidate line of a candidate.</param>
/// <param name="SdpMid">The candidate's media section.</param>
/// <param name="SdpMLineIndex">The candidate's media section index.</param>
public sealed record CallSignal(CallMessageKind Kind, string? CallId, string? Sdp, string? Candidate, string? SdpMid, int? SdpMLineIndex);

/// <summary>The limits of call signalling, in one place: SignalR's receive limit is sized for frames, far above these.</summary>
public static class CallLimits
{
    /// <summary>Longest SDP accepted. An audio and video offer of Chromium with all its codecs is 6-12 KB.</summary>
    public const int MaxSdpChars = 32 * 1024;

    /// <summary>Longest ICE candidate line accepted; a real one is about 150 characters.</summary>
    public const int MaxCandidateChars = 1024;

    /// <summary>Longest call id or media-section id accepted; the pages use 32 hex digits and "0", "1".</summary>
    public const int MaxIdChars = 64;

    /// <summary>Why <paramref name="signal"/> is refused, in words; null when it is well formed and within the limits.</summary>
    public static string? Problem(CallSignal? signal)
    {
        if (signal is null)
        {
            return "A call signal is missing.";
        }

        if (string.IsNullOrEmpty(signal.CallId) || signal.CallId.Length > MaxIdChars)
        {
            return $"A call signal needs a call id of 1 to {MaxIdChars} characters.";
        }

        switch (signal.Kind)
        {
            case CallMessageKind.Offer or CallMessageKind.Answer:
                if (string.IsNullOrEmpty(signal.Sdp))
                {
                    return $"An {signal.Kind.ToString().ToLowerInvariant()} needs its SDP.";
                }

                return signal.Sdp.Length > MaxSdpChars
                    ? $"The SDP is {signal.Sdp.Length} characters long; at most {MaxSdpChars} are accepted."
                    : null;
            case CallMessageKind.Candidate:
                if (signal.Candidate is null || signal.Candidate.Length > MaxCandidateChars)
                {
                    return $"A candidate needs its candidate line, of at most {MaxCandidateChars} characters.";
                }

                return signal.SdpMid is { Length: > MaxIdChars } || signal.SdpMLineIndex is < 0 or > 64
                    ? "The candidate's media section is out of range."
                    : null;
            case CallMessageKind.RestartIce:
                return null;
            default:
                return "Only offers, answers, candidates and ICE restart requests are signalled; join or leave the call with JoinCall and LeaveCall.";
        }
    }
}
