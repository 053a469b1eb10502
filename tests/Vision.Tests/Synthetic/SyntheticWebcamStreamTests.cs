using EmoteCare.Vision.OpenCv;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Vision.Tests.Synthetic;

public sealed class SyntheticWebcamStreamTests
{
    private static readonly byte[][] Faces = Enumerable.Range(0, 3).Select(seed =>
    {
        var face = new byte[48 * 48];
        new Random(seed).NextBytes(face);
        return face;
    }).ToArray();

    [Fact]
    public void Same_seed_renders_identical_frames_and_JPEGs()
    {
        var a = new SyntheticWebcamStream(Faces, new SyntheticStreamOptions { Seed = 4 });
        var b = new SyntheticWebcamStream(Faces, new SyntheticStreamOptions { Seed = 4 });

        Assert.Equal(a.Render(17).Pixels, b.Render(17).Pixels);
        Assert.Equal(a.RenderJpeg(17, out var faceA), b.RenderJpeg(17, out var faceB));
        Assert.Equal(faceA, faceB);
    }

    [Fact]
    public void Different_seeds_render_different_noise()
    {
        var a = new SyntheticWebcamStream(Faces, new SyntheticStreamOptions { Seed = 1 });
        var b = new SyntheticWebcamStream(Faces, new SyntheticStreamOptions { Seed = 2 });

        Assert.NotEqual(a.Render(0).Pixels, b.Render(0).Pixels);
    }

    [Fact]
    public void Face_moves_a_little_and_stays_inside_the_frame_at_the_configured_size()
    {
        var stream = new SyntheticWebcamStream(Faces);
        var boxes = Enumerable.Range(0, 200).Select(i => stream.Render(i).Face).ToArray();

        Assert.All(boxes, box =>
        {
            Assert.InRange(box.Width, 96, 120);
            Assert.Equal(box.Width, box.Height);
            Assert.Equal(box, box.Intersect(new PixelRect(0, 0, 320, 240)));
        });
        Assert.True(boxes.Select(b => b.X).Distinct().Count() > 5, "the face should move");
        Assert.True(boxes.Max(b => b.X) - boxes.Min(b => b.X) <= 2 * 8 + 24, "motion should stay small");
    }

    [Fact]
    public void Frames_are_320x240_JPEGs_the_pipeline_can_decode()
    {
        var jpeg = new SyntheticWebcamStream(Faces).RenderJpeg(3, out _);

        var status = ImageCodec.Probe(jpeg, out var header, out _);

        Assert.Equal(ImageStatus.Ok, status);
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 320, 240), header);
    }

    [Fact]
    public void Faces_that_are_not_48x48_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SyntheticWebcamStream([new byte[10]]));
    }
}
