using System.Collections.Concurrent;
using EmoteCare.Grains;
using EmoteCare.Grains.Calls;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// One per Api node, as in Orleans' GPS-tracker sample: it observes the session grains that this node's clients follow
/// and forwards to their SignalR groups. Insights are coalesced to at most one per
/// <see cref="TherapySessionOptions.InsightInterval"/> (the interval the grains keep to) per session, the newest winning; alerts go out at once. Subscriptions are renewed before they expire, so a grain that
/// was deactivated and reactivated finds its observer again, and at once when a silo of the cluster is declared dead:
/// the session grains that lived there reactivate elsewhere from storage with no observers, and the watchers of this
/// node would otherwise see nothing until the next renewal. It follows the accounts of this node's connections the same
/// way (<see cref="IAccountConnectionsGrain"/>), so access taken away anywhere in the cluster ends their feeds here.
/// </summary>
public sealed class InsightRelay : BackgroundService, ISessionObserver, IAccountConnectionsObserver
{
    private readonly ConcurrentDictionary<string, Follow> _follows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FollowedAccount> _accounts = new(StringComparer.Ordinal);
    private readonly LiveConnections _connections;
    private readonly IGrainFactory _grains;
    private readonly IHubContext<SessionHub> _hub;
    private readonly LiveOptions _options;
    private readonly TimeSpan _insightInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<InsightRelay> _logger;
    private readonly Lazy<ISessionObserver> _reference;
    private readonly Lazy<IAccountConnectionsObserver> _accountReference;
    private readonly SubscriptionRenewal<Subscription> _renewal;

    /// <summary>Creates the relay and its observer reference.</summary>
    public InsightRelay(IGrainFactory grains, IClusterMembershipService membership, IHubContext<SessionHub> hub, LiveConnections connections, IOptions<LiveOptions> options, IOptions<TherapySessionOptions> sessions, TimeProvider time, ILogger<InsightRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessions);
        _insightInterval = sessions.Value.InsightInterval;
        _grains = grains;
        _hub = hub;
        _connections = connections;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // Made on first use: the co-hosted silo can only make references once it has started.
        _reference = new Lazy<ISessionObserver>(() => grains.CreateObjectReference<ISessionObserver>(this));
        _accountReference = new Lazy<IAccountConnectionsObserver>(() => grains.CreateObjectReference<IAccountConnectionsObserver>(this));
        _renewal = new SubscriptionRenewal<Subscription>(
            Followed,
            IsFollowed,
            SubscribeAsync,
            (subscription, exception) => _logger.LogWarning(exception, "Renewing the subscription to {Kind} {Id} failed", subscription.IsAccount ? "account" : "session", subscription.Id),
            membership.MembershipUpdates,
            _options.SubscriptionRenewal,
            time);
    }

    /// <summary>Sessions this node follows.</summary>
    public int FollowedSessions => _follows.Count;

    /// <summary>Counts one more client of this node following the session; the first one subscribes the relay to the grain.</summary>
    public async Task AddInterestAsync(string sessionId)
    {
        var follow = _follows.AddOrUpdate(sessionId, static _ => new Follow(), static (_, existing) => existing);
        if (Interlocked.Increment(ref follow.Clients) == 1)
        {
            await _grains.GetGrain<ITherapySessionGrain>(sessionId).Subscribe(_reference.Value);
        }
    }

    /// <summary>Counts one client fewer; after the last one the relay unsubscribes.</summary>
    public void RemoveInterest(string sessionId)
    {
        if (_follows.TryGetValue(sessionId, out var follow) && Interlocked.Decrement(ref follow.Clients) <= 0 && _follows.TryRemove(new KeyValuePair<string, Follow>(sessionId, follow)))
        {
            _ = UnsubscribeAsync(sessionId);
        }
    }

    /// <summary>Counts one more connection of the account on this node; the first one subscribes the relay to the account's revocations.</summary>
    public async Task FollowAccountAsync(string accountId)
    {
        var account = _accounts.AddOrUpdate(accountId, static _ => new FollowedAccount(), static (_, existing) => existing);
        if (Interlocked.Increment(ref account.Connections) == 1)
        {
            await _grains.GetGrain<IAccountConnectionsGrain>(accountId).Subscribe(_accountReference.Value);
        }
    }

    /// <summary>Counts one connection of the account fewer; after the last one the relay unsubscribes.</summary>
    public void UnfollowAccount(string accountId)
    {
        if (_accounts.TryGetValue(accountId, out var account) && Interlocked.Decrement(ref account.Connections) <= 0 && _accounts.TryRemove(new KeyValuePair<string, FollowedAccount>(accountId, account)))
        {
            _ = UnsubscribeAccountAsync(accountId);
        }
    }

    /// <summary>
    /// Ends what the revocation takes away on this node: after an unassignment, every watch of the patient's sessions by
    /// the account's connections (removed from the group first, then told why); after a credentials change or when the
    /// account is disabled, every connection of the account; when one sign-in ended, the connections opened with it
    /// (told why, then closed).
    /// </summary>
    public void OnAccessRevoked(AccessRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        _ = EndAccessAsync(revocation);
    }

    /// <inheritdoc />
    public void OnInsight(SessionInsight insight)
    {
        ArgumentNullException.ThrowIfNull(insight);
        if (!_follows.TryGetValue(insight.SessionId, out var follow))
        {
            return;
        }

        bool analysisChanged;
        TimeSpan wait;
        lock (follow)
        {
            analysisChanged = follow.AnalysisActive != insight.AnalysisActive;
            follow.AnalysisActive = insight.AnalysisActive;
            wait = follow.LastSent == 0 ? TimeSpan.Zero : _insightInterval - _time.GetElapsedTime(follow.LastSent);
            if (wait > TimeSpan.Zero && !analysisChanged)
            {
                var flushScheduled = follow.Pending is not null;
                follow.Pending = insight;
                if (!flushScheduled)
                {
                    _ = FlushLaterAsync(insight.SessionId, follow, wait);
                }

                return;
            }

            follow.Pending = null;
            follow.LastSent = _time.GetTimestamp();
        }

        SendToGroup(SessionGroups.Watchers(insight.SessionId), HubEvents.Insight, insight);
        if (analysisChanged)
        {
            SendToGroup(SessionGroups.Streamers(insight.SessionId), HubEvents.Analysis, new AnalysisState(insight.SessionId, insight.AnalysisActive));
        }
    }

    /// <inheritdoc />
    public void OnAlert(SessionAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        SendToGroup(SessionGroups.Watchers(alert.SessionId), HubEvents.Alert, alert);
    }

    /// <inheritdoc />
    public void OnCall(CallMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Every node hears every call message of the sessions it follows; only the node of the seat holder's connection
        // delivers it, and only while that connection is still in the call.
        if (message.ToConnection is { } to && _connections.Find(to) is { } connection && connection.Calling.ContainsKey(message.SessionId))
        {
            Send(_hub.Clients.Client(to), to, HubEvents.Call, message);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _renewal.RunAsync(stoppingToken);

    private IEnumerable<Subscription> Followed() =>
        _follows.Keys.Select(static id => new Subscription(id, IsAccount: false)).Concat(_accounts.Keys.Select(static id => new Subscription(id, IsAccount: true)));

    private bool IsFollowed(Subscription subscription) => subscription.IsAccount ? _accounts.ContainsKey(subscription.Id) : _follows.ContainsKey(subscription.Id);

    private Task SubscribeAsync(Subscription subscription) => subscription.IsAccount
        ? _grains.GetGrain<IAccountConnectionsGrain>(subscription.Id).Subscribe(_accountReference.Value)
        : _grains.GetGrain<ITherapySessionGrain>(subscription.Id).Subscribe(_reference.Value);

    private async Task EndAccessAsync(AccessRevocation revocation)
    {
        foreach (var connection in _connections.OfAccount(revocation.AccountId))
        {
            if (revocation.Reason == AccessRevocationReason.SignInEnded && connection.GrantId != revocation.GrantId)
            {
                continue;
            }

            connection.CountRevocation();
            var client = _hub.Clients.Client(connection.ConnectionId);
            try
            {
                if (ConnectionEnding(revocation.Reason) is { } detail)
                {
                    await client.SendAsync(HubEvents.AccessRevoked, new AccessRevoked(null, revocation.Reason, detail));
                    connection.Context.Abort();
                    continue;
                }

                var ended = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (sessionId, patientId) in connection.Watching)
                {
                    if (patientId == revocation.PatientId && connection.Watching.TryRemove(sessionId, out _))
                    {
                        await _hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, SessionGroups.Watchers(sessionId));
                        RemoveInterest(sessionId);
                        ended.Add(sessionId);
                    }
                }

                foreach (var (sessionId, seat) in connection.Calling)
                {
                    if (seat.PatientId == revocation.PatientId && connection.Calling.TryRemove(sessionId, out _))
                    {
                        RemoveInterest(sessionId);
                        // The other page hangs up too: the media go peer to peer, so only the two pages can end them. The
                        // grain passes this on only from the connection that holds the seat, the one with the call.
                        await _grains.GetGrain<ITherapySessionGrain>(sessionId).RelayCall(connection.ConnectionId, new CallMessage(sessionId, CallSeats.Other(seat.Role), CallMessageKind.Left, null, null, null, null, null));
                        ended.Add(sessionId);
                    }
                }

                foreach (var sessionId in ended)
                {
                    await client.SendAsync(HubEvents.AccessRevoked, new AccessRevoked(sessionId, revocation.Reason, "This patient is no longer assigned to you, so their live session and its call have ended for you."));
                }
            }
            catch (Exception exception)
            {
                // The connection is closing on its own; its feeds end with it.
                _logger.LogWarning(exception, "Ending access of account {AccountId} on connection {ConnectionId} failed", revocation.AccountId, connection.ConnectionId);
            }
        }
    }

    /// <summary>What a connection is told before it closes; null when the revocation ends feeds, not connections.</summary>
    private static string? ConnectionEnding(AccessRevocationReason reason) => reason switch
    {
        AccessRevocationReason.CredentialsChanged => "Your password was changed or reset: sign in again.",
        AccessRevocationReason.AccountDisabled => "Your account was disabled by an administrator.",
        AccessRevocationReason.SignInEnded => "You signed out, or this sign-in was ended: sign in again.",
        _ => null,
    };

    private async Task FlushLaterAsync(string sessionId, Follow follow, TimeSpan wait)
    {
        await Task.Delay(wait, _time);
        SessionInsight? insight;
        lock (follow)
        {
            insight = follow.Pending;
            follow.Pending = null;
            follow.LastSent = _time.GetTimestamp();
        }

        if (insight is not null)
        {
            SendToGroup(SessionGroups.Watchers(sessionId), HubEvents.Insight, insight);
        }
    }

    private void SendToGroup(string group, string method, object payload) => Send(_hub.Clients.Group(group), group, method, payload);

    private void Send(IClientProxy clients, string name, string method, object payload) =>
        clients.SendAsync(method, payload).ContinueWith(
            task => _logger.LogWarning(task.Exception, "Relaying {Method} to {Clients} failed", method, name),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    private async Task UnsubscribeAccountAsync(string accountId)
    {
        try
        {
            await _grains.GetGrain<IAccountConnectionsGrain>(accountId).Unsubscribe(_accountReference.Value);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Unsubscribing from account {AccountId} failed", accountId);
        }
    }

    private async Task UnsubscribeAsync(string sessionId)
    {
        try
        {
            await _grains.GetGrain<ITherapySessionGrain>(sessionId).Unsubscribe(_reference.Value);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Unsubscribing from session {SessionId} failed", sessionId);
        }
    }

    /// <summary>A session or an account this relay subscribes to.</summary>
    private readonly record struct Subscription(string Id, bool IsAccount);

    /// <summary>An account with connections on this node.</summary>
    private sealed class FollowedAccount
    {
        public int Connections;
    }

    /// <summary>A followed session: its clients on this node and the coalescing state. Locked for the insight fields.</summary>
    private sealed class Follow
    {
        public int Clients;
        public long LastSent;
        public SessionInsight? Pending;
        public bool? AnalysisActive;
    }
}
