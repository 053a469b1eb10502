using System.Collections.Concurrent;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// One per Api node: observes the inboxes of the therapists whose pages are connected to this node and forwards each new
/// alert to their connections at once. So a crisis alert raised by a conversation grain anywhere in the cluster reaches
/// the therapist's open page without a SignalR backplane. Subscriptions are kept alive as the session relay's are
/// (<see cref="SubscriptionRenewal{T}"/>): periodically, and at once when a silo dies, so an inbox grain that was
/// deactivated or lived on the dead silo finds its observer again.
/// </summary>
public sealed class TherapistAlertRelay : BackgroundService, ITherapistObserver
{
    private readonly ConcurrentDictionary<string, int> _followers = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly IHubContext<ChatHub> _hub;
    private readonly ILogger<TherapistAlertRelay> _logger;
    private readonly Lazy<ITherapistObserver> _reference;
    private readonly SubscriptionRenewal<string> _renewal;

    /// <summary>Creates the relay; its observer reference is made on first use, once the co-hosted silo runs.</summary>
    public TherapistAlertRelay(IGrainFactory grains, IClusterMembershipService membership, IHubContext<ChatHub> hub, IOptions<LiveOptions> options, TimeProvider time, ILogger<TherapistAlertRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _hub = hub;
        _logger = logger;
        _reference = new Lazy<ITherapistObserver>(() => grains.CreateObjectReference<ITherapistObserver>(this));
        _renewal = new SubscriptionRenewal<string>(
            () => _followers.Keys,
            _followers.ContainsKey,
            therapistId => _grains.GetGrain<ITherapistGrain>(therapistId).Subscribe(_reference.Value),
            (therapistId, exception) => _logger.LogWarning(exception, "Renewing the inbox subscription of therapist {TherapistId} failed", therapistId),
            membership.MembershipUpdates,
            options.Value.SubscriptionRenewal,
            time);
    }

    /// <summary>The SignalR group of a therapist's watching connections.</summary>
    public static string Group(string therapistId) => $"alerts:{therapistId}";

    /// <summary>One more connection of this node follows the therapist's inbox; the first subscribes.</summary>
    public async Task AddInterestAsync(string therapistId)
    {
        if (_followers.AddOrUpdate(therapistId, 1, static (_, n) => n + 1) == 1)
        {
            await _grains.GetGrain<ITherapistGrain>(therapistId).Subscribe(_reference.Value);
        }
    }

    /// <summary>One connection fewer; after the last the relay unsubscribes.</summary>
    public void RemoveInterest(string therapistId)
    {
        if (_followers.AddOrUpdate(therapistId, 0, static (_, n) => n - 1) <= 0 && _followers.TryRemove(new KeyValuePair<string, int>(therapistId, 0)))
        {
            _ = UnsubscribeAsync(therapistId);
        }
    }

    /// <inheritdoc />
    public void OnInboxAlert(SessionAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _hub.Clients.Group(Group(alert.TherapistId)).SendAsync(ChatHubEvents.InboxAlert, alert).ContinueWith(
            task => _logger.LogWarning(task.Exception, "Relaying alert {AlertId} to therapist {TherapistId} failed", alert.AlertId, alert.TherapistId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _renewal.RunAsync(stoppingToken);

    private async Task UnsubscribeAsync(string therapistId)
    {
        try
        {
            await _grains.GetGrain<ITherapistGrain>(therapistId).Unsubscribe(_reference.Value);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Unsubscribing from the inbox of therapist {TherapistId} failed", therapistId);
        }
    }
}
