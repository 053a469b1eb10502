using System.Globalization;

namespace EmoteCare.Bench;

/// <summary>
/// Grain calls per second within one Orleans silo (callers in the silo's process) with callers in parallel, against the same method on plain objects behind a
/// SemaphoreSlim, measured in the same run.
/// </summary>
internal static class GrainCallsBenchmark
{
    private const int Callers = 256;
    private const int Targets = 1024;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync()
    {
        await using var cluster = await BenchSilo.StartAsync(silo => silo.AddMemoryGrainStorageAsDefault());
        var grains = Enumerable.Range(0, Targets).Select(i => cluster.GrainFactory.GetGrain<IBenchGrain>($"g{i}")).ToArray();
        var counters = Enumerable.Range(0, Targets).Select(_ => new LockedCounter()).ToArray();

        Task CallGrain(int caller, long i) => grains[(int)((caller * 7919 + i) % Targets)].Add(1);
        Task CallLocked(int caller, long i) => counters[(int)((caller * 7919 + i) % Targets)].Add(1);

        await Measure.CallersAsync(Callers, Warmup, CallGrain);
        await Measure.CallersAsync(Callers, Warmup, CallLocked);
        var grain = await Measure.CallersAsync(Callers, Duration, CallGrain);
        var baseline = await Measure.CallersAsync(Callers, Duration, CallLocked);

        Console.WriteLine($"cores: {Environment.ProcessorCount}, callers: {Callers}, targets: {Targets}, measured for {Duration.TotalSeconds} s each");
        Console.WriteLine($"grain calls:            {Measure.Format(grain.CallsPerSecond)} calls/s, p50 {grain.P50Microseconds:F1} us, p99 {grain.P99Microseconds:F1} us");
        Console.WriteLine($"SemaphoreSlim baseline: {Measure.Format(baseline.CallsPerSecond)} calls/s, p50 {baseline.P50Microseconds:F1} us, p99 {baseline.P99Microseconds:F1} us");
        var ratio = grain.CallsPerSecond / baseline.CallsPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grain_calls_per_s: {grain.CallsPerSecond:F0} ratio_to_baseline: {ratio:F3}"));
        return 0;
    }
}
