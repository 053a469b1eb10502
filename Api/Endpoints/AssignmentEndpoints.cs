using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>Which therapist a patient has (admins only); what every ownership check turns on.</summary>
internal static class AssignmentEndpoints
{
    public static void MapAssignmentEndpoints(this RouteGroupBuilder api)
    {
        var assignments = api.MapGroup("").WithTags("Assignments").RequireAuthorization(AuthorizationPolicies.Admin);
        assignments.MapPut("/assignments/{patientId}", Assign)
            .WithSummary("Assigns the patient to a therapist, replacing any previous one (audited).");
        assignments.MapDelete("/assignments/{patientId}", Unassign)
            .WithSummary("Removes the patient's therapist (audited).");
    }

    private static async Task<Results<Ok<Assignment>, ValidationProblem, ProblemHttpResult>> Assign(
        string patientId, AssignTherapistRequest request, AppUser user, Assignments assignments, CancellationToken cancellationToken) =>
        Answer(await assignments.AssignAsync(user, patientId, request.TherapistId, cancellationToken));

    /// <summary>An assignment's outcome as the response: the assignment, or what stood in its way.</summary>
    internal static Results<Ok<Assignment>, ValidationProblem, ProblemHttpResult> Answer((AssignmentOutcome Outcome, Assignment? Assignment) result)
    {
        switch (result.Outcome)
        {
            case AssignmentOutcome.PatientNotFound:
                return Problems.NotFound("No patient has this id.");
            case AssignmentOutcome.TherapistNotFound:
                var errors = new ValidationErrors();
                errors.Add("therapistId", "No therapist has this id.");
                return TypedResults.ValidationProblem(errors.ToDictionary());
            case AssignmentOutcome.TherapistFull:
                return Problems.Conflict("This therapist's caseload is full: their practice profile allows no more patients. Choose another therapist, or raise their caseload first.");
            case AssignmentOutcome.AlreadyAssigned:
                return Problems.Conflict("This patient has a therapist already.");
            default:
                return TypedResults.Ok(result.Assignment!);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unassign(string patientId, AppUser user, Assignments assignments, CancellationToken cancellationToken) =>
        await assignments.UnassignAsync(user, patientId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("This patient has no therapist.");
}

/// <summary>The therapist to assign.</summary>
public sealed record AssignTherapistRequest(string TherapistId) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.RequiredId("therapistId", TherapistId);
    }
}
