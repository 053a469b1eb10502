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
}

/// <summary>Whether a session's frames are being analysed.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Active">True while the session is live and the patient consents to facial analysis.</param>
public sealed record AnalysisState(string SessionId, bool Active);

/// <summary>What a patient's client learns on joining its session to stream.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Status">Its lifecycle status.</param>
/// <param name="AnalysisActive">Whether frames are analysed now.</param>
public sealed record PatientJoin(string SessionId, SessionStatus Status, bool AnalysisActive);

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
}
