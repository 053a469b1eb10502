using EmoteCare.Api.Hubs;
using EmoteCare.Api.Tests;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Security.Tests;

/// <summary>
/// Finding 1 (and 8, first bullet): frames after a page reload or a clock jump were answered "queued" and then dropped
/// by the session, and out-of-range capture times threw in inference. Each frame's answer must say what becomes of it.
/// </summary>
public sealed class FrameOrderingTests(LiveApiFixture fixture) : IClassFixture<LiveApiFixture>
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task After_a_reload_frames_numbered_from_zero_again_move_the_latest_reading()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var session = world.Grains.GetGrain<ITherapySessionGrain>(sessionId);
        await using (var firstPage = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient)))
        {
            await firstPage.InvokeAsync("JoinAsPatient", sessionId);
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                Assert.Equal(FrameOutcomes.Queued, (await firstPage.InvokeAsync("SendFrame", sessionId, Live.Frame, sequence, Live.Now)).GetString());
                await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames == sequence, $"frame {sequence} is counted");
            }
        }

        var before = (await session.GetSnapshot()).Latest!.At;
        await Task.Delay(20);

        // The reloaded page is a new connection whose counter starts again.
        await using var reloaded = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await reloaded.InvokeAsync("JoinAsPatient", sessionId);
        Assert.Equal(FrameOutcomes.Queued, (await reloaded.InvokeAsync("SendFrame", sessionId, Live.Frame, 1, Live.Now)).GetString());

        await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames == 4, "the reloaded page's first frame is counted");
        var snapshot = await session.GetSnapshot();
        Assert.True(snapshot.Latest!.At > before, $"latest.at stayed at {before:O}");
        Assert.Equal(0, snapshot.Aggregate.RejectedFrames);
    }

    [Fact]
    public async Task A_frame_a_day_ahead_is_refused_and_does_not_hold_back_the_frames_after_it()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var session = world.Grains.GetGrain<ITherapySessionGrain>(sessionId);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        var ahead = await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 1, Live.Now + (long)TimeSpan.FromDays(1).TotalMilliseconds);
        var next = await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 2, Live.Now);

        Assert.Equal(FrameOutcomes.RefusedClock, ahead.GetString());
        Assert.Equal(FrameOutcomes.Queued, next.GetString());
        await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames == 1, "the frame after the refused one is counted");
        var latest = (await session.GetSnapshot()).Latest!.At;
        Assert.True(latest < DateTimeOffset.UtcNow.AddMinutes(1), $"latest.at is {latest:O}, ahead of the server's clock");
    }

    [Theory]
    [InlineData(-1_000_000_000_000_000_000L)]
    [InlineData(9_200_000_000_000_000_000L)]
    [InlineData(long.MinValue)]
    [InlineData(0L)]
    public async Task Capture_times_outside_the_clock_bound_are_refused_with_the_reason_and_nothing_throws(long capturedAtUnixMs)
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var session = world.Grains.GetGrain<ITherapySessionGrain>(sessionId);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        var outcome = await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 1, capturedAtUnixMs);
        Assert.Equal(FrameOutcomes.Queued, (await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 2, Live.Now)).GetString());
        await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames == 1, "the in-bound frame is counted");

        Assert.Equal(FrameOutcomes.RefusedClock, outcome.GetString());
        Assert.DoesNotContain(Api.Logs.Lines, line => line.Contains(nameof(ArgumentOutOfRangeException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Frames_that_are_not_images_are_refused_to_the_sender()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        var session = world.Grains.GetGrain<ITherapySessionGrain>(sessionId);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));
        await patient.InvokeAsync("JoinAsPatient", sessionId);

        var text = await patient.InvokeAsync("SendFrame", sessionId, "hello, this is no picture"u8.ToArray(), 1, Live.Now);
        var truncated = await patient.InvokeAsync("SendFrame", sessionId, Live.Frame[..(Live.Frame.Length / 2)], 2, Live.Now);
        var image = await patient.InvokeAsync("SendFrame", sessionId, Live.Frame, 3, Live.Now);

        Assert.Equal(FrameOutcomes.RefusedNotImage, text.GetString());
        Assert.Equal(FrameOutcomes.RefusedNotImage, truncated.GetString());
        Assert.Equal(FrameOutcomes.Queued, image.GetString());
        await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames == 1, "the image is counted");
        Assert.Equal(0, (await session.GetSnapshot()).Aggregate.RejectedFrames);
    }

    [Fact]
    public async Task Joining_tells_the_page_the_servers_clock_so_it_can_stamp_frames_within_the_bound()
    {
        var (world, sessionId) = await Live.LiveConsentedSessionAsync(Api);
        await using var patient = await HubTestClient.ConnectAsync(Api, HubTestClient.TokenOf(world.Patient));

        var before = Live.Now;
        var join = await patient.InvokeAsync("JoinAsPatient", sessionId);
        var after = Live.Now;

        var serverTime = join.GetProperty("serverTimeUnixMs").GetInt64();
        Assert.InRange(serverTime, before, after);
        Assert.True(join.GetProperty("maxClockSkewMs").GetInt64() > 0);
    }
}
