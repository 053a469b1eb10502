using EmoteCare.Grains.Inference;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Tests.Inference;

public sealed class FrameDispatcherTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xD9];

    private static FrameDispatcher Create(Action<FrameDispatcherOptions>? configure = null)
    {
        var options = new FrameDispatcherOptions { MaxBatchWait = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        return new FrameDispatcher(Options.Create(options), TimeProvider.System);
    }

    private static PendingFrame[] Take(FrameDispatcher dispatcher, int room = 64)
    {
        var batch = new PendingFrame[room];
        return batch[..dispatcher.TakeBatch(batch)];
    }

    [Fact]
    public void Latest_frame_of_a_session_wins_and_the_replaced_ones_are_counted()
    {
        var dispatcher = Create();

        Assert.Equal(FrameAdmission.Queued, dispatcher.Submit("a", Jpeg, 0, 1, 100));
        Assert.Equal(FrameAdmission.ReplacedOlder, dispatcher.Submit("a", Jpeg, 0, 2, 140));
        Assert.Equal(FrameAdmission.ReplacedOlder, dispatcher.Submit("a", Jpeg, 7, 3, 180));

        var frame = Assert.Single(Take(dispatcher));
        Assert.Equal((7L, 3L, 180L, 2), (frame.Epoch, frame.Sequence, frame.CapturedAtUnixMs, frame.DroppedBefore));
        Assert.Equal(2, dispatcher.DroppedFrames);
    }

    [Fact]
    public void Empty_and_oversize_frames_are_refused_not_queued()
    {
        var dispatcher = Create(o => o.MaxFrameBytes = 8);

        Assert.Equal(FrameAdmission.RefusedSize, dispatcher.Submit("a", Array.Empty<byte>(), 0, 1, 0));
        Assert.Equal(FrameAdmission.RefusedSize, dispatcher.Submit("a", new byte[9], 0, 2, 0));

        Assert.Empty(Take(dispatcher));
        Assert.Equal(2, dispatcher.RefusedFrames);
    }

    [Fact]
    public void New_sessions_are_refused_beyond_the_pending_limit_but_known_ones_still_replace()
    {
        var dispatcher = Create(o => o.MaxPendingSessions = 2);
        dispatcher.Submit("a", Jpeg, 0, 1, 0);
        dispatcher.Submit("b", Jpeg, 0, 1, 0);

        Assert.Equal(FrameAdmission.RefusedOverload, dispatcher.Submit("c", Jpeg, 0, 1, 0));
        Assert.Equal(FrameAdmission.ReplacedOlder, dispatcher.Submit("a", Jpeg, 0, 2, 0));
    }

    [Fact]
    public void Batch_holds_at_most_B_frames_one_per_session_oldest_first()
    {
        var dispatcher = Create(o => o.MaxBatchSize = 3);
        foreach (var session in new[] { "s1", "s2", "s3", "s4", "s5" })
        {
            dispatcher.Submit(session, Jpeg, 0, 1, 0);
        }

        Assert.Equal(["s1", "s2", "s3"], Take(dispatcher).Select(f => f.SessionId));
        Assert.Equal(["s4", "s5"], Take(dispatcher).Select(f => f.SessionId));
    }

    [Fact]
    public void A_session_in_flight_gets_its_next_frame_only_after_completing()
    {
        var dispatcher = Create();
        dispatcher.Submit("a", Jpeg, 0, 1, 0);
        Assert.Single(Take(dispatcher));

        dispatcher.Submit("a", Jpeg, 0, 2, 40);
        dispatcher.Submit("b", Jpeg, 0, 1, 40);
        Assert.Equal(["b"], Take(dispatcher).Select(f => f.SessionId));

        dispatcher.Complete("a");
        Assert.Equal(2, Assert.Single(Take(dispatcher)).Sequence);
    }

    [Fact]
    public void Discarded_frame_is_never_handed_out()
    {
        var dispatcher = Create();
        dispatcher.Submit("a", Jpeg, 0, 1, 0);

        dispatcher.Discard("a");

        Assert.Empty(Take(dispatcher));
        Assert.Equal(0, dispatcher.PendingSessions);
    }

    [Fact]
    public async Task Wait_returns_at_once_when_a_full_batch_is_ready()
    {
        var dispatcher = Create(o => (o.MaxBatchSize, o.MaxBatchWait) = (2, TimeSpan.FromSeconds(30)));
        dispatcher.Submit("a", Jpeg, 0, 1, 0);
        dispatcher.Submit("b", Jpeg, 0, 1, 0);

        await dispatcher.WaitForBatchAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Wait_returns_after_T_when_the_batch_stays_partial()
    {
        var dispatcher = Create(o => (o.MaxBatchSize, o.MaxBatchWait) = (16, TimeSpan.FromMilliseconds(50)));
        dispatcher.Submit("a", Jpeg, 0, 1, 0);

        var started = DateTime.UtcNow;
        await dispatcher.WaitForBatchAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(40));
        Assert.Single(Take(dispatcher));
    }

    [Fact]
    public void Memory_stays_bounded_by_sessions_whatever_the_frame_rate()
    {
        var dispatcher = Create();
        for (var i = 0; i < 100_000; i++)
        {
            dispatcher.Submit($"s{i % 10}", Jpeg, 0, i, i);
        }

        Assert.Equal(10, dispatcher.PendingSessions);
        Assert.Equal(100_000 - 10, dispatcher.DroppedFrames);
    }
}
