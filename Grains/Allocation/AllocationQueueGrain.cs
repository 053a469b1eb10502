using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Allocation;

/// <summary>What the <see cref="AllocationQueueGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.AllocationQueueState")]
public sealed class AllocationQueueState
{
    /// <summary>Open requests, oldest first, at most one per patient.</summary>
    [Id(0)]
    public List<AllocationRequest> Open { get; set; } = [];
}

/// <summary>The admins' allocation queue: new patients awaiting confirmation and requests for a different therapist.</summary>
public sealed class AllocationQueueGrain([PersistentState("allocation-queue")] IPersistentState<AllocationQueueState> state) : Grain, IAllocationQueueGrain
{
    /// <inheritdoc />
    public async Task Put(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        GrainKeys.Validate(request.PatientId, "patient");
        var open = state.State.Open;
        var index = open.FindIndex(r => r.PatientId == request.PatientId);
        if (index < 0 && open.Count >= AllocationLimits.MaxQueueLength)
        {
            throw new InvalidOperationException($"The allocation queue holds {AllocationLimits.MaxQueueLength} open requests, its limit.");
        }

        // Arrays: grain storage restores them, not the compiler's collection-expression types.
        var stored = request with { Topics = request.Topics.ToArray(), Suggestions = request.Suggestions.Select(s => s with { Reasons = s.Reasons.ToArray() }).ToArray() };
        if (index >= 0)
        {
            open.RemoveAt(index);
        }

        open.Add(stored);
        await WriteAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AllocationRequest>> List(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult<IReadOnlyList<AllocationRequest>>(state.State.Open.Take(limit).ToArray());
    }

    /// <inheritdoc />
    public Task<AllocationRequest?> Find(string patientId) => Task.FromResult(state.State.Open.Find(r => r.PatientId == patientId));

    /// <inheritdoc />
    public async Task<bool> Remove(string patientId)
    {
        if (state.State.Open.RemoveAll(r => r.PatientId == patientId) == 0)
        {
            return false;
        }

        await WriteAsync();
        return true;
    }

    // As the other grains: a failed write leaves memory ahead of storage, so the next call reloads what was stored.
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
