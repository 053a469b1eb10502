using EmoteCare.Api.Accounts;
using EmoteCare.Api.Allocation;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Allocation;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// Therapists' practice profiles (the therapist and admins), patients' intakes and requests for a different therapist
/// (the patient), and the admins' allocation queue.
/// </summary>
internal static class AllocationEndpoints
{
    public static void MapAllocationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Allocation");
        group.MapGet("/allocation/vocabulary", Vocabulary).RequireAuthorization()
            .WithSummary("The specialties, language codes and limits that profiles and intakes use.");
        group.MapGet("/therapists/{therapistId}/profile", GetProfile).RequireAuthorization(AuthorizationPolicies.Staff)
            .WithSummary("A therapist's practice profile: for the therapist and admins.");
        group.MapPut("/therapists/{therapistId}/profile", PutProfile).RequireAuthorization(AuthorizationPolicies.Staff)
            .WithSummary("Sets a therapist's practice profile: specialties, languages, time zone, weekly hours, leave, session length, caseload. For the therapist and admins.");
        group.MapPut("/patients/{patientId}/intake", PutIntake).RequireAuthorization(AuthorizationPolicies.Patient)
            .WithSummary("The patient sends their intake; without a therapist they are allocated one, or an admin confirms a suggestion (setting Allocation:AutoAssign).");
        group.MapGet("/patients/{patientId}/intake", GetIntake).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The patient's intake: for the patient and their therapist (audited).");
        group.MapPost("/patients/{patientId}/therapist-change", RequestChange).RequireAuthorization(AuthorizationPolicies.Patient)
            .WithSummary("The patient asks for a different therapist; the request and its reason go to the admins' queue.");
        group.MapGet("/allocation/queue", ListQueue).RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Open allocation requests, oldest first, with suggestions and their reasons (each entry read is audited).");
        group.MapPost("/allocation/queue/{patientId}/assign", Confirm).RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Assigns the patient of an open request to a therapist and closes the request (audited).");
        group.MapDelete("/allocation/queue/{patientId}", Dismiss).RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Closes an open request without a change.");
    }

    private static Ok<VocabularyResponse> Vocabulary() => TypedResults.Ok(VocabularyResponse.Instance);

    private static async Task<Results<Ok<PracticeProfileResponse>, ProblemHttpResult>> GetProfile(string therapistId, [AsParameters] AllocationServices services)
    {
        if (!AccessPolicy.CanEditPractice(services.User, therapistId))
        {
            return NotYourProfile;
        }

        if (await services.Accounts.FindAsync(therapistId, services.CancellationToken) is not { Role: Role.Therapist } therapist)
        {
            return Problems.NotFound("No therapist has this id.");
        }

        var grain = services.Grains.GetGrain<ITherapistGrain>(therapistId);
        return TypedResults.Ok(new PracticeProfileResponse(therapistId, therapist.DisplayName, await grain.GetPractice(), (await grain.GetCaseload()).Count));
    }

    private static async Task<Results<Ok<PracticeProfileResponse>, ProblemHttpResult>> PutProfile(string therapistId, PracticeRequest request, [AsParameters] AllocationServices services)
    {
        if (!AccessPolicy.CanEditPractice(services.User, therapistId))
        {
            return NotYourProfile;
        }

        if (await services.Accounts.FindAsync(therapistId, services.CancellationToken) is not { Role: Role.Therapist } therapist)
        {
            return Problems.NotFound("No therapist has this id.");
        }

        var grain = services.Grains.GetGrain<ITherapistGrain>(therapistId);
        var stored = await grain.SetPractice(request.ToPractice());
        return TypedResults.Ok(new PracticeProfileResponse(therapistId, therapist.DisplayName, stored, (await grain.GetCaseload()).Count));
    }

    private static async Task<Results<Ok<IntakeResult>, ProblemHttpResult>> PutIntake(string patientId, IntakeRequest request, [AsParameters] AllocationServices services, AllocationService allocation)
    {
        if (services.User.Id != patientId)
        {
            return Problems.NotYourPatient;
        }

        try
        {
            return TypedResults.Ok(await allocation.SubmitIntakeAsync(services.User, request.ToIntake(), services.CancellationToken));
        }
        catch (InvalidOperationException)
        {
            return QueueFull;
        }
    }

    private static async Task<Results<Ok<SubmittedIntake>, ProblemHttpResult>> GetIntake(string patientId, [AsParameters] AllocationServices services)
    {
        if (!await services.Access.CanReadPatientInsightsAsync(services.User, patientId, services.CancellationToken))
        {
            return Problems.NotYourPatient;
        }

        if (await services.Grains.GetGrain<IIntakeGrain>(patientId).Get() is not { } intake)
        {
            return Problems.NotFound("No intake was sent yet.");
        }

        await services.Audit.RecordReadAsync(services.User, AuditActions.IntakeRead, patientId, null, null, services.CancellationToken);
        return TypedResults.Ok(intake);
    }

    private static async Task<Results<Ok<AllocationRequest>, ProblemHttpResult>> RequestChange(string patientId, ChangeTherapistRequest request, [AsParameters] AllocationServices services, AllocationService allocation)
    {
        if (services.User.Id != patientId)
        {
            return Problems.NotYourPatient;
        }

        try
        {
            return await allocation.RequestChangeAsync(services.User, request.Reason, services.CancellationToken) is { } queued
                ? TypedResults.Ok(queued)
                : Problems.Conflict("You have no therapist yet; send an intake and one will be found for you.");
        }
        catch (InvalidOperationException)
        {
            return QueueFull;
        }
    }

    private static async Task<Ok<IReadOnlyList<AllocationRequest>>> ListQueue([AsParameters] QueueQuery query, [AsParameters] AllocationServices services)
    {
        var open = await services.Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key).List(query.Take);
        foreach (var request in open)
        {
            await services.Audit.RecordAsync(services.User, AuditActions.AllocationRequestRead, request.PatientId, null, request.Kind.ToString(), services.CancellationToken);
        }

        return TypedResults.Ok(open);
    }

    private static async Task<Results<Ok<Assignment>, ValidationProblem, ProblemHttpResult>> Confirm(string patientId, AssignTherapistRequest request, [AsParameters] AllocationServices services, AllocationService allocation) =>
        await allocation.ConfirmAsync(services.User, patientId, request.TherapistId, services.CancellationToken) is { } result
            ? AssignmentEndpoints.Answer(result)
            : NoOpenRequest;

    private static async Task<Results<NoContent, ProblemHttpResult>> Dismiss(string patientId, [AsParameters] AllocationServices services) =>
        await services.Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key).Remove(patientId)
            ? TypedResults.NoContent()
            : NoOpenRequest;

    private static ProblemHttpResult NoOpenRequest => Problems.NotFound("This patient has no open allocation request.");

    private static ProblemHttpResult NotYourProfile => Problems.Forbidden("You may change only your own practice profile.");

    private static ProblemHttpResult QueueFull =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Allocation queue full", detail: "The allocation queue is full; please try again later.");
}

/// <summary>What every allocation endpoint works with.</summary>
internal sealed record AllocationServices(AppUser User, AccessPolicy Access, AccountStore Accounts, AuditLog Audit, IGrainFactory Grains, CancellationToken CancellationToken);

/// <summary>The vocabulary and limits that the profile editor and the intake page build their forms from.</summary>
public sealed record VocabularyResponse(IReadOnlyList<Specialty> Specialties, IReadOnlyList<string> Languages, int MinSessionMinutes, int MaxSessionMinutes, int MaxCaseload, int MaxReasonLength, int MaxChangeReasonLength)
{
    public static VocabularyResponse Instance { get; } = new(
        Enum.GetValues<Specialty>(),
        [.. LanguageCodes.All.Order(StringComparer.Ordinal)],
        PracticeLimits.MinSessionMinutes,
        PracticeLimits.MaxSessionMinutes,
        PracticeLimits.MaxCaseload,
        AllocationLimits.MaxReasonLength,
        AllocationLimits.MaxChangeReasonLength);
}

/// <summary>A therapist's practice profile with their name and caseload.</summary>
/// <param name="TherapistId">The therapist.</param>
/// <param name="DisplayName">Their name as patients see it.</param>
/// <param name="Practice">The profile; null until first set.</param>
/// <param name="Caseload">Patients assigned now.</param>
public sealed record PracticeProfileResponse(string TherapistId, string DisplayName, TherapistPractice? Practice, int Caseload);

/// <summary>A practice profile as sent: times as "HH:mm", dates as "yyyy-MM-dd", days and specialties by name.</summary>
public sealed record PracticeRequest(Specialty[]? Specialties, string[]? Languages, string? TimeZone, WeeklyHours[]? WeeklyHours, LeavePeriod[]? Leave, int SessionMinutes, int MaxCaseload) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, error) in PracticeRules.Check(ToPractice()))
        {
            errors.Add(field, error);
        }
    }

    public TherapistPractice ToPractice() => new(Specialties ?? [], Languages ?? [], TimeZone ?? "", WeeklyHours ?? [], Leave ?? [], SessionMinutes, MaxCaseload);
}

/// <summary>An intake as sent; only <c>reason</c> is required, empty strings count as absent.</summary>
public sealed record IntakeRequest(string? Reason, Specialty[]? Topics, string? Language, string? TimeZone, WeeklyHours[]? SuitableTimes) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, error) in IntakeRules.Check(ToIntake()))
        {
            errors.Add(field, error);
        }
    }

    public Intake ToIntake() => new(
        Reason?.Trim() ?? "",
        Topics ?? [],
        string.IsNullOrEmpty(Language) ? null : Language,
        string.IsNullOrEmpty(TimeZone) ? null : TimeZone,
        SuitableTimes ?? []);
}

/// <summary>Why the patient would like a different therapist.</summary>
public sealed record ChangeTherapistRequest(string Reason) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add("reason", IntakeRules.CheckChangeReason(Reason));
    }
}

/// <summary>How many open requests to list: <c>limit</c> 1–200, default 100.</summary>
public sealed record QueueQuery(int? Limit) : IValidatable
{
    public int Take => Limit ?? 100;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Limit("limit", Limit, PageQuery.MaxLimit);
    }
}
