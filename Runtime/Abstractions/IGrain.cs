namespace EmoteCare.Runtime;

/// <summary>Anything the runtime can address: grain references and observer references.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Every method must return <see cref="Task"/> or <see cref="Task{TResult}"/>.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>
/// Marker for observer interfaces: objects outside the grain world (an Api node's relay, say) that grains notify.
/// Methods return <see cref="Task"/> or <c>void</c>; delivery is best-effort.
/// </summary>
public interface IGrainObserver : IAddressable;
