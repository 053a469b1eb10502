using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>A resource assigned to a patient, and whether they used it.</summary>
/// <param name="ResourceId">The library resource.</param>
/// <param name="AssignedBy">The therapist who assigned it.</param>
/// <param name="AssignedAt">When it was (last) assigned.</param>
/// <param name="UsedAt">When the patient first marked it used; null until then.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ResourceAssignment")]
public sealed record ResourceAssignment([Id(0)] string ResourceId, [Id(1)] string AssignedBy, [Id(2)] DateTimeOffset AssignedAt, [Id(3)] DateTimeOffset? UsedAt);

/// <summary>The resources assigned to one patient (key: patient id), kept apart from the patient grain so the library's traffic never queues behind sessions.</summary>
[Alias("emotecare.IPatientResourcesGrain")]
public interface IPatientResourcesGrain : IGrainWithStringKey
{
    /// <summary>Assigns a resource; assigning it again keeps its use and refreshes who assigned it and when.</summary>
    /// <exception cref="InvalidOperationException">The patient has <see cref="ResourceLimits.MaxAssignedPerPatient"/> resources assigned already.</exception>
    [Alias("Assign")]
    Task<ResourceAssignment> Assign(string resourceId, string therapistId);

    /// <summary>Takes an assignment back; false when the resource was not assigned.</summary>
    [Alias("Unassign")]
    Task<bool> Unassign(string resourceId);

    /// <summary>Every assignment, most recently assigned first.</summary>
    [ReadOnly]
    [Alias("GetAssigned")]
    Task<IReadOnlyList<ResourceAssignment>> GetAssigned();

    /// <summary>Marks an assigned resource used (the first time counts); null when it is not assigned.</summary>
    [Alias("MarkUsed")]
    Task<ResourceAssignment?> MarkUsed(string resourceId);
}
