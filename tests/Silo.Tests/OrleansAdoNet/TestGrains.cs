using System.Collections.Concurrent;
using Orleans.Runtime;

namespace EmoteCare.Silo.Tests.OrleansAdoNet;

/// <summary>A grain's view of its persisted state, the same for every key kind.</summary>
public interface IStateProbeGrain : IGrain
{
    /// <summary>Sets the value and writes it (WriteStateAsync).</summary>
    Task Set(string value);

    /// <summary>The value this activation holds.</summary>
    Task<string?> Get();

    /// <summary>Clears the state (ClearStateAsync).</summary>
    Task Clear();

    /// <summary>The activation's ETag and whether storage reported a record.</summary>
    Task<(string? ETag, bool RecordExists)> StorageView();

    /// <summary>Identifies the activation, so a test can tell a fresh one from the old one.</summary>
    Task<string> Activation();

    Task Deactivate();
}

public interface IStringKeyStateGrain : IStateProbeGrain, IGrainWithStringKey;

public interface IGuidKeyStateGrain : IStateProbeGrain, IGrainWithGuidKey;

public interface IIntegerKeyStateGrain : IStateProbeGrain, IGrainWithIntegerKey;

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

/// <summary>State named "x" in the provider registered as the default ("Default").</summary>
public abstract class StateProbeGrain(IPersistentState<ProbeState> state) : Grain, IStateProbeGrain
{
    public async Task Set(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> Get() => Task.FromResult(state.State.Value);

    public Task Clear() => state.ClearStateAsync();

    public Task<(string? ETag, bool RecordExists)> StorageView() => Task.FromResult((state.Etag, state.RecordExists));

    public Task<string> Activation() => Task.FromResult(GrainContext.ActivationId.ToString());

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class StringKeyStateGrain([PersistentState("x", "Default")] IPersistentState<ProbeState> state)
    : StateProbeGrain(state), IStringKeyStateGrain;

public sealed class GuidKeyStateGrain([PersistentState("x", "Default")] IPersistentState<ProbeState> state)
    : StateProbeGrain(state), IGuidKeyStateGrain;

public sealed class IntegerKeyStateGrain([PersistentState("x", "Default")] IPersistentState<ProbeState> state)
    : StateProbeGrain(state), IIntegerKeyStateGrain;

/// <summary>State in the provider registered with DeleteStateOnClear, which clears through DeleteStorageKey.</summary>
public interface IDeleteOnClearStateGrain : IStateProbeGrain, IGrainWithStringKey;

public sealed class DeleteOnClearStateGrain([PersistentState("x", OrleansAdoNetCluster.DeleteOnClearStorage)] IPersistentState<ProbeState> state)
    : StateProbeGrain(state), IDeleteOnClearStateGrain;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>The reminder's name as the reminder service reads it back, or null when there is none.</summary>
    Task<string?> Find(string name);

    Task<string[]> Names();

    Task Unregister(string name);
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    /// <summary>Ticks received, by grain key and reminder name; static so that a test sees them whichever silo ran the grain.</summary>
    public static ConcurrentDictionary<string, int> Ticks { get; } = new();

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<string?> Find(string name) => (await this.GetReminder(name))?.ReminderName;

    public async Task<string[]> Names() => [.. (await this.GetReminders()).Select(reminder => reminder.ReminderName).Order(StringComparer.Ordinal)];

    public async Task Unregister(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder {name}.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate($"{this.GetPrimaryKeyString()}/{reminderName}", 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
