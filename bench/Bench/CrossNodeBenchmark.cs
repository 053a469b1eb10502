using System.Diagnostics;
using System.Globalization;
using System.Net;
using EmoteCare.Grains.Interfaces;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace EmoteCare.Bench;

/// <summary>
/// What a cross-node hop costs: <see cref="ITherapySessionGrain.RecordObservations"/> called from node A (where the
/// frame was analysed) on session grains placed on A itself and on a second node B, at the live rate and at
/// saturation. Both silos run in this process, so process CPU time covers both ends of the hop.
/// </summary>
internal static class CrossNodeBenchmark
{
    private const int SessionsPerSide = 150;
    private const double FramesPerSecondPerSession = 2;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync(string[] options)
    {
        var seconds = BenchEnvironment.Seconds(options, 10);
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" };
        await using var a = await BenchSilo.StartEmoteCareAsync(settings);
        await using var b = await BenchSilo.StartEmoteCareAsync(settings, new IPEndPoint(IPAddress.Loopback, a.SiloPort));
        var grains = a.GrainFactory;
        var management = grains.GetGrain<IManagementGrain>(0);
        await WaitForPlacementOnAsync(grains, management, b.Address);

        var local = await CreateSessionsAsync(grains, management, a.Address, "local");
        var remote = await CreateSessionsAsync(grains, management, b.Address, "remote");
        var hosts = await management.GetHosts(onlyActive: true);
        Console.WriteLine($"cores: {Environment.ProcessorCount}; silos: {hosts.Count} active (A {a.Address}, B {b.Address}); caller: code on A outside any grain, like the inference pump");
        Console.WriteLine($"sessions: {SessionsPerSide} live on A, {SessionsPerSide} live on B (placement checked with IManagementGrain.GetActivationAddress); each call is one ObservationBatch with one 7-probability FrameObservation");

        var idle = await IdleCoresAsync(TimeSpan.FromSeconds(3));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle: {idle:F3} cores used by the two silos with no calls"));

        // Live rate: 150 sessions x 2 frames/s = 300 calls/s, alternating local and remote rounds so both see the same machine.
        await PacedAsync(local, Warmup);
        await PacedAsync(remote, Warmup);
        var pacedLocal = new List<Phase>();
        var pacedRemote = new List<Phase>();
        for (var round = 0; round < 2; round++)
        {
            pacedLocal.Add(await PacedAsync(local, TimeSpan.FromSeconds(seconds)));
            pacedRemote.Add(await PacedAsync(remote, TimeSpan.FromSeconds(seconds)));
        }

        // Saturation: one caller per session, each awaiting its call before sending the next.
        var saturatedLocal = new List<Phase>();
        var saturatedRemote = new List<Phase>();
        await SaturatedAsync(local, TimeSpan.FromSeconds(2));
        await SaturatedAsync(remote, TimeSpan.FromSeconds(2));
        for (var round = 0; round < 2; round++)
        {
            saturatedLocal.Add(await SaturatedAsync(local, TimeSpan.FromSeconds(seconds / 2)));
            saturatedRemote.Add(await SaturatedAsync(remote, TimeSpan.FromSeconds(seconds / 2)));
        }

        await CheckPlacementAsync(management, local, a.Address);
        await CheckPlacementAsync(management, remote, b.Address);
        var failures = local.Sum(s => s.Failures) + remote.Sum(s => s.Failures);
        var sent = local.Concat(remote).Sum(s => s.Sent);
        var recorded = 0L;
        foreach (var session in local.Concat(remote))
        {
            recorded += (await session.Grain.GetSnapshot()).Aggregate.Frames;
        }

        failures += (int)(sent - recorded);

        var rate = SessionsPerSide * FramesPerSecondPerSession;
        var pl = Phase.Combine(pacedLocal);
        var pr = Phase.Combine(pacedRemote);
        var sl = Phase.Combine(saturatedLocal);
        var sr = Phase.Combine(saturatedRemote);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"at {rate:F0} calls/s ({SessionsPerSide} sessions x {FramesPerSecondPerSession:F0} frames/s), 2 x {seconds:F0} s each, alternating:"));
        Console.WriteLine(pl.Describe("  session on A (local) "));
        Console.WriteLine(pr.Describe("  session on B (remote)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  remote - local: p50 +{pr.P50 - pl.P50:F0} us, p99 +{pr.P99 - pl.P99:F0} us, CPU +{pr.CpuPerCall - pl.CpuPerCall:F1} us per call (+{(pr.Cores - pl.Cores) * 100:F1} % of a core at this rate)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"at saturation ({SessionsPerSide} callers, one per session, closed loop), 2 x {seconds / 2:F0} s each, alternating:"));
        Console.WriteLine(sl.Describe("  session on A (local) "));
        Console.WriteLine(sr.Describe("  session on B (remote)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  remote / local: {sr.CallsPerSecond / sl.CallsPerSecond:F2}x the calls/s, CPU +{sr.CpuPerCall - sl.CpuPerCall:F1} us per call"));
        Console.WriteLine($"frames sent: {Measure.Format(sent)}, in the sessions' aggregates: {Measure.Format(recorded)}; failed or unrecorded calls: {failures}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cross_node_extra_latency_us_p50: {pr.P50 - pl.P50:F0} extra_cpu_us_per_call: {pr.CpuPerCall - pl.CpuPerCall:F1}"));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>A freshly joined silo takes placement hints only once the caller's silo knows its grain types.</summary>
    private static async Task WaitForPlacementOnAsync(IGrainFactory grains, IManagementGrain management, SiloAddress silo)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        for (var attempt = 0; ; attempt++)
        {
            var probe = grains.GetGrain<IBenchGrain>($"probe-{attempt}");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                await probe.Add(1);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            if (silo.Equals(await management.GetActivationAddress(probe)))
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"No grain could be placed on {silo} within 30 s.");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<Session[]> CreateSessionsAsync(IGrainFactory grains, IManagementGrain management, SiloAddress silo, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var sessions = new Session[SessionsPerSide];
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            await Parallel.ForAsync(0, SessionsPerSide, async (i, _) =>
            {
                var grain = grains.GetGrain<ITherapySessionGrain>($"{prefix}-{run}-{i}");
                var now = DateTimeOffset.UtcNow;
                await grain.Schedule($"patient-{prefix}-{run}-{i}", $"therapist-{prefix}-{run}-{i % 15}", now);
                await grain.SetConsent(new ConsentSnapshot(true, now));
                await grain.Start();
                sessions[i] = new Session(grain);
            });
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        await CheckPlacementAsync(management, sessions, silo);
        return sessions;
    }

    private static async Task CheckPlacementAsync(IManagementGrain management, Session[] sessions, SiloAddress silo)
    {
        var misplaced = 0;
        foreach (var session in sessions)
        {
            if (!silo.Equals(await management.GetActivationAddress(session.Grain)))
            {
                misplaced++;
            }
        }

        if (misplaced > 0)
        {
            throw new InvalidOperationException($"{misplaced} of {sessions.Length} sessions are not on {silo}.");
        }
    }

    private static async Task<double> IdleCoresAsync(TimeSpan duration)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(duration);
        return (Environment.CpuUsage.TotalTime - cpu).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Each session sends one frame every 1/rate seconds, the sessions' phases spread evenly over the interval.</summary>
    private static async Task<Phase> PacedAsync(Session[] sessions, TimeSpan duration)
    {
        var interval = (long)(Stopwatch.Frequency / FramesPerSecondPerSession);
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = await Task.WhenAll(sessions.Select((session, k) => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var next = start + (interval * k / sessions.Length); next < end; next += interval)
            {
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
                }

                var before = Stopwatch.GetTimestamp();
                await session.RecordAsync();
                mine.Add(Stopwatch.GetTimestamp() - before);
            }

            return mine;
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return Phase.From(latencies.SelectMany(l => l), elapsed, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    private static async Task<Phase> SaturatedAsync(Session[] sessions, TimeSpan duration)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
        {
            var mine = new List<long>(1 << 14);
            while (true)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= end)
                {
                    return mine;
                }

                await session.RecordAsync();
                mine.Add(Stopwatch.GetTimestamp() - before);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return Phase.From(latencies.SelectMany(l => l), elapsed, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }

    /// <summary>A live session fed one analysed frame per call, as the inference workers send them.</summary>
    private sealed class Session(ITherapySessionGrain grain)
    {
        // Mostly neutral with some happiness: no sustained negative affect, so no alerts to deliver.
        private static readonly float[] Probabilities = [0.02f, 0.01f, 0.02f, 0.25f, 0.03f, 0.02f, 0.65f];
        private long _sequence;

        public ITherapySessionGrain Grain => grain;

        public int Failures { get; private set; }

        public long Sent => _sequence;

        public async Task RecordAsync()
        {
            var frame = new FrameObservation(++_sequence, DateTimeOffset.UtcNow, true, Probabilities, 0.65f, FrameQuality.None);
            var receipt = await grain.RecordObservations(new ObservationBatch([frame], 0));
            if (receipt.Outcome != ObservationOutcome.Recorded || receipt.Accepted != 1)
            {
                Failures++;
            }
        }
    }

    private sealed record Phase(long Calls, double Seconds, double CpuSeconds, double P50, double P99)
    {
        public double CallsPerSecond => Calls / Seconds;

        public double CpuPerCall => CpuSeconds * 1e6 / Calls;

        public double Cores => CpuSeconds / Seconds;

        public static Phase From(IEnumerable<long> ticks, double seconds, double cpuSeconds)
        {
            var sorted = ticks.Select(t => t * 1e6 / Stopwatch.Frequency).Order().ToArray();
            return new Phase(sorted.Length, seconds, cpuSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
        }

        /// <summary>Sums of rounds; percentiles are the rounds' means (each round has thousands of calls).</summary>
        public static Phase Combine(IReadOnlyList<Phase> rounds) => new(
            rounds.Sum(r => r.Calls), rounds.Sum(r => r.Seconds), rounds.Sum(r => r.CpuSeconds), rounds.Average(r => r.P50), rounds.Average(r => r.P99));

        public string Describe(string label) => string.Create(CultureInfo.InvariantCulture,
            $"{label}: {Measure.Format(CallsPerSecond)} calls/s, p50 {P50:F0} us, p99 {P99:F0} us, process CPU {CpuPerCall:F1} us per call ({Cores:F2} cores)");

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
    }
}
