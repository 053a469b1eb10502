using System.Globalization;
using System.Text.Json;
using EmoteCare.Runtime.Core;

namespace EmoteCare.Runtime.Storage;

/// <summary>Loads a grain's state before <c>OnActivateAsync</c>.</summary>
internal interface IPersistentStateLoader
{
    Task LoadAsync();
}

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>. A lost write deactivates the grain so the
/// next call reloads what the winner wrote rather than carrying on from a stale copy.
/// </summary>
internal sealed class PersistentState<TState>(ActivationData activation, string stateName, string storageName, IGrainStorage storage)
    : IPersistentState<TState>, IPersistentStateLoader where TState : new()
{
    private long? _version;

    public TState State { get; set; } = new();

    public string? Etag => _version?.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public Task LoadAsync() => ReadStateAsync();

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        GrainStateRecord? record;
        try
        {
            record = await storage.ReadAsync(activation.GrainId, stateName, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new GrainActivationException($"Reading state '{stateName}' of {activation.GrainId} from storage '{storageName}' failed: {exception.Message}", exception);
        }

        _version = record?.Version;
        RecordExists = record?.Json is not null;
        State = record?.Json is { } json ? JsonSerializer.Deserialize<TState>(json, GrainJson.Options) ?? new TState() : new TState();
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(State, GrainJson.Options);
        _version = await Guard(() => storage.WriteAsync(activation.GrainId, stateName, json, _version, cancellationToken));
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        if (_version is not null)
        {
            _version = await Guard(() => storage.ClearAsync(activation.GrainId, stateName, _version, cancellationToken));
        }

        State = new TState();
        RecordExists = false;
    }

    private async Task<long> Guard(Func<Task<long>> write)
    {
        try
        {
            return await write();
        }
        catch (InconsistentStateException)
        {
            activation.Deactivate(DeactivationReason.InconsistentState);
            throw;
        }
    }
}
