using System.Diagnostics;
using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace EmoteCare.Silo.Tests;

public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Kill_9_mid_session_loses_at_most_one_persistence_interval_and_no_patient_history()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var progress = new List<(long Frames, long UnixMs)>();
        var ended = false;
        using (var host = StartCrashHost(run))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (progress.Count == 0 || progress[^1].UnixMs - progress[0].UnixMs < 4000)
            {
                var line = await host.StandardOutput.ReadLineAsync().WaitAsync(deadline - DateTime.UtcNow)
                    ?? throw new InvalidOperationException($"The crash host exited early: {await host.StandardError.ReadToEndAsync()}");
                ended |= line == $"ended done-{run}";
                var parts = line.Split(' ');
                if (parts[0] == "recorded")
                {
                    progress.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
                }
            }

            host.Kill();
            await host.WaitForExitAsync();
        }

        Assert.True(ended);
        var killedAt = progress[^1].UnixMs;

        using var silo = await StartSiloAsync(run);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var history = await grains.GetGrain<IPatientGrain>($"patient-{run}").GetHistory(10);
        var snapshot = await grains.GetGrain<ITherapySessionGrain>($"live-{run}").GetSnapshot();

        Assert.Equal($"done-{run}", Assert.Single(history).SessionId);
        Assert.Equal(50, history[0].Aggregate.Frames);
        Assert.Equal(SessionStatus.Live, snapshot.Status);
        var persistedFrames = snapshot.Aggregate.Frames;
        Assert.True(persistedFrames > 0, "nothing of the live session was persisted");
        var persistedAt = progress.First(p => p.Frames >= persistedFrames).UnixMs;
        var lost = TimeSpan.FromMilliseconds(killedAt - persistedAt);
        Assert.True(lost <= PersistInterval + TimeSpan.FromMilliseconds(500), $"lost {lost.TotalMilliseconds} ms of frames ({progress[^1].Frames - persistedFrames} frames), more than one persistence interval");
        await silo.StopAsync();
    }

    /// <summary>
    /// The restarted silo takes the killed one's endpoint, as a restarted node does: Orleans then knows the old entry
    /// in the membership table for an earlier incarnation and declares it dead at once.
    /// </summary>
    private static readonly int SiloPort = TestPorts.Free();
    private static readonly int GatewayPort = TestPorts.Free();

    private static Dictionary<string, string?> Settings(string run) => new()
    {
        ["ConnectionStrings:Postgres"] = TestPostgres.ConnectionString,
        ["Sessions:PersistInterval"] = PersistInterval.ToString(),
        ["Orleans:ClusterId"] = $"crash-{run}",
        ["Orleans:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
    };

    private static Process StartCrashHost(string run)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CrashHost", "bin", Configuration, "net10.0", "EmoteCare.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, run, .. Settings(run).Select(s => $"--{s.Key}={s.Value}")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static async Task<IHost> StartSiloAsync(string run)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings(run));
        builder.Services.AddLogging();
        builder.UseOrleans(silo => silo.AddEmoteCareSilo(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
