using System.Reflection;
using EmoteCare.Runtime.Core;

namespace EmoteCare.Runtime.Observers;

/// <summary>
/// The object behind an observer reference: calls run on the thread pool, off the calling grain's turn, against a
/// weakly held target. Not sealed because <see cref="DispatchProxy"/> derives the proxy type from it.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy needs an unsealed base.
internal class ObserverReference : DispatchProxy, IAddressable
#pragma warning restore CA1852
{
    private WeakReference<IGrainObserver> _target = null!;
    private InterfaceDescriptor _interface = null!;

    internal Guid ObserverId { get; private set; }

    internal bool IsDeleted { get; set; }

    internal bool IsAlive => !IsDeleted && _target.TryGetTarget(out _);

    internal static TObserver Create<TObserver>(Guid observerId, IGrainObserver target, InterfaceDescriptor descriptor)
    {
        var proxy = Create<TObserver, ObserverReference>()!;
        var reference = (ObserverReference)(object)proxy;
        reference.ObserverId = observerId;
        reference._target = new WeakReference<IGrainObserver>(target);
        reference._interface = descriptor;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = _interface.Methods[targetMethod!];
        if (IsDeleted || !_target.TryGetTarget(out var target))
        {
            return method.Method.ReturnType == typeof(void)
                ? null
                : Task.FromException(new ObjectDisposedException($"Observer {ObserverId} is gone: it was deleted or collected."));
        }

        var delivery = Task.Run(() => method.Invoke(target, args ?? []) ?? Task.CompletedTask);
        return method.Method.ReturnType == typeof(void) ? null : delivery;
    }

    public override bool Equals(object? obj) => obj is ObserverReference other && other.ObserverId == ObserverId;

    public override int GetHashCode() => ObserverId.GetHashCode();

    public override string ToString() => $"observer/{ObserverId:N}";
}
