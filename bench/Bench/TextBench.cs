using System.Globalization;
using EmoteCare.Text;
using EmoteCare.Vision;

namespace EmoteCare.Bench;

/// <summary>Latency of <see cref="TextEmotionClassifier.Classify"/> per message on one thread, over GoEmotions dev messages.</summary>
internal static class TextBench
{
    public static int Run(string[] options)
    {
        var root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
            ?? RepositoryFolder.FindAbove(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
        var modelPath = Path.GetFullPath(BenchEnvironment.Option(options, "--model") ?? Path.Combine(root, "models", "emotion-text.onnx"));
        var dataPath = Path.GetFullPath(BenchEnvironment.Option(options, "--data")
            ?? Path.Combine(root, "..", "shared", "datasets", "goemotions", "dev.tsv"));
        var seconds = BenchEnvironment.Seconds(options, 10);
        var messages = File.ReadLines(dataPath).Select(line => line.Split('\t')[0]).ToArray();

        using var classifier = TextEmotionClassifier.Open(modelPath);
        var tokens = new long[TextTokenizer.MaxTokens];
        var meanTokens = messages.Average(m => classifier.Tokenizer.Encode(m, tokens));
        Console.WriteLine($"model: {Path.GetRelativePath(root, modelPath)} ({classifier.Model.Name} {classifier.Model.Version})");
        Console.WriteLine(FormattableString.Invariant($"messages: {messages.Length} from {dataPath}, {meanTokens:F1} tokens on average, cycled in file order"));
        Console.WriteLine($"ORT {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}, 1 intra-op thread, graph optimisation All; one caller; {seconds:F0} s after one warm-up pass");

        foreach (var message in messages)
        {
            classifier.Classify(message);
        }

        // Process CPU time per call stays meaningful when other work on the machine stretches the wall-clock tail.
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var result = Measure.CallersAsync(1, TimeSpan.FromSeconds(seconds), (_, i) =>
        {
            classifier.Classify(messages[i % messages.Length]);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
        var cpuPerCall = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / result.Calls;
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"text_classify_p50_us: {result.P50Microseconds:F0} p99_us: {result.P99Microseconds:F0} per_s: {result.CallsPerSecond:F0} cpu_us_per_call: {cpuPerCall:F0} (n={result.Calls}, one thread)"));
        return 0;
    }
}
