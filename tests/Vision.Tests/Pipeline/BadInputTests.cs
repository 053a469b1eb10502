using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Pipeline;

namespace EmoteCare.Vision.Tests.Pipeline;

public sealed class BadInputTests
{
    private static readonly byte[] Good = TestImages.GradientJpeg();

    public static TheoryData<string, byte[], FrameRejection> BadFrames => new()
    {
        { "not an image", "this is a text file, not a picture"u8.ToArray(), FrameRejection.NotAnImage },
        { "truncated jpeg", Good[..(Good.Length * 2 / 3)], FrameRejection.Truncated },
        { "header claims 30000x30000", TestImages.WithDeclaredSize(Good, 30000, 30000), FrameRejection.DimensionsTooLarge },
        { "over-size payload", OverSize(), FrameRejection.PayloadTooLarge },
        { "zero bytes", [], FrameRejection.Empty },
        { "corrupt header", CorruptHeader(), FrameRejection.DecodeFailed },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public void Bad_frame_is_rejected_with_its_reason_and_its_batch_neighbours_are_unaffected(string name, byte[] bad, FrameRejection reason)
    {
        using var pipeline = new FramePipeline(FramePipelineTests.Options);
        var alone = pipeline.Process([new FrameInput("good-a", Good, 1, 1)])[0];

        var results = pipeline.Process([new FrameInput("good-a", Good, 2, 2), new FrameInput("bad", bad, 1, 1), new FrameInput("good-b", Good, 1, 1)]);

        Assert.Equal(reason, results[1].Rejection);
        Assert.Equal(FrameQuality.Rejected, results[1].Quality);
        Assert.False(string.IsNullOrEmpty(results[1].RejectionDetail), name);
        Assert.Empty(results[1].Faces);
        Assert.All([results[0], results[2]], r =>
        {
            Assert.Equal(FrameRejection.None, r.Rejection);
            Assert.Equal((alone.Width, alone.Height, alone.Quality), (r.Width, r.Height, r.Quality));
        });
    }

    [Fact]
    public void Payload_limit_is_configurable()
    {
        using var pipeline = new FramePipeline(FramePipelineTests.Options with { MaxPayloadBytes = Good.Length - 1 });

        var result = pipeline.Process([new FrameInput("s", Good, 1, 1)])[0];

        Assert.Equal(FrameRejection.PayloadTooLarge, result.Rejection);
        Assert.Contains($"limit is {Good.Length - 1}", result.RejectionDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimension_limit_is_configurable()
    {
        using var pipeline = new FramePipeline(FramePipelineTests.Options with { MaxImageWidth = 300 });

        var result = pipeline.Process([new FrameInput("s", Good, 1, 1)])[0];

        Assert.Equal(FrameRejection.DimensionsTooLarge, result.Rejection);
        Assert.Equal("image is 320x240, the limit is 300x4096", result.RejectionDetail);
    }

    [Fact]
    public void Frame_larger_than_the_detection_size_is_shrunk_for_detection_only()
    {
        using var pipeline = new FramePipeline(FramePipelineTests.Options with { MaxDetectionWidth = 160, MaxDetectionHeight = 120 });

        var result = pipeline.Process([new FrameInput("s", Good, 1, 1)])[0];

        Assert.Equal(FrameRejection.None, result.Rejection);
        Assert.Equal((320, 240), (result.Width, result.Height));
    }

    [Fact]
    public void Ten_thousand_random_and_mutated_inputs_are_all_answered_and_the_pipeline_survives()
    {
        using var pipeline = new FramePipeline(FramePipelineTests.Options);
        var small = TestImages.GradientJpeg(64, 48);
        var random = new Random(20240611);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = new Dictionary<FrameRejection, int>();
        var batch = new FrameInput[50];

        for (var round = 0; round < 10_000 / batch.Length; round++)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = new FrameInput($"fuzz-{i % 7}", Mutate(small, random), round, round);
            }

            var results = pipeline.Process(batch);

            Assert.Equal(batch.Length, results.Count);
            foreach (var result in results)
            {
                outcomes[result.Rejection] = outcomes.GetValueOrDefault(result.Rejection) + 1;
                Assert.True(result.Rejection == FrameRejection.None || result.RejectionDetail is not null);
                Assert.NotEqual(FrameRejection.ProcessingFailed, result.Rejection);
            }
        }

        // Still healthy: a clean frame afterwards is analysed normally.
        Assert.Equal(FrameRejection.None, pipeline.Process([new FrameInput("after", Good, 1, 1)])[0].Rejection);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"fuzzing took {watch.Elapsed}");
        Assert.True(outcomes.Count >= 4, string.Join(", ", outcomes));
    }

    private static byte[] OverSize()
    {
        var bytes = new byte[600 * 1024];
        Good.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] CorruptHeader()
    {
        // Valid SOI and frame header, then a quantisation-table segment whose length runs off into nonsense.
        var copy = (byte[])Good.Clone();
        var dqt = TestImages.IndexOfMarker(copy, 0xDB);
        copy[dqt + 4] = 0x7F;
        return copy;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                var noise = new byte[random.Next(0, 2048)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return valid[..random.Next(0, valid.Length)];
            case 2:
                var flipped = (byte[])valid.Clone();
                for (var n = random.Next(1, 16); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 3:
                return TestImages.WithDeclaredSize(valid, random.Next(0, 65536), random.Next(0, 65536));
            case 4:
                var header = (byte[])valid.Clone();
                var position = random.Next(2, Math.Min(header.Length, 700));
                header[position] = (byte)random.Next(256);
                header[position + 1] = (byte)random.Next(256);
                return header;
            default:
                var spliced = (byte[])valid.Clone();
                var from = random.Next(spliced.Length);
                var length = random.Next(1, Math.Min(64, spliced.Length - from + 1));
                random.NextBytes(spliced.AsSpan(from, Math.Min(length, spliced.Length - from)));
                return spliced;
        }
    }
}
