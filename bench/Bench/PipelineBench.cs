using System.Diagnostics;
using System.Globalization;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Pipeline;

namespace EmoteCare.Bench;

/// <summary>One configuration of a pipeline run.</summary>
internal sealed record PipelineRun(int Workers, int Sessions, bool Tracking, bool Batching, TimeSpan Duration);

/// <summary>What a pipeline run measured.</summary>
internal sealed record PipelineMeasurement(
    long Frames, double Seconds, double FacesPerFrame, double DecodeUs, double DetectUs, double CropUs, double ClassifyUs,
    double LatencyP50Ms, double LatencyP99Ms, double CpuSeconds)
{
    public double FramesPerSecond => Frames / Seconds;

    /// <summary>Frames per second of CPU time this process used: what one fully available core delivers.</summary>
    public double FramesPerCoreSecond => Frames / CpuSeconds;
}

/// <summary>Full-pipeline throughput: workers each own a FramePipeline and serve their share of the sessions.</summary>
internal static class PipelineBench
{
    private const int StreamCount = 4;
    private const int FramesPerStream = 600;

    public static int Run(string[] options)
    {
        var env = BenchEnvironment.Create(options);
        var seconds = BenchEnvironment.Seconds(options, 10);
        var frames = env.RenderStreams(StreamCount, FramesPerStream);
        PrintSetup(env, frames);
        var run = new PipelineRun(Workers: 2, Sessions: 32, Tracking: true, Batching: true, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"run: {Describe(run)}");
        var result = Measure(env, frames, run);
        PrintMeasurement(result);

        if (!options.Contains("--no-python"))
        {
            var python = PythonLoop.Measure(env, frames, seconds: Math.Min(seconds, 10));
            if (python is { } fps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"python loop (python3-opencv: Haar every frame + cv2.dnn batch 1): {fps:F1} frames/s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio C# pipeline / python loop: {result.FramesPerSecond / fps:F1}x"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline_fps: {result.FramesPerSecond:F0}"));
        return 0;
    }

    public static int RunMatrix(string[] options)
    {
        var env = BenchEnvironment.Create(options);
        var seconds = BenchEnvironment.Seconds(options, 4);
        var frames = env.RenderStreams(StreamCount, FramesPerStream);
        PrintSetup(env, frames);
        Console.WriteLine("workers: 2 (one per core), each with its own pipeline and ORT session (1 intra-op thread); sessions split between them");
        Console.WriteLine("batching on: one Process call (one classification) per round over the worker's sessions; off: one call per frame");
        Console.WriteLine("latency: from the start of the Process call holding the frame to its end");
        Console.WriteLine();
        Console.WriteLine("| tracking | batching | sessions | frames/s | frames/core-s | faces/frame | decode us | detect us | crop us | classify us | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var tracking in new[] { true, false })
        {
            foreach (var batching in new[] { true, false })
            {
                foreach (var sessions in new[] { 1, 16, 64 })
                {
                    var run = new PipelineRun(Workers: 2, sessions, tracking, batching, TimeSpan.FromSeconds(seconds));
                    var m = Measure(env, frames, run);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {(tracking ? "on" : "off")} | {(batching ? "on" : "off")} | {sessions} | {m.FramesPerSecond:F0} | {m.FramesPerCoreSecond:F0} | {m.FacesPerFrame:F2} | {m.DecodeUs:F0} | {m.DetectUs:F0} | {m.CropUs:F0} | {m.ClassifyUs:F0} | {m.LatencyP50Ms:F2} | {m.LatencyP99Ms:F2} |"));
                }
            }
        }

        Console.WriteLine();
        return ClassifyBench.Run(options);
    }

    public static PipelineMeasurement Measure(BenchEnvironment env, SyntheticFrames frames, PipelineRun run)
    {
        var workers = Math.Min(run.Workers, run.Sessions);
        var store = new FaceTrackStore();
        var options = new FramePipelineOptions
        {
            EmotionModelPath = env.ModelPath,
            Tracking = new FaceTrackerOptions { Enabled = run.Tracking },
            BatchClassification = run.Batching,
        };
        var pipelines = Enumerable.Range(0, workers).Select(_ => new FramePipeline(options, store)).ToArray();
        var stats = Enumerable.Range(0, workers).Select(_ => new WorkerStats()).ToArray();
        using var ready = new Barrier(workers + 1);
        var window = new MeasurementWindow();
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            var sessions = Enumerable.Range(0, run.Sessions).Where(s => s % workers == w).ToArray();
            Work(pipelines[w], frames, sessions, run.Batching, stats[w], ready, window);
        })
        { Name = $"pipeline-worker-{w}", IsBackground = true }).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        // Warm-up (JIT, ORT arena, tracker state), then a common measurement window for all workers.
        ready.SignalAndWait();
        Thread.Sleep(1500);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        window.Open(run.Duration);
        foreach (var thread in threads)
        {
            thread.Join();
        }

        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        var elapsed = run.Duration.TotalSeconds;
        foreach (var pipeline in pipelines)
        {
            pipeline.Dispose();
        }

        var total = stats.Sum(s => s.Frames);
        var latencies = stats.SelectMany(s => s.LatencyMs).Order().ToArray();
        return new PipelineMeasurement(
            total,
            elapsed,
            stats.Sum(s => s.Faces) / (double)Math.Max(1, total),
            stats.Sum(s => s.DecodeUs) / (double)Math.Max(1, total),
            stats.Sum(s => s.DetectUs) / (double)Math.Max(1, total),
            stats.Sum(s => s.CropUs) / (double)Math.Max(1, total),
            stats.Sum(s => s.ClassifyUs) / (double)Math.Max(1, total),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            cpuSeconds);
    }

    /// <summary>
    /// Serves the worker's sessions round after round. Only calls that start after the window opens and
    /// end before it closes are counted, so the figure slightly undercounts rather than overcounts.
    /// </summary>
    private static void Work(
        FramePipeline pipeline, SyntheticFrames frames, int[] sessions, bool batching, WorkerStats stats, Barrier ready, MeasurementWindow window)
    {
        var batch = new FrameInput[sessions.Length];
        var ids = sessions.Select(s => $"session-{s}").ToArray();
        var calls = batching ? [batch] : batch.Select(_ => new FrameInput[1]).ToArray();
        long t = 0;
        var warmUpEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var signalled = false;
        while (true)
        {
            if (!signalled && Stopwatch.GetTimestamp() >= warmUpEnd)
            {
                ready.SignalAndWait();
                signalled = true;
            }

            for (var i = 0; i < sessions.Length; i++)
            {
                batch[i] = new FrameInput(ids[i], frames.Frame(sessions[i], t), t, t);
                if (!batching)
                {
                    calls[i][0] = batch[i];
                }
            }

            t++;
            foreach (var call in calls)
            {
                var counting = window.IsOpen;
                var started = Stopwatch.GetTimestamp();
                var results = pipeline.Process(call);
                var finished = Stopwatch.GetTimestamp();
                if (counting)
                {
                    if (finished > window.Closes)
                    {
                        return;
                    }

                    stats.Add(results, Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds);
                }
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Describe(PipelineRun run) =>
        $"{run.Workers} workers, {run.Sessions} sessions, tracking {(run.Tracking ? "on" : "off")}, batching {(run.Batching ? "on" : "off")}, {run.Duration.TotalSeconds:F0} s measured";

    private static void PrintSetup(BenchEnvironment env, SyntheticFrames frames)
    {
        Console.WriteLine($"model: {env.DescribeModel()}");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"stream: {frames.Jpegs.Length} synthetic one-face streams x {frames.FramesPerStream} frames, 320x240 gray JPEG (mean {frames.MeanBytes / 1024:F1} KiB), {frames.DetectableFaces} FER2013 val faces (of {frames.CandidateFaces} tried) scaled to 96-120 px"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}");
    }

    private static void PrintMeasurement(PipelineMeasurement m)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames: {m.Frames} in {m.Seconds:F1} s = {m.FramesPerSecond:F0} frames/s; faces per frame {m.FacesPerFrame:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean per frame: decode {m.DecodeUs:F0} us, detect/track {m.DetectUs:F0} us, crop {m.CropUs:F0} us, classify {m.ClassifyUs:F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch latency: p50 {m.LatencyP50Ms:F2} ms, p99 {m.LatencyP99Ms:F2} ms"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cpu: {m.CpuSeconds:F1} s used in {m.Seconds:F1} s ({m.CpuSeconds / m.Seconds:F2} of {Environment.ProcessorCount} cores); {m.FramesPerCoreSecond:F0} frames per core-second"));
    }

    private sealed class MeasurementWindow
    {
        private long _closes = long.MaxValue;
        private volatile bool _open;

        public bool IsOpen => _open;

        public long Closes => Volatile.Read(ref _closes);

        public void Open(TimeSpan duration)
        {
            Volatile.Write(ref _closes, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            _open = true;
        }
    }

    private sealed class WorkerStats
    {
        public long Frames { get; private set; }

        public long Faces { get; private set; }

        public long DecodeUs { get; private set; }

        public long DetectUs { get; private set; }

        public long CropUs { get; private set; }

        public long ClassifyUs { get; private set; }

        public List<double> LatencyMs { get; } = new(1 << 16);

        public void Add(IReadOnlyList<FrameResult> results, double latencyMs)
        {
            foreach (var result in results)
            {
                if (result.Rejection != FrameRejection.None)
                {
                    throw new InvalidOperationException($"benchmark frame rejected: {result.Rejection} {result.RejectionDetail}");
                }

                Frames++;
                Faces += result.Faces.Count;
                DecodeUs += result.Timings.DecodeMicroseconds;
                DetectUs += result.Timings.DetectMicroseconds;
                CropUs += result.Timings.CropMicroseconds;
                ClassifyUs += result.Timings.ClassifyMicroseconds;
                LatencyMs.Add(latencyMs);
            }
        }
    }
}
