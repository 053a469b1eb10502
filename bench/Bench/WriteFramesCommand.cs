using System.Globalization;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Bench;

/// <summary>
/// <c>write-frames DIR [COUNT]</c>: writes COUNT frames (default 600) of the deterministic synthetic webcam stream as
/// <c>DIR/frame-000000.jpg</c>, ... for the Node load generator (<c>bench/load/load.mjs</c>). The stream is the one the
/// pipeline benchmarks use: FER2013 validation faces that the Haar cascade finds, scaled to 96-120 px on a 320x240
/// gradient with noise, slow motion and lighting changes, gray JPEG quality 80, a new face every 60 frames. Each load
/// session starts at its own offset into the sequence, so sessions show different faces at any moment.
/// </summary>
internal static class WriteFramesCommand
{
    public static int Run(string[] options)
    {
        if (options.Length < 1 || options[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: write-frames DIR [COUNT] [--seed N]");
            return 2;
        }

        var folder = Path.GetFullPath(options[0]);
        var count = options.Length > 1 && !options[1].StartsWith("--", StringComparison.Ordinal)
            ? int.Parse(options[1], CultureInfo.InvariantCulture)
            : 600;
        var seed = BenchEnvironment.Option(options, "--seed") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 1;
        if (count < 1)
        {
            Console.Error.WriteLine("COUNT must be at least 1.");
            return 2;
        }

        var env = BenchEnvironment.Create([]);
        if (!Directory.Exists(env.Fer2013))
        {
            Console.Error.WriteLine($"FER2013 was not found at {env.Fer2013}; the synthetic stream draws its faces from it.");
            return 3;
        }

        var candidates = SyntheticWebcamStream.LoadFer2013Faces(env.Fer2013, 60);
        IReadOnlyList<byte[]> faces;
        using (var detector = new HaarFaceDetector())
        {
            faces = SyntheticWebcamStream.SelectDetectable(candidates, detector);
        }

        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder, "frame-*.jpg"))
        {
            File.Delete(stale);
        }

        var stream = new SyntheticWebcamStream(faces, new SyntheticStreamOptions { Seed = seed });
        var sizes = new long[count];
        Parallel.For(0, count, i =>
        {
            var jpeg = stream.RenderJpeg(i, out _);
            File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"frame-{i:D6}.jpg")), jpeg);
            sizes[i] = jpeg.Length;
        });

        var options0 = stream.Options;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stream: {options0.Width}x{options0.Height} gray JPEG quality {options0.JpegQuality}, seed {seed}, {faces.Count} FER2013 val faces (of {candidates.Count} tried) scaled to {options0.MinFaceSize}-{options0.MaxFaceSize} px, {options0.FramesPerFace} frames per face"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames: {count} written to {folder}, mean {sizes.Average() / 1024:F1} KiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"write_frames: {count}"));
        return 0;
    }
}
