using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace EmoteCare.Runtime.Tests;

/// <summary>Records what grains did, so tests can assert on ordering and lifecycle without timing guesses.</summary>
public sealed class Journal
{
    private readonly ConcurrentQueue<string> _entries = new();
    private int _inTurn;

    public int Activations;
    public int Deactivations;
    public int TimerTicks;
    public int OverlappingTurns;

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);

    /// <summary>Marks code running inside a turn; counts any moment two turns of one grain overlap.</summary>
    public void EnterTurn()
    {
        if (Interlocked.Increment(ref _inTurn) > 1)
        {
            Interlocked.Increment(ref OverlappingTurns);
        }
    }

    public void ExitTurn() => Interlocked.Decrement(ref _inTurn);
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    [ReadOnly]
    Task<int> Get();

    Task<string> Echo(string text);

    Task Fail(string message);

    Task<int> SlowIncrement(int yields);

    Task Deactivate();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly Journal _journal;
    private int _count;

    public CounterGrain(Journal journal)
    {
        _journal = journal;
        Interlocked.Increment(ref journal.Activations);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _journal.Deactivations);
        _journal.Add($"deactivated {this.GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public Task<int> Increment() => Task.FromResult(++_count);

    public Task<int> Get() => Task.FromResult(_count);

    public Task<string> Echo(string text) => Task.FromResult($"{this.GetPrimaryKeyString()}:{text}");

    public Task Fail(string message) => throw new ArgumentOutOfRangeException(nameof(message), message);

    /// <summary>Reads, yields, writes: loses updates unless turns of this grain never run in parallel.</summary>
    public async Task<int> SlowIncrement(int yields)
    {
        _journal.EnterTurn();
        var value = _count;
        _journal.ExitTurn();
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
            _journal.EnterTurn();
            _journal.ExitTurn();
        }

        _journal.EnterTurn();
        _count = value + 1;
        _journal.ExitTurn();
        return _count;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A grain whose calls block on a gate the test opens, to observe interleaving.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    Task Wait(string name);

    [ReadOnly]
    Task Read(string name);

    [AlwaysInterleave]
    Task<int> Probe();
}

public sealed class GateGrain(Journal journal, Gates gates) : Grain, IGateGrain
{
    public async Task Wait(string name)
    {
        journal.Add($"start {name}");
        await gates.For(name).Task;
        journal.Add($"end {name}");
    }

    public async Task Read(string name)
    {
        journal.Add($"start {name}");
        await gates.For(name).Task;
        journal.Add($"end {name}");
    }

    public Task<int> Probe() => Task.FromResult(42);
}

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task Wait(string name);
}

[Reentrant]
public sealed class ReentrantGateGrain(Journal journal, Gates gates) : Grain, IReentrantGateGrain
{
    public async Task Wait(string name)
    {
        journal.EnterTurn();
        journal.Add($"start {name}");
        journal.ExitTurn();
        await gates.For(name).Task;
        journal.EnterTurn();
        journal.Add($"end {name}");
        journal.ExitTurn();
    }
}

public sealed class Gates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public TaskCompletionSource For(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Open(string name) => For(name).TrySetResult();
}

public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="next"/>, which may call back.</summary>
    Task<string> Ping(string next, int hops);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public async Task<string> Ping(string next, int hops) =>
        hops == 0
            ? this.GetPrimaryKeyString()
            : $"{this.GetPrimaryKeyString()}>{await GrainFactory.GetGrain<IPingGrain>(next).Ping(this.GetPrimaryKeyString(), hops - 1)}";
}

public sealed class ProfileState
{
    public string Name { get; set; } = "";

    public int Visits { get; set; }
}

public interface IProfileGrain : IGrainWithGuidKey
{
    Task<ProfileState> Visit(string name);

    Task<ProfileState> Get();

    Task Save();

    Task Clear();

    Task<string?> Etag();
}

public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<ProfileState> profile) : Grain, IProfileGrain
{
    public async Task<ProfileState> Visit(string name)
    {
        profile.State.Name = name;
        profile.State.Visits++;
        await profile.WriteStateAsync();
        return profile.State;
    }

    public Task<ProfileState> Get() => Task.FromResult(profile.State);

    public Task Save() => profile.WriteStateAsync();

    public Task Clear() => profile.ClearStateAsync();

    public Task<string?> Etag() => Task.FromResult(profile.Etag);
}

/// <summary>Keeps its visit count in memory and writes it only when deactivated.</summary>
public interface IShutdownGrain : IGrainWithStringKey
{
    Task Visit();
}

public sealed class ShutdownGrain([PersistentState("visits")] IPersistentState<ProfileState> visits) : Grain, IShutdownGrain
{
    public Task Visit()
    {
        visits.State.Visits++;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => visits.WriteStateAsync(cancellationToken);
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(int periodMs);

    Task<int> Ticks();

    Task Busy(int yields);
}

public sealed class TimerGrain(Journal journal) : Grain, ITimerGrain
{
    private int _ticks;

    public Task Start(int periodMs)
    {
        RegisterGrainTimer(async _ =>
        {
            journal.EnterTurn();
            _ticks++;
            Interlocked.Increment(ref journal.TimerTicks);
            journal.ExitTurn();
            await Task.Yield();
            journal.EnterTurn();
            journal.ExitTurn();
        }, TimeSpan.Zero, TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref journal.Deactivations);
        return Task.CompletedTask;
    }

    public async Task Busy(int yields)
    {
        for (var i = 0; i < yields; i++)
        {
            journal.EnterTurn();
            journal.ExitTurn();
            await Task.Yield();
        }
    }
}

public interface IWorkerGrain : IGrainWithStringKey
{
    Task<int> Work(string gate);
}

[StatelessWorker(3)]
public sealed class WorkerGrain(Gates gates) : Grain, IWorkerGrain
{
    public async Task<int> Work(string gate)
    {
        await gates.For(gate).Task;
        return RuntimeHelpers.GetHashCode(this);
    }
}

public interface INotification : IGrainObserver
{
    void Notify(string message);
}

public interface IPublisherGrain : IGrainWithStringKey
{
    Task Subscribe(INotification observer);

    Task Unsubscribe(INotification observer);

    Task Publish(string message);

    Task<int> Subscribers();
}

public sealed class PublisherGrain : Grain, IPublisherGrain
{
    // Long enough that a stalled CI runner cannot expire a subscription between Subscribe and the next call.
    private readonly ObserverManager<INotification> _observers = new(TimeSpan.FromSeconds(2));

    public Task Subscribe(INotification observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(INotification observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(string message)
    {
        _observers.Notify(o =>
        {
            o.Notify(message);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task<int> Subscribers() => Task.FromResult(_observers.Count);
}

public interface IHangGrain : IGrainWithStringKey
{
    Task Hang();

    [AlwaysInterleave]
    Task<int> Probe();
}

public sealed class HangGrain : Grain, IHangGrain
{
    public Task Hang() => Task.Delay(Timeout.Infinite);

    public Task<int> Probe() => Task.FromResult(42);
}

/// <summary>An interface nothing implements.</summary>
public interface IOrphanGrain : IGrainWithStringKey
{
    Task Nothing();
}
