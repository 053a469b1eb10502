using System.Collections.Concurrent;

namespace EmoteCare.Runtime.Storage;

/// <summary>In-memory storage for tests and single-process demos, with the same version rules as the durable providers.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), GrainStateRecord> _records = new();

    /// <inheritdoc />
    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetValueOrDefault((grainId, stateName)));

    /// <inheritdoc />
    public Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(grainId, stateName, json, expectedVersion));

    /// <inheritdoc />
    public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(grainId, stateName, json: null, expectedVersion));

    private long Replace(GrainId grainId, string stateName, string? json, long? expectedVersion)
    {
        var key = (grainId, stateName);
        if (expectedVersion is null)
        {
            return _records.TryAdd(key, new GrainStateRecord(json, 1))
                ? 1
                : throw Conflict(grainId, stateName, expectedVersion, _records.GetValueOrDefault(key)?.Version);
        }

        if (_records.TryGetValue(key, out var current) && current.Version == expectedVersion)
        {
            var next = new GrainStateRecord(json, current.Version + 1);
            if (_records.TryUpdate(key, next, current))
            {
                return next.Version;
            }
        }

        throw Conflict(grainId, stateName, expectedVersion, _records.GetValueOrDefault(key)?.Version);
    }

    internal static InconsistentStateException Conflict(GrainId grainId, string stateName, long? expected, long? stored) =>
        new($"State '{stateName}' of {grainId} is at version {stored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, not {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: another writer won.");
}
