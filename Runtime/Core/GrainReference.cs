using System.Reflection;

namespace EmoteCare.Runtime.Core;

/// <summary>
/// The object behind every grain reference: a generated proxy implementing the grain interface turns each call into a
/// request for the grain's activation. Not sealed because <see cref="DispatchProxy"/> derives the proxy type from it.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy needs an unsealed base.
internal class GrainReference : DispatchProxy, IAddressable
#pragma warning restore CA1852
{
    private static readonly MethodInfo SendTypedMethod = typeof(GrainReference).GetMethod(nameof(SendTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo SendUntypedMethod = typeof(GrainReference).GetMethod(nameof(SendUntyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal GrainRuntime Runtime { get; private set; } = null!;
    internal GrainId GrainId { get; private set; }
    internal GrainClassInfo Class { get; private set; } = null!;
    internal InterfaceDescriptor Interface { get; private set; } = null!;

    /// <summary>The activation this reference last reached; saves a directory lookup per call.</summary>
    internal ActivationData? CachedActivation { get; set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId, GrainClassInfo grainClass)
    {
        var proxy = Create<TGrainInterface, GrainReference>()!;
        var reference = (GrainReference)(object)proxy;
        reference.Runtime = runtime;
        reference.GrainId = grainId;
        reference.Class = grainClass;
        reference.Interface = runtime.Registry.GetInterface(typeof(TGrainInterface));
        return proxy;
    }

    /// <summary>Binds each method's send path once, so a call costs a table lookup and no reflection.</summary>
    internal static void BindSend(MethodDescriptor method)
    {
        var returnType = method.Method.ReturnType;
        var send = returnType.IsGenericType
            ? SendTypedMethod.MakeGenericMethod(returnType.GetGenericArguments()[0])
            : SendUntypedMethod;
        method.Send = send.CreateDelegate<Func<GrainReference, object?[], object>>(method);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = Interface.Methods[targetMethod!];
        return method.Send!(this, args ?? []);
    }

    public override bool Equals(object? obj) => obj is GrainReference other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();

    private static object SendTyped<TResult>(MethodDescriptor method, GrainReference reference, object?[] args)
    {
        var request = new MethodRequest<TResult>(reference, method, args);
        reference.Runtime.Dispatch(reference, request);
        return request.Task;
    }

    private static object SendUntyped(MethodDescriptor method, GrainReference reference, object?[] args)
    {
        var request = new MethodRequest<object?>(reference, method, args);
        reference.Runtime.Dispatch(reference, request);
        return request.Task;
    }
}
