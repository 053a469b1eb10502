using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Threading.Channels;
using EmoteCare.Api.Hubs;
using Orleans.Runtime;

namespace EmoteCare.Api.Tests;

/// <summary>How the relays keep their observer subscriptions: periodically, and at once after a silo's death.</summary>
public sealed class SubscriptionRenewalTests
{
    private static readonly SiloAddress First = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Second = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    private readonly Channel<ClusterMembershipSnapshot> _updates = Channel.CreateUnbounded<ClusterMembershipSnapshot>();
    private readonly ConcurrentDictionary<string, bool> _followed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _subscribed = new();
    private readonly ConcurrentQueue<string> _failed = new();

    [Fact]
    public async Task A_silos_death_renews_every_subscription_at_once_and_retries_the_failures_until_they_succeed()
    {
        _followed["session-1"] = true;
        _followed["session-2"] = true;
        var failuresLeft = 2;
        var renewal = Renewal(TimeSpan.FromHours(1), id => id == "session-2" && Interlocked.Decrement(ref failuresLeft) >= 0);
        using var stop = new CancellationTokenSource();
        var running = renewal.RunAsync(stop.Token);

        await _updates.Writer.WriteAsync(Snapshot(1, SiloStatus.Active));
        await _updates.Writer.WriteAsync(Snapshot(2, SiloStatus.Active));
        await Task.Delay(300);
        var beforeDeath = _subscribed.Count;
        await _updates.Writer.WriteAsync(Snapshot(3, SiloStatus.Dead));
        await WaitUntilAsync(() => _subscribed.Count(id => id == "session-2") == 3, TimeSpan.FromSeconds(10));

        Assert.Equal(0, beforeDeath);
        Assert.Equal(1, _subscribed.Count(id => id == "session-1"));
        Assert.Equal(["session-2", "session-2"], _failed);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Each_period_renews_what_is_followed_and_nothing_that_was_let_go()
    {
        _followed["kept"] = true;
        _followed["let-go"] = true;
        var renewal = Renewal(TimeSpan.FromMilliseconds(50), _ => false);
        using var stop = new CancellationTokenSource();
        var running = renewal.RunAsync(stop.Token);

        await WaitUntilAsync(() => _subscribed.Contains("let-go"), TimeSpan.FromSeconds(10));
        _followed.TryRemove("let-go", out _);
        var letGoRenewals = _subscribed.Count(id => id == "let-go");
        await WaitUntilAsync(() => _subscribed.Count(id => id == "kept") >= letGoRenewals + 3, TimeSpan.FromSeconds(10));

        Assert.InRange(_subscribed.Count(id => id == "let-go"), letGoRenewals, letGoRenewals + 1);
        Assert.Empty(_failed);
        await stop.CancelAsync();
        await running;
    }

    private SubscriptionRenewal<string> Renewal(TimeSpan period, Func<string, bool> fails) => new(
        () => _followed.Keys,
        _followed.ContainsKey,
        id =>
        {
            _subscribed.Enqueue(id);
            return fails(id) ? Task.FromException(new InvalidOperationException("The directory still points at the dead silo.")) : Task.CompletedTask;
        },
        (id, _) => _failed.Enqueue(id),
        _updates.Reader.ReadAllAsync(),
        period,
        TimeProvider.System);

    private static ClusterMembershipSnapshot Snapshot(long version, SiloStatus second) => new(
        ImmutableDictionary<SiloAddress, ClusterMember>.Empty
            .Add(First, new ClusterMember(First, SiloStatus.Active, "first"))
            .Add(Second, new ClusterMember(Second, second, "second")),
        new MembershipVersion(version));

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The renewals did not happen in time.");
            await Task.Delay(20);
        }
    }
}
