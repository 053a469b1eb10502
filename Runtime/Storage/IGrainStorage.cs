namespace EmoteCare.Runtime.Storage;

/// <summary>A stored state: its JSON (null after a clear) and its version.</summary>
public sealed record GrainStateRecord(string? Json, long Version);

/// <summary>
/// Stores grain state as JSON with a version per record. Writes compare versions: a write or clear carrying a version
/// other than the stored one throws <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored record, or null when none was ever written.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes the JSON if the stored version is <paramref name="expectedVersion"/> (null: nothing stored); returns the new version.</summary>
    Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Clears the record if the stored version is <paramref name="expectedVersion"/>; returns the new version.</summary>
    Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken);
}

/// <summary>A storage provider that prepares itself (a schema, say) before the runtime starts.</summary>
public interface IGrainStorageInitializer
{
    /// <summary>Idempotent preparation run at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
