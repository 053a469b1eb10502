using EmoteCare.Runtime.Core;

namespace EmoteCare.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime constructs grains (never <c>new</c> one yourself): constructor
/// parameters come from dependency injection, and those marked <see cref="PersistentStateAttribute"/> get their state.
/// </summary>
public abstract class Grain
{
    private readonly ActivationData _activation;

    /// <summary>Binds the grain to the activation the runtime is constructing.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: get it with IGrainFactory.GetGrain, do not construct it.");
    }

    /// <summary>This activation's identity.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>For calls to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>Runs after state is read and before the first request.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once no request is in flight, before the activation is dropped: persist what must survive here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes.</summary>
    protected void DeactivateOnIdle() => _activation.Deactivate(DeactivationReason.ApplicationRequested);

    /// <summary>Registers a timer whose callback runs as a turn of this activation, never concurrently with itself.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(callback, options);
    }

    /// <summary>Registers a timer with the given due time and period.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerOptions(dueTime, period));
}
