using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Allocation;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Allocation;

/// <summary>Settings of allocation (section <c>Allocation</c>).</summary>
public sealed class AllocationOptions
{
    /// <summary>
    /// False (the default): a new patient's suggestions go to the admins' queue and an admin confirms one. True: the best
    /// match is assigned at once. Requests for a different therapist always go to the admins.
    /// </summary>
    public bool AutoAssign { get; set; }
}

/// <summary>What became of an intake.</summary>
public enum IntakeOutcome
{
    /// <summary>Suggestions wait in the admins' queue.</summary>
    AwaitingConfirmation,

    /// <summary>The best match was assigned (automatic mode), or the patient already had a therapist.</summary>
    Assigned,
}

/// <summary>What a patient hears back after sending an intake.</summary>
/// <param name="Outcome">Waiting for an admin, or assigned.</param>
/// <param name="TherapistId">The therapist now assigned; null while waiting.</param>
/// <param name="Suggestion">The best match with its reasons; null when no therapist has room.</param>
public sealed record IntakeResult(IntakeOutcome Outcome, string? TherapistId, AllocationSuggestion? Suggestion);

/// <summary>How a confirmation ended.</summary>
public enum ConfirmOutcome
{
    /// <summary>Assigned and taken off the queue.</summary>
    Assigned,

    /// <summary>The patient has no open request.</summary>
    NoRequest,

    /// <summary>No therapist account has the id.</summary>
    TherapistNotFound,
}

/// <summary>
/// Intake and allocation on top of the grains: collects the therapists with a practice profile, ranks them with
/// <see cref="Allocator"/>, and either queues the suggestions for the admins or assigns through <see cref="Assignments"/>,
/// which keeps the assignments table, the grains and so every ownership check in step.
/// </summary>
public sealed class AllocationService(
    AccountStore accounts,
    Assignments assignments,
    IGrainFactory grains,
    IOptionsMonitor<AllocationOptions> options,
    TimeProvider time) : IDisposable
{
    // Rank-then-assign is not atomic; one at a time per node keeps two automatic assignments from filling the same last place.
    private readonly SemaphoreSlim _allocating = new(1, 1);

    private IAllocationQueueGrain Queue => grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key);

    /// <summary>Stores the patient's intake; a patient without a therapist is then allocated one or queued for an admin.</summary>
    /// <exception cref="InvalidOperationException">The admins' queue is full.</exception>
    public async Task<IntakeResult> SubmitIntakeAsync(AppUser patient, Intake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        await grains.GetGrain<IIntakeGrain>(patient.Id).Submit(intake);
        await _allocating.WaitAsync(cancellationToken);
        try
        {
            if (await assignments.FindAsync(patient.Id, cancellationToken) is { } existing)
            {
                return new IntakeResult(IntakeOutcome.Assigned, existing.TherapistId, null);
            }

            var suggestions = Allocator.Rank(intake, await CandidatesAsync(cancellationToken), time.GetUtcNow(), AllocationLimits.MaxSuggestions);
            if (options.CurrentValue.AutoAssign && suggestions.Count > 0)
            {
                // The patient is the actor of an automatic assignment: the audit trail shows it came from their intake.
                var (outcome, assignment) = await assignments.AssignAsync(patient, patient.Id, suggestions[0].TherapistId, cancellationToken);
                if (outcome == AssignmentOutcome.Assigned)
                {
                    await Queue.Remove(patient.Id);
                    return new IntakeResult(IntakeOutcome.Assigned, assignment!.TherapistId, suggestions[0]);
                }
            }

            await Queue.Put(new AllocationRequest(patient.Id, AllocationRequestKind.NewPatient, intake.Topics, intake.Language, null, null, suggestions, time.GetUtcNow()));
            return new IntakeResult(IntakeOutcome.AwaitingConfirmation, null, suggestions.FirstOrDefault());
        }
        finally
        {
            _allocating.Release();
        }
    }

    /// <summary>Puts the patient's request for a different therapist, with their reason and fresh suggestions, in the admins' queue.</summary>
    /// <returns>The queued request; null when the patient has no therapist to change from.</returns>
    /// <exception cref="InvalidOperationException">The admins' queue is full.</exception>
    public async Task<AllocationRequest?> RequestChangeAsync(AppUser patient, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (await assignments.FindAsync(patient.Id, cancellationToken) is not { } current)
        {
            return null;
        }

        var intake = (await grains.GetGrain<IIntakeGrain>(patient.Id).Get())?.Intake ?? new Intake(reason, [], null, null, []);
        var suggestions = Allocator.Rank(intake, await CandidatesAsync(cancellationToken), time.GetUtcNow(), AllocationLimits.MaxSuggestions, exclude: current.TherapistId);
        var request = new AllocationRequest(patient.Id, AllocationRequestKind.ChangeOfTherapist, intake.Topics, intake.Language, current.TherapistId, reason, suggestions, time.GetUtcNow());
        await Queue.Put(request);
        return request;
    }

    /// <summary>An admin confirms a therapist for a patient with an open request: assigned, and the request closed.</summary>
    public async Task<(ConfirmOutcome Outcome, Assignment? Assignment)> ConfirmAsync(AppUser admin, string patientId, string therapistId, CancellationToken cancellationToken)
    {
        if (await Queue.Find(patientId) is null)
        {
            return (ConfirmOutcome.NoRequest, null);
        }

        var (outcome, assignment) = await assignments.AssignAsync(admin, patientId, therapistId, cancellationToken);
        switch (outcome)
        {
            case AssignmentOutcome.Assigned:
                await Queue.Remove(patientId);
                return (ConfirmOutcome.Assigned, assignment);
            case AssignmentOutcome.TherapistNotFound:
                return (ConfirmOutcome.TherapistNotFound, null);
            default:
                // A queued patient whose account is gone: the request can only be dismissed.
                return (ConfirmOutcome.NoRequest, null);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _allocating.Dispose();

    /// <summary>Every therapist with a practice profile, with their caseload now.</summary>
    public async Task<IReadOnlyList<AllocationCandidate>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<AllocationCandidate>();
        string? after = null;
        while (true)
        {
            var page = await accounts.ListAsync(Role.Therapist, after, 200, cancellationToken);
            var found = await Task.WhenAll(page.Select(async therapist =>
            {
                var grain = grains.GetGrain<ITherapistGrain>(therapist.Id);
                return await grain.GetPractice() is { } practice
                    ? new AllocationCandidate(therapist.Id, therapist.DisplayName, practice, (await grain.GetCaseload()).Count)
                    : null;
            }));
            candidates.AddRange(found.OfType<AllocationCandidate>());
            if (page.Count < 200)
            {
                return candidates;
            }

            after = page[^1].Id;
        }
    }
}
