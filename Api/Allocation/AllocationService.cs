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

/// <summary>
/// Intake and allocation on top of the grains: collects the therapists with a practice profile, ranks them with
/// <see cref="Allocator"/>, and either queues the suggestions for the admins or assigns through <see cref="Assignments"/>,
/// which keeps the assignments table, the grains and so every ownership check in step, and refuses a place past a
/// therapist's caseload on whichever node asks.
/// </summary>
public sealed class AllocationService(
    AccountStore accounts,
    Assignments assignments,
    IGrainFactory grains,
    IOptionsMonitor<AllocationOptions> options,
    TimeProvider time)
{
    private IAllocationQueueGrain Queue => grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key);

    /// <summary>Stores the patient's intake; a patient without a therapist is then allocated one or queued for an admin.</summary>
    /// <exception cref="InvalidOperationException">The admins' queue is full.</exception>
    public async Task<IntakeResult> SubmitIntakeAsync(AppUser patient, Intake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        await grains.GetGrain<IIntakeGrain>(patient.Id).Submit(intake);
        if (await assignments.FindAsync(patient.Id, cancellationToken) is { } existing)
        {
            return new IntakeResult(IntakeOutcome.Assigned, existing.TherapistId, null);
        }

        var suggestions = Allocator.Rank(intake, await CandidatesAsync(cancellationToken), time.GetUtcNow(), AllocationLimits.MaxSuggestions);
        if (options.CurrentValue.AutoAssign)
        {
            // In rank order: a place another node filled since the ranking is refused, and the next best is tried.
            foreach (var suggestion in suggestions)
            {
                // The patient is the actor of an automatic assignment: the audit trail shows it came from their intake.
                // Only while they have no therapist: an intake sent twice at once must not assign twice.
                var (outcome, assignment) = await assignments.AssignAsync(patient, patient.Id, suggestion.TherapistId, cancellationToken, onlyIfUnassigned: true);
                switch (outcome)
                {
                    case AssignmentOutcome.Assigned:
                        await Queue.Remove(patient.Id);
                        return new IntakeResult(IntakeOutcome.Assigned, assignment!.TherapistId, suggestion);
                    case AssignmentOutcome.AlreadyAssigned when await assignments.FindAsync(patient.Id, cancellationToken) is { } meanwhile:
                        return new IntakeResult(IntakeOutcome.Assigned, meanwhile.TherapistId, null);
                }
            }
        }

        await Queue.Put(new AllocationRequest(patient.Id, AllocationRequestKind.NewPatient, intake.Topics, intake.Language, null, null, suggestions, time.GetUtcNow()));
        return new IntakeResult(IntakeOutcome.AwaitingConfirmation, null, suggestions.FirstOrDefault());
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

    /// <summary>
    /// An admin confirms a therapist for a patient with an open request: assigned (the therapist's caseload checked again,
    /// it may have filled since the suggestion), and the request closed. Null when the patient has no open request.
    /// </summary>
    public async Task<(AssignmentOutcome Outcome, Assignment? Assignment)?> ConfirmAsync(AppUser admin, string patientId, string therapistId, CancellationToken cancellationToken)
    {
        if (await Queue.Find(patientId) is null)
        {
            return null;
        }

        var result = await assignments.AssignAsync(admin, patientId, therapistId, cancellationToken);
        if (result.Outcome == AssignmentOutcome.Assigned)
        {
            await Queue.Remove(patientId);
        }

        return result;
    }

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
