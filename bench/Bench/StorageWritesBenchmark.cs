using System.Globalization;

namespace EmoteCare.Bench;

/// <summary>Grain state writes per second to PostgreSQL through Orleans' ADO.NET grain storage, each an ETag-checked update of one grain's row.</summary>
internal static class StorageWritesBenchmark
{
    private const int Writers = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        if (string.IsNullOrEmpty(connectionString))
        {
            Console.Error.WriteLine("Set ConnectionStrings__Postgres (eng/postgres.sh start prints one).");
            return 2;
        }

        // The Api's own composition: ADO.NET storage on PostgreSQL (Npgsql) with Orleans' binary state format, the
        // schema applied at start. Only clustering differs (localhost, free ports).
        await using var cluster = await BenchSilo.StartEmoteCareAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        });
        var run = Guid.NewGuid().ToString("N")[..8];
        var grains = Enumerable.Range(0, Writers).Select(i => cluster.GrainFactory.GetGrain<IBenchStateGrain>($"{run}-{i}")).ToArray();

        await Measure.CallersAsync(Writers, TimeSpan.FromSeconds(2), (caller, i) => grains[caller].Write((int)i));
        var result = await Measure.CallersAsync(Writers, Duration, (caller, i) => grains[caller].Write((int)i));

        Console.WriteLine($"{Writers} grains writing in parallel for {Duration.TotalSeconds} s: p50 {result.P50Microseconds:F0} us, p99 {result.P99Microseconds:F0} us per write");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state_writes_per_s: {result.CallsPerSecond:F0}"));
        return 0;
    }
}
