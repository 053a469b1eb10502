using System.Diagnostics;
using System.Globalization;

namespace EmoteCare.Bench;

/// <summary>Runs concurrent callers for a fixed time and reports throughput and latency percentiles.</summary>
internal static class Measure
{
    public sealed record Result(double CallsPerSecond, double P50Microseconds, double P99Microseconds, long Calls);

    public static async Task<Result> CallersAsync(int callers, TimeSpan duration, Func<int, long, Task> call)
    {
        var latencies = new List<long>[callers];
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var mine = latencies[caller] = new List<long>(1 << 16);
            for (long i = 0; ; i++)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= stopAt)
                {
                    return;
                }

                await call(caller, i);
                mine.Add(Stopwatch.GetTimestamp() - before);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Result(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), all.Length);
    }

    public static string Format(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)] * 1_000_000.0 / Stopwatch.Frequency;
}
