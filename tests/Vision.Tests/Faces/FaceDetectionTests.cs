using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Vision.Tests.Faces;

public sealed class FaceDetectionTests
{
    [FactRequiringFile("fer2013")]
    public void Haar_cascade_finds_most_upscaled_FER_faces_where_they_were_drawn()
    {
        var faces = SyntheticWebcamStream.LoadFer2013Faces(TestPaths.Fer2013, 40);
        using var detector = new HaarFaceDetector();

        var detectable = SyntheticWebcamStream.SelectDetectable(faces, detector);

        // Measured ~75% for the stock cascade on 48x48 FER crops scaled to 96-120 px.
        Assert.True(detectable.Count >= faces.Count / 2, $"{detectable.Count}/{faces.Count} detected");
    }

    [FactRequiringFile("fer2013")]
    public void Shrunk_full_search_maps_boxes_back_to_frame_pixels()
    {
        var frame = SyntheticFaces.Stream().Render(0);
        var image = new GrayImageView(frame.Pixels, frame.Width, frame.Height);
        var search = new FaceSearch(image.Bounds, 40, 0, Local: false);
        using var shrunk = new HaarFaceDetector(new HaarFaceDetectorOptions { FullSearchScale = 0.75 });
        using var full = new HaarFaceDetector(new HaarFaceDetectorOptions { FullSearchScale = 1 });
        Span<PixelRect> a = stackalloc PixelRect[4];
        Span<PixelRect> b = stackalloc PixelRect[4];

        Assert.Equal(1, shrunk.Detect(image, search, a));
        Assert.Equal(1, full.Detect(image, search, b));
        Assert.True(a[0].IntersectionOverUnion(b[0]) > 0.7, $"shrunk {a[0]} vs full {b[0]}");
        Assert.True(a[0].IntersectionOverUnion(frame.Face) > 0.4, $"shrunk {a[0]} vs drawn {frame.Face}");
    }

    [FactRequiringFile("fer2013")]
    public void Tracker_follows_a_moving_face_with_few_full_detections()
    {
        var stream = SyntheticFaces.Stream();
        using var detector = new HaarFaceDetector();
        using var tracker = new FaceTracker(detector, new FaceTrackerOptions { RedetectEveryFrames = 15 });
        var state = new FaceTrackState();
        var faces = new PixelRect[4];
        var onTarget = 0;
        var fullDetections = 0;

        for (var i = 0; i < 60; i++)
        {
            var frame = stream.Render(i);
            var count = tracker.Track(new GrayImageView(frame.Pixels, frame.Width, frame.Height), state, faces, out var full);
            fullDetections += full ? 1 : 0;
            if (count == 1 && faces[0].IntersectionOverUnion(frame.Face) > 0.5)
            {
                onTarget++;
            }
        }

        Assert.True(onTarget >= 57, $"face found on {onTarget}/60 frames");
        Assert.True(fullDetections <= 8, $"{fullDetections} full detections in 60 frames");
    }

    [FactRequiringFile("yunet", "fer2013")]
    public void YuNet_model_finds_the_drawn_face()
    {
        var stream = SyntheticFaces.Stream();
        using var detector = new YuNetFaceDetector(new YuNetFaceDetectorOptions { ModelPath = TestPaths.YuNetModel });
        var frame = stream.Render(0);
        var image = new GrayImageView(frame.Pixels, frame.Width, frame.Height);
        Span<PixelRect> found = stackalloc PixelRect[4];

        var count = detector.Detect(image, new FaceSearch(image.Bounds, 40, 0, Local: false), found);

        Assert.True(count >= 1, "no face found");
        Assert.True(found[0].IntersectionOverUnion(frame.Face) > 0.4, $"found {found[0]}, drawn at {frame.Face}");
    }

    [FactRequiringFile("yunet")]
    public void YuNet_model_finds_nothing_in_an_empty_frame()
    {
        using var detector = new YuNetFaceDetector(new YuNetFaceDetectorOptions { ModelPath = TestPaths.YuNetModel });
        var pixels = TestImages.GradientPixels(320, 240);
        var image = new GrayImageView(pixels, 320, 240);
        Span<PixelRect> found = stackalloc PixelRect[4];

        Assert.Equal(0, detector.Detect(image, new FaceSearch(image.Bounds, 40, 0, Local: false), found));
    }
}
