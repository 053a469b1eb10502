using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Hubs;

/// <summary>Names of the events the hub sends to clients.</summary>
public static class HubEvents
{
    /// <summary>A <c>SessionInsight</c> for watchers, at most four per second per session.</summary>
    public const string Insight = "insight";

    /// <summary>A <c>SessionAlert</c> for watchers, never held back.</summary>
    public const string Alert = "alert";

    /// <summary>An <see cref="AnalysisState"/> for the streaming patient when analysis turns on or off.</summary>
    public const string Analysis = "analysis";

    /// <summary>
    /// An <see cref="AccessRevoked"/> for a connection that lost its right to a session's feed (its watch has ended), or
    /// whose credential ended: the account's password changed, an admin disabled it, or its sign-in ended (the
    /// connection closes next).
    /// </summary>
    public const string AccessRevoked = "accessRevoked";

    /// <summary>
    /// A <c>CallMessage</c> for the connection that holds one side's seat in a session's call: the other side's signalling,
    /// joining or leaving, or, for a connection whose seat another page of the same person took, that it was replaced.
    /// </summary>
    public const string Call = "call";
}

/// <summary>Why a connection's feed, or the connection itself, was ended.</summary>
/// <param name="SessionId">The session whose feed ended; null when the whole connection ends.</param>
/// <param name="Reason">Why: the patient was unassigned, the account's password changed, the account was disabled, or the sign-in ended.</param>
/// <param name="Detail">What the person should know, in words.</param>
public sealed record AccessRevoked(string? SessionId, AccessRevocationReason Reason, string Detail);

/// <summary>Whether a session's frames are being analysed.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Active">True while the session is live and the patient consents to facial analysis.</param>
public sealed record AnalysisState(string SessionId, bool Active);

/// <summary>What a patient's client learns on joining its session to stream.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="AnalysisActive">Whether frames are analysed now.</param>
/// <param name="ServerTimeUnixMs">The server's clock when it answered: the client stamps frames with its own clock moved by the difference.</param>
/// <param name="MaxClockSkewMs">How far a frame's capture time may lie from the server's clock (<see cref="LiveOptions.MaxCaptureClockSkew"/>).</param>
public sealed record PatientJoin(string SessionId, SessionStatus Status, bool AnalysisActive, long ServerTimeUnixMs, long MaxClockSkewMs);

/// <summary>What became of a frame sent to <see cref="SessionHub.SendFrame"/>.</summary>
public static class FrameOutcomes
{
    /// <summary>Queued for analysis.</summary>
    public const string Queued = "queued";

    /// <summary>Queued in place of an older frame of the session, which was dropped.</summary>
    public const string Replaced = "replaced";

    /// <summary>Dropped: empty or above the size limit.</summary>
    public const string RefusedSize = "refused-size";

    /// <summary>Dropped: above the session's frame rate.</summary>
    public const string RefusedRate = "refused-rate";

    /// <summary>Dropped: the server has too many sessions waiting.</summary>
    public const string RefusedOverload = "refused-overload";

    /// <summary>Dropped: the session is live but the patient has not granted (or has withdrawn) consent.</summary>
    public const string AnalysisOff = "analysis-off";

    /// <summary>
    /// Dropped: the capture time lies further than <see cref="LiveOptions.MaxCaptureClockSkew"/> from the server's clock
    /// (join again to learn the server's time).
    /// </summary>
    public const string RefusedClock = "refused-clock";

    /// <summary>Dropped: the bytes are not a complete JPEG or PNG image.</summary>
    public const string RefusedNotImage = "refused-not-image";
}
