using System.Collections.Concurrent;
using EmoteCare.Runtime.Core;

namespace EmoteCare.Runtime.Observers;

/// <summary>Observer references by id, so a reference can be named in JSON and resolved again.</summary>
internal sealed class ObserverRegistry(GrainTypeRegistry registry)
{
    private readonly ConcurrentDictionary<Guid, ObserverReference> _references = new();

    public TObserver Create<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is not TObserver)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(TObserver).Name}.", nameof(observer));
        }

        var proxy = ObserverReference.Create<TObserver>(Guid.NewGuid(), observer, registry.GetInterface(typeof(TObserver)));
        var reference = (ObserverReference)(object)proxy;
        _references[reference.ObserverId] = reference;
        return proxy;
    }

    public void Delete<TObserver>(TObserver proxy) where TObserver : IGrainObserver
    {
        if (proxy is not ObserverReference reference)
        {
            throw new ArgumentException("Not an observer reference made by CreateObjectReference.", nameof(proxy));
        }

        reference.IsDeleted = true;
        _references.TryRemove(reference.ObserverId, out _);
    }

    public IGrainObserver Get(Guid observerId) =>
        _references.TryGetValue(observerId, out var reference)
            ? (IGrainObserver)reference
            : throw new KeyNotFoundException($"No observer reference {observerId:N} is registered on this silo.");

    /// <summary>Drops references whose targets were collected.</summary>
    public void Prune()
    {
        foreach (var (id, reference) in _references)
        {
            if (!reference.IsAlive)
            {
                _references.TryRemove(id, out _);
            }
        }
    }
}
