using System.Globalization;
using EmoteCare.Vision;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Synthetic;

namespace EmoteCare.Bench;

/// <summary>Paths, the chosen model and the synthetic webcam streams shared by the benchmarks.</summary>
internal sealed class BenchEnvironment
{
    /// <summary>fp32 peak of one core of the development machine (AVX-512), from docs/ARCHITECTURE section 5.</summary>
    public const double PeakGflopsPerCore = 230;

    private BenchEnvironment(string root, string modelPath, EmotionModelInfo model)
    {
        RepositoryRoot = root;
        ModelPath = modelPath;
        Model = model;
    }

    public string RepositoryRoot { get; }

    public string ModelPath { get; }

    public EmotionModelInfo Model { get; }

    public string Fer2013 => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets", "fer2013"));

    public static BenchEnvironment Create(string[] options)
    {
        var root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
            ?? RepositoryFolder.FindAbove(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
        var model = Option(options, "--model");
        if (model is null)
        {
            var trained = Path.Combine(root, "models", "emotion-fer.onnx");
            model = File.Exists(trained) ? trained : Path.Combine(root, "tests", "Vision.Tests", "TestData", "emotion-test.onnx");
        }

        return new BenchEnvironment(root, Path.GetFullPath(model), EmotionModelInfo.Load(model));
    }

    public static string? Option(string[] options, string name)
    {
        var index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
    }

    public static double Seconds(string[] options, double fallback) =>
        Option(options, "--seconds") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string DescribeModel()
    {
        var relative = Path.GetRelativePath(RepositoryRoot, ModelPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) ? ModelPath : relative;
        var cost = GflopsPerFace() is { } gflops ? $", {gflops:F4} GFLOP/face" : string.Empty;
        return $"{shown} (version {Model.Version ?? "?"}{cost})";
    }

    /// <summary>GFLOP per face: from the sidecar, else counted from the graph by bench/python/model_flops.py.</summary>
    public double? GflopsPerFace()
    {
        if (Model.GflopsPerFace is { } stated)
        {
            return stated;
        }

        var script = Path.Combine(RepositoryRoot, "bench", "python", "model_flops.py");
        var output = PythonLoop.RunPython(script, [ModelPath], TimeSpan.FromSeconds(60));
        var line = output?.Split('\n').LastOrDefault(l => l.StartsWith("gflops_per_face:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line["gflops_per_face:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Renders <paramref name="streams"/> synthetic one-face webcam streams of <paramref name="frames"/> JPEG
    /// frames each, from FER2013 validation faces that the Haar cascade finds.
    /// </summary>
    public SyntheticFrames RenderStreams(int streams, int frames)
    {
        if (!Directory.Exists(Fer2013))
        {
            throw new DirectoryNotFoundException($"The benchmarks draw faces from FER2013, expected at {Fer2013}.");
        }

        var candidates = SyntheticWebcamStream.LoadFer2013Faces(Fer2013, 60);
        IReadOnlyList<byte[]> faces;
        using (var detector = new HaarFaceDetector())
        {
            faces = SyntheticWebcamStream.SelectDetectable(candidates, detector);
        }

        var jpegs = new byte[streams][][];
        Parallel.For(0, streams, s =>
        {
            var stream = new SyntheticWebcamStream(faces, new SyntheticStreamOptions { Seed = s + 1 });
            jpegs[s] = Enumerable.Range(0, frames).Select(i => stream.RenderJpeg(i, out _)).ToArray();
        });
        return new SyntheticFrames(jpegs, faces.Count, candidates.Count);
    }
}

/// <summary>Pre-encoded frames: [stream][frame] JPEG bytes.</summary>
internal sealed record SyntheticFrames(byte[][][] Jpegs, int DetectableFaces, int CandidateFaces)
{
    public int FramesPerStream => Jpegs[0].Length;

    public double MeanBytes => Jpegs.SelectMany(s => s).Average(j => j.Length);

    /// <summary>Frame t of session s: sessions share streams at different offsets, so consecutive frames stay coherent.</summary>
    public byte[] Frame(int session, long t) =>
        Jpegs[session % Jpegs.Length][(int)(((session * 37L) + t) % FramesPerStream)];
}
