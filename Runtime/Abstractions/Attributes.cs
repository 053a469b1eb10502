namespace EmoteCare.Runtime;

/// <summary>Lets requests to this grain interleave at await points. Turns still run one at a time.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Marks an interface method that does not change state: read-only requests interleave with each other, never with writers.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Marks an interface method whose requests interleave with any other request (a cancellation or a status probe, say).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>
/// A stateless worker: the runtime keeps a local pool of activations for the same identity and grows it under load up to
/// <see cref="MaxLocalWorkers"/> (default: one per core).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers = 0) : Attribute
{
    /// <summary>The pool's upper bound; zero or less means <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers > 0 ? maxLocalWorkers : Environment.ProcessorCount;
}

/// <summary>Names a grain type; the default is the class name without its <c>Grain</c> suffix, lower-cased.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name used in identities and storage.</summary>
    public string Name { get; } = name;
}

/// <summary>Overrides the idle time after which activations of this grain class are collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeLimitAttribute(double minutes) : Attribute
{
    /// <summary>Idle time before collection.</summary>
    public TimeSpan Age { get; } = TimeSpan.FromMinutes(minutes);
}

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime injects state named
/// <see cref="StateName"/> from the storage provider <see cref="StorageName"/>, read before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorage) : Attribute
{
    /// <summary>The name of the storage provider used when none is given.</summary>
    public const string DefaultStorage = "Default";

    /// <summary>The state's name, part of its storage key.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; } = storageName;
}
