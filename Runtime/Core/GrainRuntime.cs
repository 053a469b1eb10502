using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using EmoteCare.Runtime.Hosting;
using EmoteCare.Runtime.Observers;
using EmoteCare.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoteCare.Runtime.Core;

/// <summary>
/// The silo's core: the directory of activations (one per identity, a pool for stateless workers), request dispatch,
/// call timeouts, idle collection and shutdown. It is also the <see cref="IGrainFactory"/>.
/// </summary>
internal sealed class GrainRuntime : IGrainFactory, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workerPools = new();
    private readonly IServiceProvider _services;
    private readonly GrainRuntimeOptions _options;
    private readonly ObserverRegistry _observers;
    private ITimer? _maintenanceTimer;
    private volatile bool _stopping;

    public GrainRuntime(IServiceProvider services, IOptions<GrainRuntimeOptions> options, GrainTypeRegistry registry, IMeterFactory meterFactory, ILogger<GrainRuntime> logger, TimeProvider? timeProvider = null)
    {
        _services = services;
        _options = options.Value;
        Registry = registry;
        Logger = logger;
        Time = timeProvider ?? TimeProvider.System;
        Metrics = new RuntimeMetrics(meterFactory, () => ActivationCount, QueueDepth);
        _observers = new ObserverRegistry(registry);
    }

    public GrainTypeRegistry Registry { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public RuntimeMetrics Metrics { get; }

    public IGrainFactory GrainFactory => this;

    public int ActivationCount => _activations.Count + _workerPools.Values.Sum(p => p.Count);

    public void Start()
    {
        _maintenanceTimer = Time.CreateTimer(static state => ((GrainRuntime)state!).Maintain(), this, _options.MaintenancePeriod, _options.MaintenancePeriod);
    }

    /// <summary>Deactivates every activation (each persists what it must in OnDeactivateAsync) and refuses new activations.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var all = _activations.Values.Concat(_workerPools.Values.SelectMany(p => p.Workers)).ToList();
        foreach (var activation in all)
        {
            activation.Deactivate(DeactivationReason.ShuttingDown);
        }

        try
        {
            await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(_options.ShutdownTimeout, Time, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // A request that never finishes holds its activation; shutdown goes on without it rather than hang.
            var stuck = all.Where(a => !a.Deactivated.IsCompleted).Select(a => a.GrainId.ToString()).ToList();
            Logger.LogWarning("Shutdown gave up waiting for {Count} activations with requests still running: {Grains}", stuck.Count, string.Join(", ", stuck.Take(20)));
        }

        _maintenanceTimer?.Dispose();
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        var grainClass = Registry.GetClass(typeof(TGrainInterface));
        return GrainReference.Create<TGrainInterface>(this, GrainId.Create(grainClass.TypeName, key), grainClass);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey
    {
        var grainClass = Registry.GetClass(typeof(TGrainInterface));
        return GrainReference.Create<TGrainInterface>(this, GrainId.Create(grainClass.TypeName, key.ToString("N")), grainClass);
    }

    /// <summary>A reference for an identity read back from JSON.</summary>
    public IGrain GetGrain(Type grainInterface, GrainId grainId)
    {
        var grainClass = Registry.GetClass(grainInterface);
        if (grainClass.TypeName != grainId.Type)
        {
            throw new ArgumentException($"{grainId} is not a {grainInterface.Name}.", nameof(grainId));
        }

        var create = typeof(GrainReference).GetMethod(nameof(GrainReference.Create), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(grainInterface);
        return (IGrain)create.Invoke(null, [this, GrainId.Create(grainId.Type, grainId.Key), grainClass])!;
    }

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver =>
        _observers.Create<TObserver>(observer);

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver =>
        _observers.Delete(reference);

    internal IGrainObserver GetObserver(Guid observerId) => _observers.Get(observerId);

    /// <summary>Routes a request to its activation, creating it if needed.</summary>
    public void Dispatch(GrainReference reference, IRequest request)
    {
        Metrics.CallSent();
        if (reference.Class.IsStatelessWorker)
        {
            _workerPools.GetOrAdd(reference.GrainId, static (id, s) => new StatelessWorkerPool(s.runtime, id, s.grainClass), (runtime: this, grainClass: reference.Class))
                .Dispatch(request);
            return;
        }

        while (true)
        {
            var activation = reference.CachedActivation ?? (reference.CachedActivation = GetOrCreateActivation(reference.GrainId, reference.Class));
            if (activation.TryEnqueue(request))
            {
                return;
            }

            reference.CachedActivation = null;
        }
    }

    public ActivationData CreateActivation(GrainId grainId, GrainClassInfo grainClass)
    {
        if (_stopping)
        {
            throw new InvalidOperationException($"The silo is stopping; {grainId} cannot be activated.");
        }

        return new ActivationData(this, grainId, grainClass);
    }

    public void RemoveActivation(ActivationData activation)
    {
        if (activation.Class.IsStatelessWorker)
        {
            if (_workerPools.TryGetValue(activation.GrainId, out var pool))
            {
                pool.Remove(activation);
            }
        }
        else
        {
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }
    }

    /// <summary>Builds the grain object: services from the container, persistent state from its storage.</summary>
    public object CreateGrain(ActivationData activation)
    {
        var constructor = activation.Class.Constructor;
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            arguments[i] = parameter.GetCustomAttribute<PersistentStateAttribute>() is { } stateAttribute
                ? CreateState(activation, parameter, stateAttribute)
                : _services.GetService(parameter.ParameterType)
                    ?? throw new InvalidOperationException($"{activation.Class.ClassType.Name} needs a {parameter.ParameterType.Name} that is not registered as a service.");
        }

        return constructor.Invoke(arguments);
    }

    public void Dispose()
    {
        _maintenanceTimer?.Dispose();
        Metrics.Dispose();
    }

    private ActivationData GetOrCreateActivation(GrainId grainId, GrainClassInfo grainClass)
    {
        var activation = _activations.GetOrAdd(grainId, static (id, s) => s.runtime.CreateActivation(id, s.grainClass), (runtime: this, grainClass));
        activation.EnsureActivating();
        return activation;
    }

    private object CreateState(ActivationData activation, ParameterInfo parameter, PersistentStateAttribute attribute)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException($"{activation.Class.ClassType.Name}: [PersistentState] goes on an IPersistentState<T> parameter, not {type.Name}.");
        }

        var storage = _services.GetKeyedService<IGrainStorage>(attribute.StorageName)
            ?? throw new InvalidOperationException($"{activation.Class.ClassType.Name} asks for storage '{attribute.StorageName}', which is not configured.");
        var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
        var state = Activator.CreateInstance(stateType, activation, attribute.StateName, attribute.StorageName, storage)!;
        activation.AddState((IPersistentStateLoader)state);
        return state;
    }

    private void Maintain()
    {
        try
        {
            var now = Stopwatch.GetTimestamp();
            var timeoutCutoff = now - (long)(_options.CallTimeout.TotalSeconds * Stopwatch.Frequency);
            foreach (var activation in _activations.Values.Concat(_workerPools.Values.SelectMany(p => p.Workers)))
            {
                activation.ExpireRequests(timeoutCutoff, _options.CallTimeout);
                var age = activation.Class.CollectionAge ?? _options.CollectionAge;
                if (activation.IsIdleSince(now - (long)(age.TotalSeconds * Stopwatch.Frequency)))
                {
                    activation.Deactivate(DeactivationReason.IdleCollection);
                }
            }

            _observers.Prune();
        }
        catch (Exception exception)
        {
            Logger.LogError(exception, "Runtime maintenance failed");
        }
    }

    private long QueueDepth() =>
        _activations.Values.Concat(_workerPools.Values.SelectMany(p => p.Workers)).Sum(a => (long)a.PendingCount);
}
