using System.Diagnostics;
using System.Globalization;

namespace EmoteCare.Bench;

/// <summary>Activations per second, and the memory an idle activation costs beyond its state.</summary>
internal static class ActivationsBenchmark
{
    private const int Count = 200_000;
    private const int Parallelism = 64;

    public static async Task<int> RunAsync()
    {
        await using var cluster = await BenchSilo.StartAsync(silo => silo.AddMemoryGrainStorageAsDefault());
        await Activate(cluster, "warm", 10_000);

        var before = Heap();
        var started = Stopwatch.GetTimestamp();
        await Activate(cluster, "a", Count);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = Heap();

        var perActivation = (after - before) / (double)Count;
        Console.WriteLine($"activated {Measure.Format(Count)} grains with {Parallelism} callers in {seconds:F2} s");
        Console.WriteLine($"heap grew {Measure.Format(after - before)} bytes: {perActivation:F0} bytes per idle activation (the grain has one int of state)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activations_per_s: {Count / seconds:F0} bytes_per_idle_activation: {perActivation:F0}"));
        return 0;
    }

    private static Task Activate(BenchSilo cluster, string prefix, int count) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
            await cluster.GrainFactory.GetGrain<IBenchGrain>($"{prefix}{i}").Add(1));

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
