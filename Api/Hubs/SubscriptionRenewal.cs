using Orleans.Runtime;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// Keeps a relay's grain-observer subscriptions alive. Orleans observers are not durable: a grain that was deactivated
/// comes back without them. So every subscription is renewed each <c>period</c> (before the grains' observer managers let
/// it expire), and all of them at once when a silo is declared dead, since the grains that lived there reactivate
/// elsewhere from storage with no observers and this node's pages would otherwise hear nothing until the next renewal.
/// Those are retried for a few seconds while the cluster's directory forgets the dead silo's activations.
/// </summary>
/// <typeparam name="T">What the relay follows (a session id, a therapist id, ...).</typeparam>
/// <param name="followed">What the relay follows now.</param>
/// <param name="isFollowed">Whether it still follows one (a retry skips what was let go meanwhile).</param>
/// <param name="subscribe">Subscribes (again) to one; idempotent.</param>
/// <param name="failed">Hears a subscription that could not be renewed.</param>
/// <param name="membershipUpdates">The cluster's membership snapshots (<see cref="IClusterMembershipService.MembershipUpdates"/>), to hear of dead silos.</param>
/// <param name="period">How often everything is renewed.</param>
/// <param name="time">The clock of the waits.</param>
public sealed class SubscriptionRenewal<T>(
    Func<IEnumerable<T>> followed,
    Func<T, bool> isFollowed,
    Func<T, Task> subscribe,
    Action<T, Exception> failed,
    IAsyncEnumerable<ClusterMembershipSnapshot> membershipUpdates,
    TimeSpan period,
    TimeProvider time)
{
    /// <summary>Tries to renew after a silo's death, <see cref="DeathRetryDelay"/> apart: long enough for the directory to settle.</summary>
    public const int DeathAttempts = 10;

    /// <summary>The wait between those tries.</summary>
    public static readonly TimeSpan DeathRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Renews periodically and after every silo death until <paramref name="stoppingToken"/> fires.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => Task.WhenAll(PeriodicallyAsync(stoppingToken), AfterSiloDeathsAsync(stoppingToken));

    private async Task PeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAsync(followed(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AfterSiloDeathsAsync(CancellationToken stoppingToken)
    {
        try
        {
            ClusterMembershipSnapshot? previous = null;
            await foreach (var snapshot in membershipUpdates.WithCancellation(stoppingToken))
            {
                var siloDied = previous is not null && snapshot.CreateUpdate(previous).Changes.Any(member => member.Status == SiloStatus.Dead);
                previous = snapshot;
                if (!siloDied)
                {
                    continue;
                }

                IReadOnlyCollection<T> pending = [.. followed()];
                for (var attempt = 0; pending.Count > 0 && attempt < DeathAttempts; attempt++)
                {
                    if (attempt > 0)
                    {
                        await Task.Delay(DeathRetryDelay, time, stoppingToken);
                    }

                    pending = await RenewAsync(pending.Where(isFollowed), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Subscribes again to each; returns the ones that failed.</summary>
    private async Task<IReadOnlyCollection<T>> RenewAsync(IEnumerable<T> subscriptions, CancellationToken stoppingToken)
    {
        var failures = new List<T>();
        foreach (var subscription in subscriptions)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                await subscribe(subscription);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed(subscription, exception);
                failures.Add(subscription);
            }
        }

        return failures;
    }
}
