using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Threading.Channels;
using EmoteCare.Api.Hubs;
using EmoteCare.Grains;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace EmoteCare.Api.Tests;

/// <summary>The relay alone, between a recording session grain and a recording hub: what reaches which group, and when.</summary>
public sealed class InsightRelayTests
{
    // Long enough that a stalled runner cannot space the test's back-to-back calls a whole interval apart.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly RecordingHub _hub = new();
    private readonly RecordingGrains _grains = RecordingGrains.Create();

    private readonly FakeMembership _membership = new();

    private InsightRelay CreateRelay(TimeSpan? renewal = null) => new(
        (IGrainFactory)_grains,
        _membership,
        _hub,
        new LiveConnections(),
        Options.Create(new LiveOptions { SubscriptionRenewal = renewal ?? TimeSpan.FromHours(1) }),
        Options.Create(new TherapySessionOptions { InsightInterval = Interval }),
        TimeProvider.System,
        NullLogger<InsightRelay>.Instance);

    private static SessionInsight Insight(string sessionId, long dropped, bool analysisActive = true) =>
        new(sessionId, SessionStatus.Live, analysisActive, null, new EmotionAggregate(0, 0, 0, 0, 0, new float[7], null, 0, 0), dropped);

    [Fact]
    public async Task Insights_are_coalesced_to_one_per_interval_and_the_newest_is_flushed()
    {
        var relay = CreateRelay();
        await relay.AddInterestAsync("s1");
        var started = Stopwatch.StartNew();

        for (var i = 1; i <= 10; i++)
        {
            relay.OnInsight(Insight("s1", dropped: i));
        }

        Assert.Equal([1L], _hub.Insights("s1"));
        await Eventually.TrueAsync(() => _hub.Insights("s1").Count == 2, "the held insight is flushed");
        Assert.True(started.Elapsed >= Interval - TimeSpan.FromMilliseconds(50), $"flushed after {started.Elapsed}");
        Assert.Equal([1L, 10L], _hub.Insights("s1"));
        await Task.Delay(Interval + TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, _hub.Insights("s1").Count);
    }

    [Fact]
    public async Task A_change_of_analysis_goes_out_at_once_to_watchers_and_streamers()
    {
        var relay = CreateRelay();
        await relay.AddInterestAsync("s1");

        relay.OnInsight(Insight("s1", dropped: 1, analysisActive: true));
        relay.OnInsight(Insight("s1", dropped: 2, analysisActive: false));

        Assert.Equal([1L, 2L], _hub.Insights("s1"));
        Assert.Equal(
            [new AnalysisState("s1", true), new AnalysisState("s1", false)],
            _hub.Sent.Where(s => s.Group == SessionGroups.Streamers("s1") && s.Method == HubEvents.Analysis).Select(s => s.Payload));
    }

    [Fact]
    public async Task Alerts_are_not_coalesced()
    {
        var relay = CreateRelay();
        await relay.AddInterestAsync("s1");

        relay.OnAlert(new SessionAlert("s1/1", "s1", "p", "t", NotableMomentKind.SustainedNegativeAffect, DateTimeOffset.UnixEpoch, "one"));
        relay.OnAlert(new SessionAlert("s1/2", "s1", "p", "t", NotableMomentKind.SharpShift, DateTimeOffset.UnixEpoch, "two"));

        Assert.Equal(["s1/1", "s1/2"], _hub.Sent.Where(s => s.Method == HubEvents.Alert && s.Group == SessionGroups.Watchers("s1")).Select(s => ((SessionAlert)s.Payload).AlertId));
    }

    [Fact]
    public async Task Sessions_no_client_follows_are_not_relayed()
    {
        var relay = CreateRelay();
        await relay.AddInterestAsync("s1");

        relay.OnInsight(Insight("s2", dropped: 1));

        Assert.Empty(_hub.Insights("s2"));
    }

    [Fact]
    public async Task The_first_client_subscribes_renewals_follow_and_the_last_client_unsubscribes()
    {
        var relay = CreateRelay(renewal: TimeSpan.FromMilliseconds(100));
        await relay.AddInterestAsync("s1");
        await relay.AddInterestAsync("s1");
        Assert.Equal(1, _grains.Calls("s1", nameof(ITherapySessionGrain.Subscribe)));

        await relay.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => _grains.Calls("s1", nameof(ITherapySessionGrain.Subscribe)) >= 3, "two renewals happened");
            relay.RemoveInterest("s1");
            Assert.Equal(0, _grains.Calls("s1", nameof(ITherapySessionGrain.Unsubscribe)));
            relay.RemoveInterest("s1");

            await Eventually.TrueAsync(() => _grains.Calls("s1", nameof(ITherapySessionGrain.Unsubscribe)) == 1, "the relay unsubscribed");
            Assert.Equal(0, relay.FollowedSessions);
            relay.OnInsight(Insight("s1", dropped: 1));
            Assert.Empty(_hub.Insights("s1"));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_silo_declared_dead_renews_every_subscription_at_once()
    {
        var relay = CreateRelay();
        await relay.AddInterestAsync("s1");
        await relay.AddInterestAsync("s2");
        await relay.StartAsync(CancellationToken.None);
        try
        {
            var first = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
            var second = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
            _membership.Publish((first, SiloStatus.Active));
            _membership.Publish((first, SiloStatus.Active), (second, SiloStatus.Active));
            _membership.Publish((first, SiloStatus.Active), (second, SiloStatus.Dead));

            await Eventually.TrueAsync(() => _grains.Calls("s1", nameof(ITherapySessionGrain.Subscribe)) == 2 && _grains.Calls("s2", nameof(ITherapySessionGrain.Subscribe)) == 2, "both sessions were subscribed to again");
            await Task.Delay(200);
            Assert.Equal(2, _grains.Calls("s1", nameof(ITherapySessionGrain.Subscribe)));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    private sealed record Sent(string Group, string Method, object Payload);

    /// <summary>Membership whose snapshots the test publishes; none until it does.</summary>
    private sealed class FakeMembership : IClusterMembershipService
    {
        private readonly Channel<ClusterMembershipSnapshot> _updates = Channel.CreateUnbounded<ClusterMembershipSnapshot>();
        private long _version;

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } = new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, MembershipVersion.MinValue);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => _updates.Reader.ReadAllAsync();

        public void Publish(params (SiloAddress Silo, SiloStatus Status)[] members)
        {
            CurrentSnapshot = new ClusterMembershipSnapshot(
                members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
                new MembershipVersion(Interlocked.Increment(ref _version)));
            _updates.Writer.TryWrite(CurrentSnapshot);
        }

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }

    /// <summary>A hub context whose group sends are recorded in order.</summary>
    private sealed class RecordingHub : IHubContext<SessionHub>
    {
        private readonly RecordingClients _clients = new();

        public IReadOnlyList<Sent> Sent => [.. _clients.Sent];

        public IHubClients Clients => _clients;

        public IGroupManager Groups => throw new NotSupportedException();

        public IReadOnlyList<long> Insights(string sessionId) =>
            [.. Sent.Where(s => s.Group == SessionGroups.Watchers(sessionId) && s.Method == HubEvents.Insight).Select(s => ((SessionInsight)s.Payload).DroppedFrames)];
    }

    /// <summary>Only groups are addressed by the relay; everything else is refused so a change of addressing shows.</summary>
    private sealed class RecordingClients : IHubClients
    {
        public ConcurrentQueue<Sent> Sent { get; } = new();

        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => new GroupProxy(Sent, groupName);

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

        private sealed class GroupProxy(ConcurrentQueue<Sent> sent, string group) : IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
            {
                sent.Enqueue(new Sent(group, method, args[0]!));
                return Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// A grain factory whose string-keyed grains only count the calls made to them (results are defaults) and whose
    /// object references are the observers themselves. Every other member of <see cref="IGrainFactory"/> is refused.
    /// </summary>
    // DispatchProxy derives a type from it, so it cannot be sealed.
    public class RecordingGrains : DispatchProxy
    {
        private readonly ConcurrentDictionary<(string Key, string Method), int> _calls = new();

        internal static RecordingGrains Create() => (RecordingGrains)(object)DispatchProxy.Create<IGrainFactory, RecordingGrains>();

        public int Calls(string key, string method) => _calls.GetValueOrDefault((key, method));

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod!.Name, args)
            {
                case (nameof(IGrainFactory.GetGrain), [string key, ..]) when targetMethod.IsGenericMethod:
                    var grain = typeof(DispatchProxy).GetMethod(nameof(DispatchProxy.Create), 2, [])!
                        .MakeGenericMethod(targetMethod.GetGenericArguments()[0], typeof(CountingProxy))
                        .Invoke(null, null)!;
                    ((CountingProxy)grain).Record = method => _calls.AddOrUpdate((key, method), 1, (_, count) => count + 1);
                    return grain;
                case (nameof(IGrainFactory.CreateObjectReference), [var observer]):
                    return observer;
                default:
                    throw new NotSupportedException($"The recording grain factory does not do {targetMethod.Name}.");
            }
        }
    }

    // DispatchProxy derives a type from it, so it cannot be sealed.
    public class CountingProxy : DispatchProxy
    {
        internal Action<string> Record { get; set; } = _ => { };

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Record(targetMethod!.Name);
            var returnType = targetMethod.ReturnType;
            return returnType.IsGenericType
                ? typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [null])
                : Task.CompletedTask;
        }
    }
}
