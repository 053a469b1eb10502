using System.Diagnostics;
using System.Globalization;
using EmoteCare.Text;
using EmoteCare.Vision;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Bench;

/// <summary>
/// The crisis detector per message on one thread: latency percentiles and bytes allocated per call, over the
/// hand-written test set and, where it is there, GoEmotions dev (ordinary chat).
/// </summary>
internal static class CrisisBench
{
    public static int Run(string[] options)
    {
        var root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
            ?? RepositoryFolder.FindAbove(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
        var seconds = BenchEnvironment.Seconds(options, 5);
        var testSet = Directory.GetFiles(Path.Combine(root, "tests", "Text.Tests", "Crisis", "TestData"), "*.tsv")
            .Where(f => !Path.GetFileName(f).Contains("exceptions", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Where(l => l.Length > 0)
            .Select(l => l[..l.LastIndexOf('\t')]);
        var dev = Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets", "goemotions", "dev.tsv"));
        var chat = File.Exists(dev) ? File.ReadLines(dev).Select(l => l.Split('\t')[0]) : [];
        var messages = testSet.Concat(chat).ToArray();

        using var services = new ServiceCollection().AddCrisisDetection().BuildServiceProvider();
        var detector = services.GetRequiredService<ICrisisDetector>();
        Console.WriteLine($"messages: {messages.Length} (the crisis test set{(File.Exists(dev) ? " and GoEmotions dev" : string.Empty)}), mean {messages.Average(m => m.Length):F0} characters, longest {messages.Max(m => m.Length)}");
        Console.WriteLine("one thread, detector as AddCrisisDetection registers it; each call timed alone");

        var warmUpEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        for (var i = 0; Stopwatch.GetTimestamp() < warmUpEnd; i++)
        {
            detector.Assess(messages[i % messages.Length]);
        }

        var latencies = new List<long>(1 << 20);
        var flagged = 0L;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
        {
            var before = Stopwatch.GetTimestamp();
            var crisis = detector.Assess(messages[i % messages.Length]).IsCrisis;
            latencies.Add(Stopwatch.GetTimestamp() - before);
            flagged += crisis ? 1 : 0;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // CPU time stays meaningful on a shared machine, where other processes stretch the wall-clock percentiles.
        var cpuPerCall = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / latencies.Count;
        var bytesPerCall = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / latencies.Count;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        double Us(double p) => sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls: {sorted.Length} in {elapsed:F1} s ({sorted.Length / elapsed:F0}/s), {100.0 * flagged / sorted.Length:F1} % flagged, {bytesPerCall:F0} bytes allocated per call, {cpuPerCall:F1} us of process CPU per call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crisis_us_per_message: p50 {Us(0.50):F1} p99 {Us(0.99):F1} max {Us(1.0):F1}"));
        return 0;
    }
}
