using System.Collections.Concurrent;

namespace EmoteCare.Runtime;

/// <summary>
/// A grain's subscribers. Subscriptions expire unless renewed (clients re-subscribe periodically and after a reconnect),
/// and a subscriber whose delivery fails is dropped: delivery is best-effort.
/// </summary>
/// <typeparam name="TObserver">The observer interface.</typeparam>
public sealed class ObserverManager<TObserver>(TimeSpan expiration, TimeProvider? timeProvider = null) where TObserver : IGrainObserver
{
    private readonly Dictionary<TObserver, DateTimeOffset> _lastSeen = [];
    private readonly ConcurrentQueue<TObserver> _failed = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Live subscriptions, expired ones excluded.</summary>
    public int Count
    {
        get
        {
            RemoveExpired();
            return _lastSeen.Count;
        }
    }

    /// <summary>Adds or renews a subscription.</summary>
    public void Subscribe(TObserver observer) => _lastSeen[observer] = _time.GetUtcNow();

    /// <summary>Ends a subscription; unknown observers are ignored.</summary>
    public void Unsubscribe(TObserver observer) => _lastSeen.Remove(observer);

    /// <summary>
    /// Sends to every live subscriber without waiting, so a slow subscriber never holds the grain's turn. A subscriber
    /// whose delivery fails is dropped before the next notification.
    /// </summary>
    public void Notify(Func<TObserver, Task> notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        RemoveExpired();
        foreach (var observer in _lastSeen.Keys)
        {
            Task delivery;
            try
            {
                delivery = notification(observer);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException)
            {
                _failed.Enqueue(observer);
                continue;
            }

            delivery.ContinueWith(
                _ => _failed.Enqueue(observer),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void RemoveExpired()
    {
        while (_failed.TryDequeue(out var failed))
        {
            _lastSeen.Remove(failed);
        }

        var cutoff = _time.GetUtcNow() - expiration;
        foreach (var (observer, lastSeen) in _lastSeen.ToList())
        {
            if (lastSeen < cutoff)
            {
                _lastSeen.Remove(observer);
            }
        }
    }
}
