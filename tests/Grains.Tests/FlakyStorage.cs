using Orleans.Storage;

namespace EmoteCare.Grains.Tests;

/// <summary>
/// Grain storage in memory, with ETags, whose writes fail for one grain type while <see cref="FailingType"/> names it
/// (a grain type as Orleans names it: <c>therapist</c> for <see cref="TherapistGrain"/>). State is kept in Orleans'
/// binary format, so what a grain reads back went through the serializer as it would in a database. One object serves
/// every silo a test cluster starts, so it outlives a silo restart.
/// </summary>
public sealed class FlakyStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string StateName), (byte[] Data, long Version)> _records = [];

    public volatile string? FailingType;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            if (_records.TryGetValue((grainId, stateName), out var record))
            {
                grainState.State = OrleansSerialization.Serializer.Deserialize<T>(record.Data);
                grainState.ETag = ETag(record.Version);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainId.Type.ToString() == FailingType)
        {
            throw new IOException($"Storage for {grainId.Type} is unavailable.");
        }

        var data = OrleansSerialization.Serializer.SerializeToArray(grainState.State);
        lock (_lock)
        {
            var stored = _records.TryGetValue((grainId, stateName), out var record) ? ETag(record.Version) : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"Stale write of {stateName} for {grainId}.", stored, grainState.ETag);
            }

            var version = record.Version + 1;
            _records[(grainId, stateName)] = (data, version);
            grainState.ETag = ETag(version);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            var stored = _records.TryGetValue((grainId, stateName), out var record) ? ETag(record.Version) : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"Stale clear of {stateName} for {grainId}.", stored, grainState.ETag);
            }

            _records.Remove((grainId, stateName));
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private static string ETag(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
