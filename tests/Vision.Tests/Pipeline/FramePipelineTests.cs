using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Pipeline;

namespace EmoteCare.Vision.Tests.Pipeline;

public sealed class FramePipelineTests
{
    internal static FramePipelineOptions Options => new() { EmotionModelPath = TestPaths.EmotionTestModel };

    [Fact]
    public void Frame_without_a_face_is_analysed_and_flagged_no_face()
    {
        using var pipeline = new FramePipeline(Options);

        var result = Assert.Single(pipeline.Process([new FrameInput("s1", TestImages.GradientJpeg(), 7, 1_000)]));

        Assert.Equal(FrameRejection.None, result.Rejection);
        Assert.Equal(("s1", 7L, 1_000L), (result.SessionId, result.Sequence, result.TimestampMs));
        Assert.Equal((320, 240), (result.Width, result.Height));
        Assert.Empty(result.Faces);
        Assert.Equal(0, result.FacesDetected);
        Assert.Equal(FrameQuality.NoFace, result.Quality);
        Assert.True(result.Timings.DecodeMicroseconds > 0);
        Assert.True(result.Timings.DetectMicroseconds > 0);
    }

    [FactRequiringFile("fer2013")]
    public void Batch_across_sessions_reads_each_face_with_per_session_tracking()
    {
        using var pipeline = new FramePipeline(Options);
        var streams = Enumerable.Range(0, 3).Select(seed => SyntheticFaces.Stream(seed + 1)).ToArray();
        IReadOnlyList<FrameResult> results = [];

        for (var frame = 0; frame < 5; frame++)
        {
            var batch = streams.Select((s, i) => new FrameInput($"session-{i}", s.RenderJpeg(frame, out _), frame, frame * 66L)).ToArray();
            results = pipeline.Process(batch);
        }

        Assert.Equal(3, pipeline.Tracks.Count);
        for (var i = 0; i < 3; i++)
        {
            var result = results[i];
            Assert.Equal($"session-{i}", result.SessionId);
            var face = Assert.Single(result.Faces);
            Assert.True(face.Box.IntersectionOverUnion(streams[i].Render(4).Face) > 0.5, $"session {i}: box {face.Box}");
            Assert.Equal(1f, face.Probabilities.Angry + face.Probabilities.Disgust + face.Probabilities.Fear + face.Probabilities.Happy
                + face.Probabilities.Sad + face.Probabilities.Surprise + face.Probabilities.Neutral, 3);
            Assert.Equal(face.Probabilities.Top(), face.Expression);
            Assert.Equal(face.Probabilities.Get(face.Expression), face.Confidence);
            Assert.True(result.Timings.ClassifyMicroseconds > 0);
        }
    }

    [FactRequiringFile("fer2013")]
    public void Batched_and_per_frame_classification_give_the_same_readings()
    {
        var stream = SyntheticFaces.Stream();
        var batch = Enumerable.Range(0, 6).Select(i => new FrameInput($"s{i}", stream.RenderJpeg(i * 60, out _), i, i)).ToArray();
        using var batched = new FramePipeline(Options);
        using var single = new FramePipeline(Options with { BatchClassification = false });

        var a = batched.Process(batch);
        var b = single.Process(batch);

        for (var i = 0; i < batch.Length; i++)
        {
            Assert.Equal(a[i].Faces.Count, b[i].Faces.Count);
            for (var f = 0; f < a[i].Faces.Count; f++)
            {
                Assert.Equal(a[i].Faces[f].Box, b[i].Faces[f].Box);
                Assert.Equal(a[i].Faces[f].Probabilities.Happy, b[i].Faces[f].Probabilities.Happy, 5);
            }
        }
    }

    [FactRequiringFile("fer2013")]
    public void Small_face_and_low_confidence_are_flagged()
    {
        using var pipeline = new FramePipeline(Options with { LowConfidenceThreshold = 1.01f, MinUsefulFaceSize = 500 });

        var result = Assert.Single(pipeline.Process([new FrameInput("s", SyntheticFaces.Stream().RenderJpeg(0, out _), 1, 1)]));

        Assert.Single(result.Faces);
        Assert.Equal(FrameQuality.FaceTooSmall | FrameQuality.LowConfidence, result.Quality);
    }

    [FactRequiringFile("fer2013")]
    public void Two_faces_are_both_read_and_flagged_as_several()
    {
        using var pipeline = new FramePipeline(Options);
        var jpeg = TwoFaceFrames().First();

        var result = Assert.Single(pipeline.Process([new FrameInput("s", jpeg, 1, 1)]));

        Assert.Equal(2, result.FacesDetected);
        Assert.Equal(2, result.Faces.Count);
        Assert.True(result.Quality.HasFlag(FrameQuality.MultipleFaces));
    }

    /// <summary>Frames with two FER faces side by side, for the pairs the cascade finds both of.</summary>
    private static IEnumerable<byte[]> TwoFaceFrames()
    {
        using var detector = new EmoteCare.Vision.Faces.HaarFaceDetector();
        var faces = SyntheticFaces.DetectableFaces;
        var found = new PixelRect[4];
        for (var i = 0; i + 1 < faces.Count; i += 2)
        {
            var pixels = TestImages.GradientPixels(320, 240);
            DrawFace(pixels, faces[i], 15, 60);
            DrawFace(pixels, faces[i + 1], 185, 70);
            var image = new GrayImageView(pixels, 320, 240);
            if (detector.Detect(image, new EmoteCare.Vision.Faces.FaceSearch(image.Bounds, 40, 0, false), found) == 2)
            {
                yield return EmoteCare.Vision.OpenCv.ImageCodec.EncodeJpeg(image, 95);
            }
        }
    }

    private static void DrawFace(byte[] frame, byte[] face, int x, int y)
    {
        const int Size = 110;
        var scaled = new byte[Size * Size];
        GrayImages.Resize(new GrayImageView(face, 48, 48), new PixelRect(0, 0, 48, 48), scaled, Size, Size, GrayInterpolation.Linear);
        for (var row = 0; row < Size; row++)
        {
            scaled.AsSpan(row * Size, Size).CopyTo(frame.AsSpan(((y + row) * 320) + x));
        }
    }

    [FactRequiringFile("fer2013")]
    public void Steady_state_batches_allocate_little_beyond_their_results()
    {
        using var pipeline = new FramePipeline(Options);
        var stream = SyntheticFaces.Stream();
        var jpegs = Enumerable.Range(0, 40).Select(i => stream.RenderJpeg(i, out _)).ToArray();
        var batch = new FrameInput[8];
        var ids = Enumerable.Range(0, batch.Length).Select(i => $"s{i}").ToArray();
        void Round(int t)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = new FrameInput(ids[i], jpegs[(t + i) % jpegs.Length], t, t);
            }

            _ = pipeline.Process(batch);
        }

        for (var t = 0; t < 20; t++)
        {
            Round(t);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 20; t < 60; t++)
        {
            Round(t);
        }

        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (40.0 * batch.Length);
        // Each frame's result (record, face array, observation) is about 250 bytes. OpenCvSharp adds one 104-byte
        // object per call that produces an image (the decoded frame, the one-shot output proxy of each resize and
        // template match): about 4 on a tracked frame. Pixel buffers, scratch images and ORT values are reused.
        Assert.True(perFrame < 750, $"{perFrame:F0} bytes allocated per frame");
    }

    [Fact]
    public void Results_round_trip_through_System_Text_Json()
    {
        var result = new FrameResult
        {
            SessionId = "s",
            Sequence = 3,
            TimestampMs = 99,
            Width = 320,
            Height = 240,
            Faces = [new FaceObservation(new PixelRect(1, 2, 3, 4), new EmotionProbabilities(0.1f, 0, 0, 0.6f, 0.1f, 0.1f, 0.1f), Emotion.Happy, 0.6f)],
            FacesDetected = 2,
            Quality = FrameQuality.MultipleFaces | FrameQuality.LowConfidence,
            Timings = new StageTimings(1, 2, 3, 4),
        };

        var json = JsonSerializer.Serialize(result);
        var back = JsonSerializer.Deserialize<FrameResult>(json)!;

        Assert.Contains("\"Expression\":\"Happy\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Quality\":\"MultipleFaces, LowConfidence\"", json, StringComparison.Ordinal);
        Assert.Equal(result.Faces[0], back.Faces[0]);
        Assert.Equal(result with { Faces = back.Faces }, back);
    }
}
