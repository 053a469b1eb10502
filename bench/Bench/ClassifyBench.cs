using System.Diagnostics;
using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;

namespace EmoteCare.Bench;

/// <summary>ORT throughput of the emotion model alone, against the CPU's fp32 peak.</summary>
internal static class ClassifyBench
{
    public static int Run(string[] options)
    {
        var env = BenchEnvironment.Create(options);
        var seconds = BenchEnvironment.Seconds(options, 3);
        var gflops = env.GflopsPerFace();
        Console.WriteLine($"model: {env.DescribeModel()}");
        Console.WriteLine($"ORT {EmoteCare.Vision.Onnx.OnnxSession.RuntimeVersion}, 1 intra-op thread per session, graph optimisation All; peak {BenchEnvironment.PeakGflopsPerCore} GFLOP/s per core");
        Console.WriteLine();
        Console.WriteLine("| threads | batch | faces/s | us/face | GFLOP/s | % of peak |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var summary = string.Empty;
        foreach (var (threads, batch) in new[] { (1, 1), (1, 16), (1, 64), (2, 64) })
        {
            var facesPerSecond = Measure(env.ModelPath, threads, batch, seconds);
            var achieved = gflops is { } g ? facesPerSecond * g : double.NaN;
            var peak = BenchEnvironment.PeakGflopsPerCore * threads;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {threads} | {batch} | {facesPerSecond:F0} | {threads * 1e6 / facesPerSecond:F1} | {achieved:F1} | {100 * achieved / peak:F0}% |"));
            summary = string.Create(
                CultureInfo.InvariantCulture,
                $"classify_faces_per_s: {facesPerSecond:F0} gflops_per_s: {achieved:F1} peak_percent: {100 * achieved / peak:F0} (threads {threads}, batch {batch})");
        }

        Console.WriteLine(summary);
        return 0;
    }

    private static double Measure(string modelPath, int threads, int batch, double seconds)
    {
        var classifiers = Enumerable.Range(0, threads).Select(_ => EmotionClassifier.Open(modelPath)).ToArray();
        var random = new Random(3);
        var crops = new byte[batch * classifiers[0].InputWidth * classifiers[0].InputHeight];
        random.NextBytes(crops);
        var counts = new long[threads];
        using var start = new Barrier(threads);
        var stopAt = 0L;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var probabilities = new float[batch * Emotions.Count];
            var warmUpEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < warmUpEnd)
            {
                classifiers[t].Classify(crops, batch, probabilities);
            }

            start.SignalAndWait();
            if (t == 0)
            {
                Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency));
            }

            start.SignalAndWait();
            var end = Volatile.Read(ref stopAt);
            while (Stopwatch.GetTimestamp() < end)
            {
                classifiers[t].Classify(crops, batch, probabilities);
                counts[t] += batch;
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        foreach (var classifier in classifiers)
        {
            classifier.Dispose();
        }

        return counts.Sum() / seconds;
    }
}
