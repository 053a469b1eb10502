using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Vision.Tests;

/// <summary>FER2013 faces the Haar cascade finds when rendered, loaded once per test run.</summary>
internal static class SyntheticFaces
{
    private static readonly Lazy<IReadOnlyList<byte[]>> Detectable = new(() =>
    {
        using var detector = new HaarFaceDetector();
        return SyntheticWebcamStream.SelectDetectable(SyntheticWebcamStream.LoadFer2013Faces(TestPaths.Fer2013, 40), detector);
    });

    public static IReadOnlyList<byte[]> DetectableFaces => Detectable.Value;

    public static SyntheticWebcamStream Stream(int seed = 1) => new(DetectableFaces, new SyntheticStreamOptions { Seed = seed });
}
