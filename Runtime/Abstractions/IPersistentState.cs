namespace EmoteCare.Runtime;

/// <summary>A grain's persisted state with version-based optimistic concurrency.</summary>
/// <typeparam name="TState">A System.Text.Json-serialisable type with a parameterless constructor.</typeparam>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state; a new instance when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The stored version this state was read at or last written as; null when nothing was ever stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a record is stored (false after <see cref="ClearStateAsync"/>).</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state.</summary>
    /// <exception cref="InconsistentStateException">Someone else wrote since this state was read; the grain is deactivated.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored state and resets <see cref="State"/> to a new instance.</summary>
    /// <exception cref="InconsistentStateException">Someone else wrote since this state was read; the grain is deactivated.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
