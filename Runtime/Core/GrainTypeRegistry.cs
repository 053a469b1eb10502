using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;

namespace EmoteCare.Runtime.Core;

/// <summary>What the runtime knows of a grain class: its name, interleaving rules and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    public required Type ClassType { get; init; }
    public required string TypeName { get; init; }
    public required bool IsReentrant { get; init; }
    public required int MaxStatelessWorkers { get; init; }
    public required TimeSpan? CollectionAge { get; init; }
    public required ConstructorInfo Constructor { get; init; }

    public bool IsStatelessWorker => MaxStatelessWorkers > 0;
}

/// <summary>A grain or observer interface method, with a compiled invoker so calls avoid reflection.</summary>
internal sealed class MethodDescriptor
{
    public required MethodInfo Method { get; init; }
    public required string Name { get; init; }
    public required bool IsReadOnly { get; init; }
    public required bool AlwaysInterleave { get; init; }

    /// <summary>Calls the method on a target implementing the interface; returns the method's Task (or null for void).</summary>
    public required Func<object, object?[], Task?> Invoke { get; init; }

    /// <summary>Sends the call through a grain reference; returns the Task&lt;T&gt; or Task the caller awaits.</summary>
    public Func<GrainReference, object?[], object>? Send { get; set; }
}

/// <summary>Method table of one grain or observer interface.</summary>
internal sealed class InterfaceDescriptor(Type interfaceType, FrozenDictionary<MethodInfo, MethodDescriptor> methods)
{
    public Type InterfaceType { get; } = interfaceType;

    public FrozenDictionary<MethodInfo, MethodDescriptor> Methods { get; } = methods;
}

/// <summary>Maps grain interfaces to the one class implementing each, validated once at start-up.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<Type, GrainClassInfo> _classByInterface;
    private readonly FrozenDictionary<string, GrainClassInfo> _classByName;
    private readonly Dictionary<Type, InterfaceDescriptor> _interfaces = [];
    private readonly Lock _interfacesLock = new();

    public GrainTypeRegistry(IEnumerable<Assembly> grainAssemblies)
    {
        var byInterface = new Dictionary<Type, GrainClassInfo>();
        var byName = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var classType in grainAssemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (!classType.IsClass || classType.IsAbstract || !typeof(Grain).IsAssignableFrom(classType))
            {
                continue;
            }

            var info = Describe(classType);
            if (!byName.TryAdd(info.TypeName, info))
            {
                throw new InvalidOperationException($"Grain classes {byName[info.TypeName].ClassType} and {classType} share the type name '{info.TypeName}'.");
            }

            foreach (var grainInterface in classType.GetInterfaces().Where(IsGrainInterface))
            {
                if (!byInterface.TryAdd(grainInterface, info))
                {
                    throw new InvalidOperationException($"Both {byInterface[grainInterface].ClassType.Name} and {classType.Name} implement {grainInterface.Name}; a grain interface needs exactly one implementation.");
                }

                GetInterface(grainInterface);
            }
        }

        _classByInterface = byInterface.ToFrozenDictionary();
        _classByName = byName.ToFrozenDictionary();
    }

    public IEnumerable<GrainClassInfo> Classes => _classByName.Values;

    public GrainClassInfo GetClass(Type grainInterface) =>
        _classByInterface.TryGetValue(grainInterface, out var info)
            ? info
            : throw new InvalidOperationException($"No registered grain class implements {grainInterface.FullName}. Register the assembly holding it with AddGrainAssembly.");

    public GrainClassInfo GetClass(string typeName) =>
        _classByName.TryGetValue(typeName, out var info)
            ? info
            : throw new InvalidOperationException($"Unknown grain type '{typeName}'.");

    public InterfaceDescriptor GetInterface(Type interfaceType)
    {
        lock (_interfacesLock)
        {
            if (!_interfaces.TryGetValue(interfaceType, out var descriptor))
            {
                descriptor = DescribeInterface(interfaceType);
                _interfaces.Add(interfaceType, descriptor);
            }

            return descriptor;
        }
    }

    private static bool IsGrainInterface(Type type) =>
        type.IsInterface && typeof(IGrain).IsAssignableFrom(type)
        && type != typeof(IGrain) && type != typeof(IGrainWithStringKey) && type != typeof(IGrainWithGuidKey);

    private static GrainClassInfo Describe(Type classType)
    {
        var constructors = classType.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new InvalidOperationException($"Grain class {classType.Name} must have exactly one public constructor; it has {constructors.Length}.");
        }

        var name = classType.GetCustomAttribute<GrainTypeAttribute>()?.Name
            ?? (classType.Name.EndsWith("Grain", StringComparison.Ordinal) ? classType.Name[..^"Grain".Length] : classType.Name).ToLowerInvariant();
        return new GrainClassInfo
        {
            ClassType = classType,
            TypeName = name,
            IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: false),
            MaxStatelessWorkers = classType.GetCustomAttribute<StatelessWorkerAttribute>()?.MaxLocalWorkers ?? 0,
            CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Age,
            Constructor = constructors[0],
        };
    }

    private static InterfaceDescriptor DescribeInterface(Type interfaceType)
    {
        var isObserver = typeof(IGrainObserver).IsAssignableFrom(interfaceType);
        var methods = new Dictionary<MethodInfo, MethodDescriptor>();
        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
        {
            foreach (var method in type.GetMethods())
            {
                Validate(method, isObserver);
                var descriptor = new MethodDescriptor
                {
                    Method = method,
                    Name = $"{type.Name}.{method.Name}",
                    IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute)),
                    AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute)),
                    Invoke = CompileInvoker(method),
                };
                if (!isObserver)
                {
                    GrainReference.BindSend(descriptor);
                }

                methods[method] = descriptor;
            }
        }

        return new InterfaceDescriptor(interfaceType, methods.ToFrozenDictionary());
    }

    private static void Validate(MethodInfo method, bool isObserver)
    {
        var returnType = method.ReturnType;
        var returnsTask = returnType == typeof(Task) || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>));
        if (!returnsTask && !(isObserver && returnType == typeof(void)))
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} returns {returnType.Name}; grain methods return Task or Task<T>{(isObserver ? " (observer methods may return void)" : "")}.");
        }

        if (method.IsGenericMethodDefinition)
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} is generic; grain methods cannot be.");
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} has a ref or out parameter; grain calls copy their arguments.");
        }
    }

    private static Func<object, object?[], Task?> CompileInvoker(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(target, method.DeclaringType!),
            method,
            method.GetParameters().Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        Expression body = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null, typeof(Task)))
            : Expression.Convert(call, typeof(Task));
        return Expression.Lambda<Func<object, object?[], Task?>>(body, target, args).Compile();
    }
}
