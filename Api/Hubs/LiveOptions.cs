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
}
