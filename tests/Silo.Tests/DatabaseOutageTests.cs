using System.Diagnostics;
using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans;

namespace EmoteCare.Silo.Tests;

/// <summary>
/// PostgreSQL stops under a live session and comes back: analysis and live insights go on meanwhile, the session's
/// periodic write fails and is retried on the next tick, and once the database is back the state lands whole. Runs its
/// own PostgreSQL (eng/postgres.sh), since stopping the shared test server would break every other test.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromMilliseconds(500);
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("emotecare-outage-pg.").FullName;
    private readonly int _port = TestPorts.Free();
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = (await PostgresAsync("start", _dataFolder, _port.ToString(CultureInfo.InvariantCulture))).Trim();

    public async Task DisposeAsync()
    {
        await PostgresAsync("stop", _dataFolder);
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task A_live_session_goes_on_while_PostgreSQL_is_down_and_its_state_is_written_whole_when_it_returns()
    {
        var settings = Settings();
        long recorded = 0;
        var observer = new CountingObserver();
        using (var silo = await StartSiloAsync(settings))
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var session = grains.GetGrain<ITherapySessionGrain>("outage");
            await session.Schedule("patient-outage", "therapist-outage", DateTimeOffset.UtcNow);
            await session.SetConsent(new ConsentSnapshot(true, DateTimeOffset.UtcNow));
            await session.Start();
            await session.Subscribe(grains.CreateObjectReference<ISessionObserver>(observer));
            recorded += await RecordAsync(session, 10, recorded);
            var versionBefore = await StoredVersionAsync();

            await PostgresAsync("stop", _dataFolder);
            var insightsBefore = observer.Insights;
            var during = Stopwatch.StartNew();
            while (during.Elapsed < PersistInterval * 4)
            {
                recorded += await RecordAsync(session, 5, recorded);
                await Task.Delay(100);
            }

            Assert.True(observer.Insights > insightsBefore, "insights stopped while the database was down");
            Assert.Equal(recorded, (await session.GetSnapshot()).Aggregate.Frames);

            await PostgresAsync("start", _dataFolder, _port.ToString(CultureInfo.InvariantCulture));
            await Eventually.TrueAsync(async () => await StoredVersionAsync() != versionBefore, "the session wrote its state once the database was back");
            await session.End();
            await silo.StopAsync();
        }

        using var restarted = await StartSiloAsync(settings);
        var snapshot = await restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<ITherapySessionGrain>("outage").GetSnapshot();
        Assert.Equal((SessionStatus.Ended, recorded), (snapshot.Status, snapshot.Aggregate.Frames));
        await restarted.StopAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Postgres"] = _connectionString,
        ["Sessions:PersistInterval"] = PersistInterval.ToString(),
        ["Orleans:ClusterId"] = $"outage-{Guid.NewGuid():N}",
        ["Orleans:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = "0",
        ["Inference:Workers"] = "1",
    };

    private static async Task<long> RecordAsync(ITherapySessionGrain session, int frames, long sequenceBefore)
    {
        var start = DateTimeOffset.UtcNow;
        var batch = Enumerable.Range(1, frames)
            .Select(i => new FrameObservation(sequenceBefore + i, start.AddMilliseconds(i), FacePresent: true, [0.05f, 0.05f, 0.05f, 0.6f, 0.1f, 0.05f, 0.1f], 0.6f, FrameQuality.None))
            .ToArray();
        var receipt = await session.RecordObservations(new ObservationBatch(batch, DroppedFrames: 0));
        Assert.Equal((ObservationOutcome.Recorded, frames), (receipt.Outcome, receipt.Accepted));
        return frames;
    }

    /// <summary>The stored session row's version; null when the database cannot be read.</summary>
    private async Task<int?> StoredVersionAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString = 'outage' AND GrainTypeString = 'session'", connection);
            return await command.ExecuteScalarAsync() is int version ? version : null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private static async Task<IHost> StartSiloAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.UseOrleans(silo => silo.AddEmoteCareSilo(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<string> PostgresAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryFolder.FindAbove(AppContext.BaseDirectory) ?? throw new InvalidOperationException("EmoteCare.sln not found above the test binaries."), "eng", "postgres.sh");
        using var process = Process.Start(new ProcessStartInfo(script, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"eng/postgres.sh {string.Join(' ', arguments)} failed: {error}");
    }

    private sealed class CountingObserver : ISessionObserver
    {
        private int _insights;

        public int Insights => Volatile.Read(ref _insights);

        public void OnInsight(SessionInsight insight) => Interlocked.Increment(ref _insights);

        public void OnAlert(SessionAlert alert)
        {
        }

        public void OnCall(CallMessage message)
        {
        }
    }
}
