using EmoteCare.Runtime;
using EmoteCare.Runtime.Storage;

namespace EmoteCare.Grains.Tests;

/// <summary>Memory storage whose writes fail for one grain type while <see cref="FailingType"/> names it.</summary>
internal sealed class FlakyStorage : IGrainStorage
{
    private readonly MemoryGrainStorage _inner = new();

    public volatile string? FailingType;

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        _inner.ReadAsync(grainId, stateName, cancellationToken);

    public Task<long> WriteAsync(GrainId grainId, string stateName, string json, long? expectedVersion, CancellationToken cancellationToken) =>
        grainId.Type == FailingType
            ? throw new IOException($"Storage for {grainId.Type} is unavailable.")
            : _inner.WriteAsync(grainId, stateName, json, expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainId grainId, string stateName, long? expectedVersion, CancellationToken cancellationToken) =>
        _inner.ClearAsync(grainId, stateName, expectedVersion, cancellationToken);
}
