using System.Collections.Concurrent;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Inference;
using EmoteCare.Grains.Tests.Conversation;
using EmoteCare.Text;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace EmoteCare.Grains.Tests;

/// <summary>
/// The grain tests' clusters. Every test that only needs a silo uses <see cref="Cluster"/>, started once for the
/// collection, with grain keys of its own (<see cref="Keys.Unique"/>). Two private clusters, each started on first use and
/// shared by the tests that need it, cover what one silo-wide setting would change for every test:
/// <list type="bullet">
/// <item><see cref="ClockedAsync"/>: a <see cref="ManualTimeProvider"/> as the silo's clock, and an inbox of three alerts.</item>
/// <item><see cref="FaultyAsync"/>: <see cref="FlakyStorage"/> as the default storage (it outlives the silo, so a restarted
/// silo reads what the previous one wrote) and live sessions written every 100 ms.</item>
/// </list>
/// Tests of one collection run one at a time, so a test may set the private clusters' clock or storage faults for its
/// own duration.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private static readonly string Root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)!;

    private readonly Lazy<Task<ClockedCluster>> _clocked;
    private readonly Lazy<Task<FaultyCluster>> _faulty;

    public ClusterFixture()
    {
        _clocked = new(StartClockedAsync);
        _faulty = new(StartFaultyAsync);
    }

    /// <summary>The shared cluster: memory storage, default options (sessions written hourly), inference with two workers.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>The cluster with a hand-moved clock, its clock set to <paramref name="now"/>.</summary>
    public async Task<ClockedCluster> ClockedAsync(DateTimeOffset now)
    {
        var clocked = await _clocked.Value;
        clocked.Time.Set(now);
        return clocked;
    }

    /// <summary>The cluster whose storage fails on request; no type is failing when a test gets it.</summary>
    public async Task<FaultyCluster> FaultyAsync()
    {
        var faulty = await _faulty.Value;
        faulty.Storage.FailingType = null;
        return faulty;
    }

    public async Task InitializeAsync() =>
        Cluster = await TestClusters.StartAsync(
            new ClusterSetup { Inference = true },
            new Dictionary<string, string>
            {
                // The plumbing is under test, not the model: the Vision tests' small stand-in keeps this fast.
                ["Inference:ModelPath"] = Path.Combine(Root, "tests", "Vision.Tests", "TestData", "emotion-test.onnx"),
                ["Inference:MaxBatchWait"] = "00:00:00.005",
                ["Inference:Workers"] = "2",
                [$"{ConversationOptions.Section}:{nameof(ConversationOptions.OnCallTherapistIds)}:0"] = OnCallTherapistId,
                [$"{ConversationOptions.Section}:{nameof(ConversationOptions.MessagesPerMinute)}"] = MessagesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    /// <summary>The shared cluster's one on-call therapist, alerted for patients without a therapist.</summary>
    public const string OnCallTherapistId = "on-call-therapist";

    /// <summary>The shared cluster's chat rate limit per patient.</summary>
    public const int MessagesPerMinute = 30;

    public async Task DisposeAsync()
    {
        var clusters = new List<TestCluster> { Cluster };
        if (_clocked.IsValueCreated)
        {
            clusters.Add((await _clocked.Value).Cluster);
        }

        if (_faulty.IsValueCreated)
        {
            clusters.Add((await _faulty.Value).Cluster);
        }

        await Task.WhenAll(clusters.Select(TestClusters.StopAsync));
    }

    private static async Task<ClockedCluster> StartClockedAsync()
    {
        var time = new ManualTimeProvider(Frames.T0);
        var cluster = await TestClusters.StartAsync(new ClusterSetup { Time = time, Therapist = o => o.InboxCapacity = 3 });
        return new ClockedCluster(cluster, time);
    }

    private static async Task<FaultyCluster> StartFaultyAsync()
    {
        var storage = new FlakyStorage();
        var cluster = await TestClusters.StartAsync(new ClusterSetup { Storage = storage, Session = o => o.PersistInterval = TimeSpan.FromMilliseconds(100) });
        return new FaultyCluster(cluster, storage);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}

public sealed record ClockedCluster(TestCluster Cluster, ManualTimeProvider Time)
{
    public IGrainFactory GrainFactory => Cluster.GrainFactory;
}

public sealed record FaultyCluster(TestCluster Cluster, FlakyStorage Storage)
{
    public IGrainFactory GrainFactory => Cluster.GrainFactory;
}

/// <summary>What one test cluster's silos differ in.</summary>
internal sealed class ClusterSetup
{
    /// <summary>The silo clock; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The default grain storage, one object for every silo the cluster ever starts; Orleans' memory storage when null.</summary>
    public IGrainStorage? Storage { get; init; }

    /// <summary>Applied after the tests' default of writing live sessions hourly, so timers only run where a test asks.</summary>
    public Action<TherapySessionOptions>? Session { get; init; }

    public Action<TherapistOptions>? Therapist { get; init; }

    /// <summary>Adds the inference dispatcher, workers and pump, configured from the <c>Inference</c> section.</summary>
    public bool Inference { get; init; }
}

/// <summary>Starts and stops test clusters, handing each one's <see cref="ClusterSetup"/> to its silo configurator.</summary>
internal static class TestClusters
{
    /// <summary>The configuration key under which a cluster finds its setup in <see cref="Setups"/>.</summary>
    private const string SetupKey = "EmoteCareTests:ClusterSetup";

    // The builder instantiates configurators itself, so objects reach them through this registry, keyed by an id the
    // cluster carries in its configuration.
    private static readonly ConcurrentDictionary<string, ClusterSetup> Setups = new();
    private static readonly ConcurrentDictionary<TestCluster, string> SetupIds = new();

    public static async Task<TestCluster> StartAsync(ClusterSetup setup, IReadOnlyDictionary<string, string>? properties = null)
    {
        var id = Guid.NewGuid().ToString("N");
        Setups[id] = setup;
        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 1;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[SetupKey] = id;
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        SetupIds[cluster] = id;
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await StopAsync(cluster);
            throw;
        }

        return cluster;
    }

    public static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
        if (SetupIds.TryRemove(cluster, out var id))
        {
            Setups.TryRemove(id, out _);
        }
    }

    private static ClusterSetup SetupOf(IConfiguration configuration) =>
        configuration[SetupKey] is { } id && Setups.TryGetValue(id, out var setup)
            ? setup
            : throw new InvalidOperationException($"The silo's configuration names no known cluster setup ({SetupKey}).");

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var setup = SetupOf(siloBuilder.Configuration);
            var services = siloBuilder.Services;
            if (setup.Storage is { } storage)
            {
                services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => storage);
            }
            else
            {
                siloBuilder.AddMemoryGrainStorageAsDefault();
            }

            if (setup.Time is { } time)
            {
                services.AddSingleton(time);
            }
            else
            {
                services.TryAddSingleton(TimeProvider.System);
            }

            services.Configure<TherapySessionOptions>(o =>
            {
                o.PersistInterval = TimeSpan.FromHours(1);
                setup.Session?.Invoke(o);
            });
            services.Configure<TherapistOptions>(o => setup.Therapist?.Invoke(o));
            services.AddEmoteCareConversation(siloBuilder.Configuration);
            services.AddSingleton<ICrisisDetector, MarkerCrisisDetector>();
            services.AddSingleton<ITextEmotionClassifier, MarkerEmotionClassifier>();
            services.AddSingleton<ISafetyScreener, FakeScreener>();
            if (setup.Inference)
            {
                services.AddEmoteCareInference(siloBuilder.Configuration);
            }
        }
    }
}

/// <summary>Grain keys no other test uses, so tests can share a cluster.</summary>
internal static class Keys
{
    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";
}

internal static class ClusterExtensions
{
    /// <summary>A scheduled, consented, live session.</summary>
    public static async Task<ITherapySessionGrain> LiveSessionAsync(this IGrainFactory grains, string sessionId, string? patientId = null, string? therapistId = null)
    {
        var session = grains.GetGrain<ITherapySessionGrain>(sessionId);
        await session.Schedule(patientId ?? Keys.Unique("patient"), therapistId ?? Keys.Unique("therapist"), Frames.T0);
        await session.SetConsent(new ConsentSnapshot(true, Frames.T0));
        await session.Start();
        return session;
    }

    /// <summary>
    /// Shuts the silo down gracefully and starts a new one in its place; the client reconnects to it. Grains activate
    /// afresh there from storage, which only a storage object outliving the silo (<see cref="FlakyStorage"/>) still holds.
    /// </summary>
    public static async Task RestartAsync(this TestCluster cluster) => await cluster.RestartSiloAsync(cluster.Primary!);

    /// <summary>A service of the (first) silo.</summary>
    public static T SiloService<T>(this TestCluster cluster)
        where T : notnull =>
        cluster.GetSiloServiceProvider().GetRequiredService<T>();

    /// <summary>What the silo's default storage holds for a grain's state, read the way its next activation would.</summary>
    public static async Task<(T? State, string? ETag)> ReadStoredAsync<T>(this TestCluster cluster, GrainId grainId, string stateName)
    {
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var state = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state.RecordExists ? (state.State, state.ETag) : (default, null);
    }
}
