using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.OpenCv;

namespace EmoteCare.Vision.Tests;

internal sealed record FerSample(Emotion Label, byte[] Pixels);

/// <summary>Decoded 48x48 faces from ../shared/datasets/fer2013 (empty when the dataset is absent).</summary>
internal static class FerSamples
{
    public static IReadOnlyList<FerSample> Validation(int perClass)
    {
        var samples = new List<FerSample>();
        var root = Path.Combine(TestPaths.Fer2013, "val");
        if (!Directory.Exists(root))
        {
            return samples;
        }

        foreach (var emotion in Enum.GetValues<Emotion>())
        {
            var folder = Path.Combine(root, emotion.ToString().ToLowerInvariant());
            foreach (var file in Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(perClass))
            {
                var pixels = new byte[48 * 48];
                if (ImageCodec.DecodeGray(File.ReadAllBytes(file), 48, 48, pixels, out _, out _) == ImageStatus.Ok)
                {
                    samples.Add(new FerSample(emotion, pixels));
                }
            }
        }

        return samples;
    }
}
