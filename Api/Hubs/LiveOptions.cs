namespace EmoteCare.Api.Hubs;

/// <summary>Settings of the live session hub and its relay (configuration section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    /// <summary>
    /// Frames per second a patient's browser captures and sends (default 2). At most the frame-ingest rate limit
    /// (<c>RateLimits:FrameIngest:FramesPerSecond</c>), so a client that follows it is never throttled; checked at start.
    /// </summary>
    public int CaptureFramesPerSecond { get; set; } = 2;

    /// <summary>How often the relay renews its subscriptions; well inside the grains' subscription expiry.</summary>
    public TimeSpan SubscriptionRenewal { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far a frame's capture time may lie from the server's clock, either way (default 10 s); frames outside are
    /// refused to their sender. It bounds how far one frame can move a session's clock ahead, so a wrongly stamped frame
    /// cannot hold back the frames after it, and keeps times that are no times (-1e18 ms) out of analysis. The patient's
    /// page stamps frames in the server's time, which it learns on joining, so a device's wrong clock does not matter.
    /// </summary>
    public TimeSpan MaxCaptureClockSkew { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Hub calls per second one connection may make (default 40; a token bucket holding one second's worth). Beyond it a
    /// call is refused with an error. A page makes a few calls a second (its frames and the odd join or watch); a caller
    /// flooding the hub, at a thousand calls a second, is cut to this. At least the frame-ingest burst, so a client within
    /// the frame limit is never refused here, and a client sending faster is told <c>refused-rate</c> first; checked at start.
    /// </summary>
    public int HubCallsPerSecond { get; set; } = 40;

    /// <summary>
    /// Refused hub calls (not yours, too many, ...) are expected; each account's are logged once per this window (default
    /// one minute), with the count of those left out, and never with a stack trace.
    /// </summary>
    public TimeSpan RefusalLogWindow { get; set; } = TimeSpan.FromMinutes(1);
}
