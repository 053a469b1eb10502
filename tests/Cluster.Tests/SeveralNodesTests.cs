using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmoteCare.Api.Tests;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision;
using EmoteCare.Vision.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace EmoteCare.Cluster.Tests;

/// <summary>
/// Several nodes against one PostgreSQL (issue #10, item 7): three Api nodes and the standalone silo as separate
/// processes on loopback, a live session across them, and <c>kill -9</c> of the node that hosts the session grain.
/// </summary>
public sealed partial class SeveralNodesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(1);

    /// <summary>Everything must have recovered this soon after the kill.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    /// <summary>Four frames a second: inside the per-session ingest limit (5/s), and a few frames per persistence interval.</summary>
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(250);

    private static readonly string Root = RepositoryFolder.FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Tests must run from inside the repository.");

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Killing_the_node_that_hosts_a_live_session_loses_at_most_one_persistence_interval_and_its_clients_carry_on_elsewhere()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var clusterId = $"cluster-{run}";
        await using var database = await FreshDatabase.CreateAsync();
        var nodes = new List<ClusterNode>
        {
            new("node A", TestPorts.Free(), TestPorts.Free()),
            new("node B", TestPorts.Free(), TestPorts.Free()),
            new("node C", TestPorts.Free(), TestPorts.Free()),
            new("silo S", TestPorts.Free(), TestPorts.Free()),
        };
        var (nodeA, nodeB, nodeC, siloS) = (nodes[0], nodes[1], nodes[2], nodes[3]);
        IHost? orleansClient = null;
        var failed = true;
        try
        {
            // 1. The database's accounts, then four processes forming one cluster. seed-demo runs beside the nodes' start
            //    as a one-node cluster of its own (Localhost clustering) over the same storage, and exits before any use.
            var common = ClusterSettings(database.ConnectionString, clusterId);
            var seed = ApiProcess.RunCommandAsync(["seed-demo"], new Dictionary<string, string>(common)
            {
                ["Orleans__Clustering"] = "Localhost",
                ["Orleans__SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            });
            siloS.Silo = ChildProcess.Start(ChildProcess.DotnetStartInfo("Silo", [], NodeSettings(common, siloS)));
            var apiStarts = new[] { nodeA, nodeB, nodeC }.Select(async node => node.Api = await ApiProcess.StartAsync(NodeSettings(common, node))).ToArray();
            try
            {
                await Task.WhenAll(apiStarts);
            }
            finally
            {
                // Nodes that did start are disposed in the outer finally through their ClusterNode.
                await Task.WhenAll(apiStarts.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            }

            Log($"three Api nodes healthy: {nodeA}, {nodeB}, {nodeC}");
            var (seedExit, seedOutput) = await seed;
            Assert.True(seedExit == 0, seedOutput);
            var passwords = PasswordLine().Matches(seedOutput).ToDictionary(m => m.Groups["role"].Value, m => (Email: m.Groups["email"].Value, Password: m.Groups["password"].Value));

            orleansClient = await StartOrleansClientAsync(database.ConnectionString, clusterId);
            var management = orleansClient.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            await WaitAsync(
                async () => (await management.GetHosts(onlyActive: true)).Count == nodes.Count,
                TimeSpan.FromSeconds(60),
                "all four silos are active members of the cluster",
                () => siloS.Silo.HasExited ? $"the standalone silo exited:\n{siloS.OutputTail(40)}" : "");
            Log("four silos active");

            // 2. The therapist books, starts and ends an earlier session: the patient's history, which must survive.
            //    Orleans places a new activation near its first caller, so booking through A usually puts the session
            //    (and the patient's grain) on A, the patient's node: its death then takes the patient's connection, the
            //    grain and the history's grain at once, while the therapist's node C survives and has to find the
            //    reactivated grain again. Wherever the grain lands, the test kills its node and checks the same things.
            using var therapistHttp = await SignInAsync(nodeA, passwords["therapist"]);
            using var patientHttp = await SignInAsync(nodeA, passwords["patient"]);
            var patientId = (await patientHttp.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
            var earlierSessionId = await ScheduleAsync(therapistHttp, patientId);
            (await therapistHttp.PostAsync(new Uri($"/api/sessions/{earlierSessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
            (await therapistHttp.PostAsync(new Uri($"/api/sessions/{earlierSessionId}/end", UriKind.Relative), null)).EnsureSuccessStatusCode();
            var historyBefore = await HistoryAsync(patientHttp, patientId);
            var earlierEntry = Assert.Single(historyBefore, h => h.GetProperty("sessionId").GetString() == earlierSessionId);

            // 3. The live session: the patient streams to A, where frames are analysed; the therapist watches from C.
            var sessionId = await ScheduleAsync(therapistHttp, patientId);
            (await patientHttp.PutAsJsonAsync($"/api/sessions/{sessionId}/consent", new { facialAnalysis = true })).EnsureSuccessStatusCode();
            (await therapistHttp.PostAsync(new Uri($"/api/sessions/{sessionId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
            var apiNodes = new[] { nodeA, nodeB, nodeC };
            await using var therapist = new Watcher(sessionId, Token(therapistHttp), apiNodes, Log);
            await using var patient = new Streamer(sessionId, Token(patientHttp), apiNodes, RenderFrames(), FrameInterval, Log);
            var firstSnapshot = await therapist.WatchAsync(nodeC, CancellationToken.None);
            Assert.Equal("live", firstSnapshot.GetProperty("status").GetString());
            await patient.JoinAsync(nodeA, CancellationToken.None);
            patient.StartStreaming();

            // 4. Where the session grain lives, from the cluster itself; that node is the one to kill.
            SiloAddress? host = null;
            await WaitAsync(async () => (host = await management.GetActivationAddress(orleansClient.Services.GetRequiredService<IClusterClient>().GetGrain<ITherapySessionGrain>(sessionId))) is not null, TimeSpan.FromSeconds(10), "the session grain has an address");
            var victim = nodes.Single(n => n.SiloPort == host!.Endpoint.Port);
            Log($"the session grain lives on {victim}");

            // Several persistence intervals of frames and insights before the kill.
            await WaitAsync(() => Task.FromResult(therapist.Insights.Count(i => i.Frames > 0) >= 8 && patient.Accepted >= 12), TimeSpan.FromSeconds(30), "insights with frames reach the therapist");

            // 5. kill -9 the grain's node.
            var killedAt = DateTime.UtcNow;
            var sinceKill = Stopwatch.StartNew();
            victim.Kill();
            Log($"killed {victim}");
            using var recovery = new CancellationTokenSource(RecoveryBound);
            var insightsBeforeKill = therapist.Insights.Where(i => i.ReceivedAt <= killedAt).ToList();
            var acceptedBeforeKill = patient.Accepted;

            // 6. Within 30 s: the therapist's snapshot and then live insights (reconnecting first when their node died) ...
            var watching = therapist.RecoverAsync(recovery.Token);

            // ... the patient's history, read through a surviving node ...
            var survivor = apiNodes.First(n => !n.Killed);
            using var survivorHttp = new HttpClient { BaseAddress = survivor.BaseAddress };
            survivorHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(patientHttp));
            var history = RetryAsync(() => HistoryAsync(survivorHttp, patientId), "reading the patient's history", recovery.Token);

            // ... and the patient streaming again, through another node when theirs died.
            var streaming = WaitAsync(() => Task.FromResult(patient.AcceptedSince(killedAt) > 0), RecoveryBound, "the patient's frames are accepted again", cancellationToken: recovery.Token);

            var (snapshot, snapshotAt, liveInsight) = await Within(watching, () => therapist.Progress);
            Log($"therapist: snapshot with {Frames(snapshot)} frames after {sinceKill.Elapsed.TotalSeconds:F1} s, then a live insight with {liveInsight.Frames} frames");
            var historyAfter = await Within(history, () => "the patient's history was not readable");
            await Within(streaming, () => "the patient's frames were not accepted again");
            Log($"patient streaming again after {sinceKill.Elapsed.TotalSeconds:F1} s, on {patient.Node}");

            // The grain reactivated on a survivor.
            SiloAddress? newHost = null;
            await WaitAsync(
                async () => (newHost = await management.GetActivationAddress(orleansClient.Services.GetRequiredService<IClusterClient>().GetGrain<ITherapySessionGrain>(sessionId)).AsTask().WaitAsync(TimeSpan.FromSeconds(2))) is not null,
                RecoveryBound - sinceKill.Elapsed,
                "the reactivated session grain has an address");
            var recovered = sinceKill.Elapsed;
            var newHostNode = nodes.Single(n => n.SiloPort == newHost!.Endpoint.Port);
            Log($"recovered in {recovered.TotalSeconds:F1} s; the session grain now lives on {newHostNode}");

            Assert.True(recovered <= RecoveryBound, $"recovery took {recovered.TotalSeconds:F1} s");
            Assert.False(newHostNode.Killed, $"the session grain is still addressed on the killed {newHostNode}");

            // Aggregates: at most one persistence interval lost. The grain writes every PersistInterval, so what it had
            // counted by (kill - PersistInterval) is in PostgreSQL. The slack covers the write's own duration (a round
            // trip to PostgreSQL that a loaded machine stretches) and the timer's tick waiting behind the grain's turns:
            // an insight received at t counts frames recorded at or before t, which are stored if a write began after
            // them. The snapshot also counts frames analysed since the reactivation, so this bounds the loss from above.
            var cutoff = killedAt - PersistInterval - TimeSpan.FromMilliseconds(500);
            var stored = insightsBeforeKill.LastOrDefault(i => i.ReceivedAt <= cutoff);
            Assert.True(stored is not null && stored.Frames > 0, $"no insight with frames arrived more than a persistence interval before the kill: {Describe(insightsBeforeKill, killedAt)}");
            Assert.Equal("live", snapshot.GetProperty("status").GetString());
            Assert.True(
                Frames(snapshot) >= stored.Frames,
                $"the reactivated session counts {Frames(snapshot)} frames; {stored.Frames} had been counted {(killedAt - stored.ReceivedAt).TotalMilliseconds:F0} ms before the kill. {Describe(insightsBeforeKill, killedAt)}");
            Assert.True(Frames(snapshot) <= patient.Accepted, $"the session counts {Frames(snapshot)} frames, more than the {patient.Accepted} accepted from the patient");

            // Then live insights again: newer than the snapshot, with frames analysed after it.
            Assert.True(liveInsight.ReceivedAt > snapshotAt && liveInsight.Frames > Frames(snapshot));

            // Nothing of the patient's history is lost.
            var earlierAfter = Assert.Single(historyAfter, h => h.GetProperty("sessionId").GetString() == earlierSessionId);
            Assert.Equal(earlierEntry.GetProperty("endedAt").GetDateTimeOffset(), earlierAfter.GetProperty("endedAt").GetDateTimeOffset());
            Assert.Equal(historyBefore.Count, historyAfter.Count);

            // Clients whose node died are on another one.
            Assert.False(patient.Node.Killed, $"the patient is still on the killed {patient.Node}");
            Assert.False(therapist.Node.Killed, $"the therapist is still on the killed {therapist.Node}");
            Assert.Equal(nodeA == victim, patient.Reconnections > 0);
            Assert.Equal(nodeC == victim, therapist.Reconnections > 0);
            Log($"accepted frames: {acceptedBeforeKill} before the kill, {patient.Accepted} in all; patient on {patient.Node}, therapist on {therapist.Node}");
            failed = false;
        }
        finally
        {
            if (failed)
            {
                foreach (var node in nodes)
                {
                    output.WriteLine($"---- last output of {node}{(node.Killed ? ", killed" : "")} ----\n{node.OutputTail(60)}");
                }
            }

            if (orleansClient is not null)
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await orleansClient.StopAsync(stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                orleansClient.Dispose();
            }

            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
            Log("all processes stopped");
        }
    }

    /// <summary>What every process of the cluster shares: one database, one cluster, fast failure detection, short persistence.</summary>
    private static Dictionary<string, string> ClusterSettings(string connectionString, string clusterId) => new()
    {
        ["ConnectionStrings__Postgres"] = connectionString,
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__ServiceId"] = clusterId,
        // A dead silo is suspected after two missed one-second probes and declared dead by two votes (three survivors
        // probe it); members re-read the table every two seconds besides gossip. Defaults take about a minute.
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "2",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Sessions__PersistInterval"] = PersistInterval.ToString(),
        ["Inference__Workers"] = "1",
        ["Inference__ModelPath"] = ModelPath,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static Dictionary<string, string> NodeSettings(Dictionary<string, string> common, ClusterNode node) => new(common)
    {
        ["Orleans__SiloPort"] = node.SiloPort.ToString(CultureInfo.InvariantCulture),
        ["Orleans__GatewayPort"] = node.GatewayPort.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The trained model when it is there, else the Vision tests' stand-in: the cluster is under test, not the model.</summary>
    private static string ModelPath
    {
        get
        {
            var trained = Path.Combine(Root, "models", "emotion-fer.onnx");
            return File.Exists(trained) && File.Exists(Path.ChangeExtension(trained, ".json"))
                ? trained
                : Path.Combine(Root, "tests", "Vision.Tests", "TestData", "emotion-test.onnx");
        }
    }

    /// <summary>
    /// The synthetic webcam stream over FER2013 faces when the data set is there (../shared); otherwise frames without a
    /// face, which the session counts all the same (aggregates count every analysed frame, with or without a face).
    /// </summary>
    private IReadOnlyList<byte[]> RenderFrames()
    {
        var fer2013 = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", "fer2013"));
        if (Directory.Exists(Path.Combine(fer2013, "val")) && SyntheticWebcamStream.LoadFer2013Faces(fer2013, 4) is { Count: > 0 } faces)
        {
            var stream = new SyntheticWebcamStream(faces, new SyntheticStreamOptions { FramesPerFace = 10 });
            return [.. Enumerable.Range(0, 40).Select(i => stream.RenderJpeg(i, out _))];
        }

        output.WriteLine($"FER2013 is not at {fer2013}: streaming frames without a face.");
        var pixels = new byte[320 * 240];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i % 320) * 255 / 320);
        }

        return [GrayImages.EncodeJpeg(new GrayImageView(pixels, 320, 240), quality: 80)];
    }

    private static async Task<IHost> StartOrleansClientAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            })
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            })
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<HttpClient> SignInAsync(ClusterNode node, (string Email, string Password) account)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = account.Email, password = account.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>Books the first free slot of the seeded therapist's calendar for the patient; a therapist may start it early.</summary>
    private static async Task<string> ScheduleAsync(HttpClient therapist, string patientId)
    {
        var from = DateTimeOffset.UtcNow;
        var range = $"from={Uri.EscapeDataString(from.ToString("o", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddDays(7).ToString("o", CultureInfo.InvariantCulture))}";
        var slots = await therapist.GetFromJsonAsync<JsonElement>($"/api/patients/{patientId}/slots?{range}");
        var start = slots.GetProperty("items")[0].GetProperty("start").GetDateTimeOffset();
        var response = await therapist.PostAsJsonAsync($"/api/patients/{patientId}/bookings", new { start });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> HistoryAsync(HttpClient client, string patientId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/patients/{patientId}/history", timeout.Token);
        return [.. history.EnumerateArray()];
    }

    private static long Frames(JsonElement snapshotOrInsight) => snapshotOrInsight.GetProperty("aggregate").GetProperty("frames").GetInt64();

    private static string Describe(IEnumerable<Insight> insights, DateTime killedAt) =>
        "Insights before the kill (ms before it: frames): " + string.Join(", ", insights.TakeLast(16).Select(i => $"{(killedAt - i.ReceivedAt).TotalMilliseconds:F0}: {i.Frames}"));

    /// <summary>Awaits a recovery step, turning the deadline's cancellation into a failure that says what did not happen.</summary>
    private static async Task<T> Within<T>(Task<T> step, Func<string> missing)
    {
        try
        {
            return await step;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Not within {RecoveryBound.TotalSeconds} s of the kill: {missing()}.");
            throw;
        }
    }

    private static async Task Within(Task step, Func<string> missing)
    {
        try
        {
            await step;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Not within {RecoveryBound.TotalSeconds} s of the kill: {missing()}.");
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> attempt, string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{what} did not succeed within {RecoveryBound.TotalSeconds} s of the kill: {exception.Message}", exception);
                }

                Log($"{what}: {exception.GetType().Name}, retrying");
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan bound, string what, Func<string>? why = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The cluster may refuse while it settles; only the deadline decides.
            }

            Assert.True(DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested, $"Timed out after {bound.TotalSeconds:F0} s waiting until {what}. {why?.Invoke()}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private void Log(string line) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {line}");

    [GeneratedRegex(@"^\s+(?<role>admin|therapist|patient)\s+(?<email>\S+)\s+password: (?<password>\S+)$", RegexOptions.Multiline)]
    private static partial Regex PasswordLine();
}

/// <summary>An insight the therapist received: when, and how many frames the session had counted.</summary>
internal sealed record Insight(DateTime ReceivedAt, long Frames);

/// <summary>
/// The therapist's side: watches from one node, records the insights, and after that node dies connects to another live
/// node and watches again (in production the load balancer hands the reconnecting browser a live node; here the test
/// knows which nodes live). A watcher whose node survived keeps its connection and its node's relay subscription.
/// </summary>
internal sealed class Watcher(string sessionId, string accessToken, IReadOnlyList<ClusterNode> nodes, Action<string> log) : IAsyncDisposable
{
    private readonly ConcurrentQueue<Insight> _insights = new();
    private readonly List<HubTestClient> _connections = [];
    private HubTestClient? _connection;

    public ClusterNode Node { get; private set; } = null!;

    public int Reconnections { get; private set; }

    public IReadOnlyCollection<Insight> Insights => _insights;

    /// <summary>How far <see cref="RecoverAsync"/> got, for a failure message.</summary>
    public string Progress { get; private set; } = "the therapist got no snapshot";

    /// <summary>Connects to <paramref name="node"/> and watches; returns the snapshot Watch answers with.</summary>
    public async Task<JsonElement> WatchAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        var connection = await HubTestClient.ConnectAsync(node.BaseAddress!, accessToken, cancellationToken);
        _connections.Add(connection);
        (_connection, Node) = (connection, node);
        var snapshot = await connection.InvokeAsync(TimeSpan.FromSeconds(5), "Watch", sessionId);
        _ = RecordAsync(connection);
        return snapshot;
    }

    /// <summary>
    /// After the kill: a snapshot (from a new connection if this one closed, else by watching again on it, which only
    /// answers the snapshot: the node's relay still follows the session and must find the reactivated grain by itself)
    /// and then an insight newer than the snapshot with frames analysed after it.
    /// </summary>
    public async Task<(JsonElement Snapshot, DateTime SnapshotAt, Insight Live)> RecoverAsync(CancellationToken cancellationToken)
    {
        JsonElement snapshot;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (_connection!.Closed.IsCompleted)
                {
                    var next = nodes.First(n => !n.Killed);
                    log($"therapist: connection to {Node.Name} closed; watching from {next.Name}");
                    Reconnections++;
                    snapshot = await WatchAsync(next, cancellationToken);
                }
                else
                {
                    snapshot = await _connection.InvokeAsync(TimeSpan.FromSeconds(3), "Watch", sessionId);
                }

                break;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                log($"therapist: watch failed ({exception.GetType().Name}: {FirstLine(exception.Message)}); retrying");
                await Task.Delay(250, CancellationToken.None);
            }
        }

        var snapshotAt = DateTime.UtcNow;
        var snapshotFrames = snapshot.GetProperty("aggregate").GetProperty("frames").GetInt64();
        Progress = $"the therapist got a snapshot ({snapshotFrames} frames) on {Node.Name} but no live insight after it";
        while (true)
        {
            if (_insights.LastOrDefault(i => i.ReceivedAt > snapshotAt && i.Frames > snapshotFrames) is { } live)
            {
                return (snapshot, snapshotAt, live);
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task RecordAsync(HubTestClient connection)
    {
        await foreach (var insight in connection.ReadAllAsync("insight"))
        {
            _insights.Enqueue(new Insight(DateTime.UtcNow, insight.GetProperty("aggregate").GetProperty("frames").GetInt64()));
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0];
}

/// <summary>
/// The patient's side: joins on one node and sends a frame every interval; when the connection closes it connects to
/// another live node (the load balancer's job in production), joins again and carries on with the next sequence number.
/// </summary>
internal sealed class Streamer(string sessionId, string accessToken, IReadOnlyList<ClusterNode> nodes, IReadOnlyList<byte[]> frames, TimeSpan interval, Action<string> log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<DateTime> _accepted = new();
    private readonly List<HubTestClient> _connections = [];
    private HubTestClient? _connection;
    private Task _streaming = Task.CompletedTask;
    private long _sequence;
    private bool _joined;

    public ClusterNode Node { get; private set; } = null!;

    public int Reconnections { get; private set; }

    /// <summary>Frames the hub queued for analysis.</summary>
    public int Accepted => _accepted.Count;

    public int AcceptedSince(DateTime time) => _accepted.Count(t => t >= time);

    public async Task JoinAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        await ConnectAsync(node, cancellationToken);
        await JoinAsync();
    }

    public void StartStreaming() => _streaming = StreamAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _streaming.ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task ConnectAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        var connection = await HubTestClient.ConnectAsync(node.BaseAddress!, accessToken, cancellationToken);
        _connections.Add(connection);
        (_connection, Node, _joined) = (connection, node, false);
    }

    /// <summary>A new connection belongs to no session: it joins before it streams, as the browser does after a reconnect.</summary>
    private async Task JoinAsync()
    {
        var join = await _connection!.InvokeAsync(TimeSpan.FromSeconds(5), "JoinAsPatient", sessionId);
        if (!join.GetProperty("analysisActive").GetBoolean())
        {
            throw new InvalidOperationException($"Joined {sessionId} on {Node.Name}, but analysis is off.");
        }

        _joined = true;
    }

    private async Task StreamAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (_connection!.Closed.IsCompleted)
                {
                    var next = nodes.First(n => !n.Killed);
                    log($"patient: connection to {Node.Name} closed; connecting to {next.Name}");
                    Reconnections++;
                    await ConnectAsync(next, stoppingToken);
                }

                if (!_joined)
                {
                    await JoinAsync();
                    log($"patient: joined on {Node.Name}");
                }

                var sequence = Interlocked.Increment(ref _sequence);
                var outcome = await _connection.InvokeAsync(TimeSpan.FromSeconds(5), "SendFrame", sessionId, frames[(int)(sequence % frames.Count)], sequence, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (outcome.GetString() is "queued" or "replaced")
                {
                    _accepted.Enqueue(DateTime.UtcNow);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                log($"patient: {exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
            }
        }
    }
}
