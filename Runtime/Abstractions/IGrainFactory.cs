namespace EmoteCare.Runtime;

/// <summary>Hands out references to grains and observers. References are cheap and usable before the grain is activated.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain implementing <typeparamref name="TGrainInterface"/> with the given string key.</summary>
    /// <exception cref="ArgumentException">The key is empty, too long or holds control characters.</exception>
    /// <exception cref="InvalidOperationException">No registered grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain implementing <typeparamref name="TGrainInterface"/> with the given Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey;

    /// <summary>
    /// Wraps a local object so grains can call it. The runtime holds the object weakly: keep it alive for as long as it
    /// should receive calls, and call <see cref="DeleteObjectReference{TObserver}"/> when done.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver;

    /// <summary>Stops delivery to an observer reference made by <see cref="CreateObjectReference{TObserver}"/>.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver;
}
