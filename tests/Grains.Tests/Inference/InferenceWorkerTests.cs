using EmoteCare.Grains.Inference;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision;
using EmoteCare.Vision.Pipeline;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Grains.Tests.Inference;

/// <summary>The shared cluster runs the inference path with the Vision tests' small model and two workers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InferenceWorkerTests(ClusterFixture fixture)
{
    private static readonly string Root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)!;
    private static readonly string Fer2013 = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", "fer2013"));

    private static SyntheticWebcamStream Stream() => new(SyntheticWebcamStream.LoadFer2013Faces(Fer2013, 8));

    [FactRequiringFer2013]
    public async Task Frames_flow_from_the_dispatcher_through_the_workers_into_each_session()
    {
        var dispatcher = fixture.Cluster.SiloService<FrameDispatcher>();
        var sessions = new[] { Keys.Unique("inf-a"), Keys.Unique("inf-b"), Keys.Unique("inf-c") };
        foreach (var id in sessions)
        {
            await fixture.GrainFactory.LiveSessionAsync(id);
        }

        var stream = Stream();
        for (var i = 0; i < 30; i++)
        {
            foreach (var id in sessions)
            {
                dispatcher.Submit(id, stream.RenderJpeg(i, out _), 0, i + 1, Frames.T0.ToUnixTimeMilliseconds() + (i * 100));
            }

            await Task.Delay(10);
        }

        foreach (var id in sessions)
        {
            var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(id);
            await Eventually.TrueAsync(async () => (await session.GetSnapshot()).Aggregate.Frames + (await session.GetSnapshot()).DroppedFrames >= 30, $"{id} accounts for all 30 frames");
            var snapshot = await session.GetSnapshot();
            Assert.True(snapshot.Aggregate.FaceFrames > snapshot.Aggregate.Frames / 2, $"{id}: {snapshot.Aggregate.FaceFrames} of {snapshot.Aggregate.Frames} frames had a face");
            Assert.Equal(30, snapshot.Aggregate.Frames + snapshot.DroppedFrames);
        }
    }

    [FactRequiringFer2013]
    public async Task A_corrupt_frame_is_rejected_while_the_rest_of_its_batch_is_analysed()
    {
        var dispatcher = fixture.Cluster.SiloService<FrameDispatcher>();
        var (goodId, badId) = (Keys.Unique("good"), Keys.Unique("bad"));
        var good = await fixture.GrainFactory.LiveSessionAsync(goodId);
        var bad = await fixture.GrainFactory.LiveSessionAsync(badId);
        var jpeg = Stream().RenderJpeg(0, out _);

        dispatcher.Submit(badId, jpeg[..(jpeg.Length / 2)], 0, 1, Frames.T0.ToUnixTimeMilliseconds());
        dispatcher.Submit(goodId, jpeg, 0, 1, Frames.T0.ToUnixTimeMilliseconds());

        await Eventually.TrueAsync(async () => (await bad.GetSnapshot()).Aggregate.RejectedFrames == 1, "the truncated frame is rejected");
        await Eventually.TrueAsync(async () => (await good.GetSnapshot()).Aggregate.Frames == 1, "the good frame is analysed");
        Assert.Equal(0, (await good.GetSnapshot()).Aggregate.RejectedFrames);
    }

    [Fact]
    public async Task Frames_of_a_session_without_consent_are_ignored_and_discarded()
    {
        var dispatcher = fixture.Cluster.SiloService<FrameDispatcher>();
        var sessionId = Keys.Unique("no-consent");
        var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(sessionId);
        await session.Schedule(Keys.Unique("p"), Keys.Unique("t"), Frames.T0);
        await session.Start();

        dispatcher.Submit(sessionId, new byte[] { 1, 2, 3 }, 0, 1, Frames.T0.ToUnixTimeMilliseconds());

        await Eventually.TrueAsync(() => dispatcher.PendingSessions == 0, "the frame is taken");
        var snapshot = await session.GetSnapshot();
        Assert.Equal(0, snapshot.Aggregate.Frames);
    }

    [Fact]
    public void Pipeline_results_map_onto_the_session_contract()
    {
        var rejected = InferenceWorkerGrain.ToObservation(new FrameResult { SessionId = "s", Sequence = 3, TimestampMs = 1000, Rejection = FrameRejection.Truncated }, epoch: 2);
        var noFace = InferenceWorkerGrain.ToObservation(new FrameResult { SessionId = "s", Sequence = 4, TimestampMs = 1040, Quality = FrameQuality.NoFace }, epoch: 2);

        Assert.Equal((3L, false, FrameQuality.Rejected, 2L), (rejected.Sequence, rejected.FacePresent, rejected.Quality, rejected.Epoch));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), rejected.CapturedAt);
        Assert.Equal((false, (float[]?)null, FrameQuality.NoFace), (noFace.FacePresent, noFace.Probabilities, noFace.Quality));
    }

    /// <summary>Skipped, with the reason printed, when the FER2013 faces next to the repository are absent.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class FactRequiringFer2013Attribute : FactAttribute
    {
        public FactRequiringFer2013Attribute()
        {
            if (!Directory.Exists(Fer2013))
            {
                Skip = $"{Fer2013} is absent; the synthetic webcam stream is built from its faces.";
            }
        }
    }
}
