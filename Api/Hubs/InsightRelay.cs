using System.Collections.Concurrent;
using EmoteCare.Grains;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// One per Api node, as in Orleans' GPS-tracker sample: it observes the session grains that this node's clients follow
/// and forwards to their SignalR groups. Insights are coalesced to at most one per <see cref="TherapySessionOptions.InsightInterval"/>, the interval the grains keep to,
/// per session (the newest wins); alerts go out at once. Subscriptions are renewed before they expire, so a grain that
/// was deactivated and reactivated finds its observer again.
/// </summary>
public sealed class InsightRelay : BackgroundService, ISessionObserver
{
    private readonly ConcurrentDictionary<string, Follow> _follows = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly IHubContext<SessionHub> _hub;
    private readonly LiveOptions _options;
    private readonly TimeSpan _insightInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<InsightRelay> _logger;
    private readonly Lazy<ISessionObserver> _reference;

    /// <summary>Creates the relay and its observer reference.</summary>
    public InsightRelay(IGrainFactory grains, IHubContext<SessionHub> hub, IOptions<LiveOptions> options, IOptions<TherapySessionOptions> sessions, TimeProvider time, ILogger<InsightRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessions);
        _insightInterval = sessions.Value.InsightInterval;
        _grains = grains;
        _hub = hub;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // Made on first use: the co-hosted silo can only make references once it has started.
        _reference = new Lazy<ISessionObserver>(() => grains.CreateObjectReference<ISessionObserver>(this));
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

        Send(SessionGroups.Watchers(insight.SessionId), HubEvents.Insight, insight);
        if (analysisChanged)
        {
            Send(SessionGroups.Streamers(insight.SessionId), HubEvents.Analysis, new AnalysisState(insight.SessionId, insight.AnalysisActive));
        }
    }

    /// <inheritdoc />
    public void OnAlert(SessionAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Send(SessionGroups.Watchers(alert.SessionId), HubEvents.Alert, alert);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SubscriptionRenewal, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var sessionId in _follows.Keys)
            {
                try
                {
                    await _grains.GetGrain<ITherapySessionGrain>(sessionId).Subscribe(_reference.Value);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _logger.LogWarning(exception, "Renewing the subscription to session {SessionId} failed", sessionId);
                }
            }
        }
    }

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
            Send(SessionGroups.Watchers(sessionId), HubEvents.Insight, insight);
        }
    }

    private void Send(string group, string method, object payload) =>
        _hub.Clients.Group(group).SendAsync(method, payload).ContinueWith(
            task => _logger.LogWarning(task.Exception, "Relaying {Method} to {Group} failed", method, group),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

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

    /// <summary>A followed session: its clients on this node and the coalescing state. Locked for the insight fields.</summary>
    private sealed class Follow
    {
        public int Clients;
        public long LastSent;
        public SessionInsight? Pending;
        public bool? AnalysisActive;
    }
}
