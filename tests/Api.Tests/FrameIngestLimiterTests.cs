using EmoteCare.Api.Security;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Tests;

public sealed class FrameIngestLimiterTests
{
    [Fact]
    public void A_session_gets_its_burst_and_then_is_refused_while_other_sessions_are_not()
    {
        using var limiter = new FrameIngestLimiter(Options.Create(new ApiRateLimitOptions { FrameIngest = { FramesPerSecond = 2, Burst = 3 } }));

        var first = Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("session-a")).ToList();

        Assert.Equal([true, true, true, false], first);
        Assert.True(limiter.TryAcquire("session-b"));
    }
}
