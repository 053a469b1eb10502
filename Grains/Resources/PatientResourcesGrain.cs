using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Resources;

/// <summary>What a <see cref="PatientResourcesGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.PatientResourcesState")]
public sealed class PatientResourcesState
{
    /// <summary>Assignments, least recently assigned first.</summary>
    [Id(0)]
    public List<ResourceAssignment> Assigned { get; set; } = [];
}

/// <summary>The resources assigned to one patient and which of them the patient used.</summary>
public sealed class PatientResourcesGrain(
    [PersistentState("patientResources")] IPersistentState<PatientResourcesState> state,
    TimeProvider time) : Grain, IPatientResourcesGrain
{
    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(this.GetPrimaryKeyString(), "patient resources");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ResourceAssignment> Assign(string resourceId, string therapistId)
    {
        RequireId(resourceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(therapistId);
        var assigned = state.State.Assigned;
        var index = assigned.FindIndex(a => a.ResourceId == resourceId);
        if (index < 0 && assigned.Count >= ResourceLimits.MaxAssignedPerPatient)
        {
            throw new InvalidOperationException($"The patient has {ResourceLimits.MaxAssignedPerPatient} resources assigned, the limit; take one back first.");
        }

        var assignment = new ResourceAssignment(resourceId, therapistId, time.GetUtcNow(), index < 0 ? null : assigned[index].UsedAt);
        if (index >= 0)
        {
            assigned.RemoveAt(index);
        }

        assigned.Add(assignment);
        await WriteAsync();
        return assignment;
    }

    /// <inheritdoc />
    public async Task<bool> Unassign(string resourceId)
    {
        RequireId(resourceId);
        if (state.State.Assigned.RemoveAll(a => a.ResourceId == resourceId) == 0)
        {
            return false;
        }

        await WriteAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResourceAssignment>> GetAssigned() =>
        Task.FromResult<IReadOnlyList<ResourceAssignment>>([.. Enumerable.Reverse(state.State.Assigned)]);

    /// <inheritdoc />
    public async Task<ResourceAssignment?> MarkUsed(string resourceId)
    {
        RequireId(resourceId);
        var assigned = state.State.Assigned;
        var index = assigned.FindIndex(a => a.ResourceId == resourceId);
        if (index < 0)
        {
            return null;
        }

        if (assigned[index].UsedAt is null)
        {
            assigned[index] = assigned[index] with { UsedAt = time.GetUtcNow() };
            await WriteAsync();
        }

        return assigned[index];
    }

    private static void RequireId(string resourceId)
    {
        if (!ResourceRules.IsId(resourceId))
        {
            throw new ArgumentException($"'{resourceId}' is not a resource id (a lowercase slug of up to {ResourceLimits.MaxIdLength} letters, digits and hyphens).", nameof(resourceId));
        }
    }

    private Task WriteAsync() => state.WriteOrDeactivateAsync(DeactivateOnIdle);
}
