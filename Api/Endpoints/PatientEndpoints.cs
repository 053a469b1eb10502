using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>Patient accounts, profiles, history and trends.</summary>
internal static class PatientEndpoints
{
    public static void MapPatientEndpoints(this RouteGroupBuilder api)
    {
        var patients = api.MapGroup("").WithTags("Patients");
        patients.MapPost("/patients", Create).RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Creates a patient account and profile (admins). The response holds the only copy of the initial password.");
        patients.MapGet("/patients", List).RequireAuthorization(AuthorizationPolicies.Staff)
            .WithSummary("Lists patients: every patient for admins, the caseload for therapists.");
        patients.MapGet("/patients/{patientId}", Get)
            .WithSummary("A patient's profile: for the patient, their therapist and admins.");
        patients.MapGet("/patients/{patientId}/history", GetHistory).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The patient's ended sessions, newest first: for the patient and their therapist (audited).");
        patients.MapPut("/patients/{patientId}/country", SetCountry)
            .WithSummary("Sets the patient's country (ISO 3166 alpha-2; null when unknown), which picks the helplines the support chat shows: the patient or an admin.");
        patients.MapGet("/patients/{patientId}/trends", GetTrends).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The patient's sessions grouped by day or ISO week: for the patient and their therapist (audited).");
    }

    private static async Task<Results<Created<CreatedAccountResponse>, ProblemHttpResult>> Create(CreatePatientRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var created = await accounts.CreateAsync(Role.Patient, request.Email, request.Pseudonym, cancellationToken);
        return created is null
            ? Problems.Conflict("An account with this email exists.")
            : TypedResults.Created($"{ApiRoutes.Prefix}/patients/{created.Account.Id}", CreatedAccountResponse.From(created));
    }

    private static async Task<Ok<Page<PatientResponse>>> List([AsParameters] PageQuery page, AppUser user, Assignments assignments, CancellationToken cancellationToken)
    {
        // The Staff policy lets only admins and therapists in; a therapist sees their own caseload and no account details.
        var caseloadOf = user.Role == Role.Admin ? null : user.Id;
        var rows = await assignments.ListPatientsAsync(caseloadOf, page.After, page.Take, cancellationToken);
        var items = rows.Select(row => PatientResponse.From(row.Patient, row.TherapistId, includeAccount: caseloadOf is null)).ToList();
        return TypedResults.Ok(page.PageOf<PatientResponse>(items, p => p.Id));
    }

    private static async Task<Results<Ok<PatientResponse>, ProblemHttpResult>> Get(
        string patientId, AppUser user, AccessPolicy access, AccountStore accounts, Assignments assignments, CancellationToken cancellationToken)
    {
        if (!await access.CanReadPatientAsync(user, patientId, cancellationToken))
        {
            return Problems.NotYourPatient;
        }

        if (await accounts.FindAsync(patientId, cancellationToken) is not { Role: Role.Patient } patient)
        {
            return Problems.NotFound("No patient has this id.");
        }

        var assignment = await assignments.FindAsync(patientId, cancellationToken);
        return TypedResults.Ok(PatientResponse.From(patient, assignment?.TherapistId, includeAccount: user.Role == Role.Admin || user.Id == patientId));
    }

    private static async Task<Results<Ok<CountryRequest>, ProblemHttpResult>> SetCountry(
        string patientId, CountryRequest request, AppUser user, AuditLog audit, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!(user.Id == patientId && user.Role == Role.Patient) && user.Role != Role.Admin)
        {
            return Problems.NotYourPatient;
        }

        var patient = grains.GetGrain<IPatientGrain>(patientId);
        if (await patient.GetProfile() is null)
        {
            return Problems.NotFound("No patient has this id.");
        }

        await audit.RecordAsync(user, AuditActions.CountryChanged, patientId, null, request.Country ?? "unknown", cancellationToken);
        var profile = await patient.SetCountry(request.Country);
        return TypedResults.Ok(new CountryRequest(profile.Country));
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionSummary>>, ProblemHttpResult>> GetHistory(
        string patientId, [AsParameters] HistoryQuery query, AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!await access.CanReadPatientInsightsAsync(user, patientId, cancellationToken))
        {
            return Problems.NotYourPatient;
        }

        await audit.RecordReadAsync(user, AuditActions.PatientHistoryRead, patientId, null, $"limit {query.Take}", cancellationToken);
        return TypedResults.Ok(await grains.GetGrain<IPatientGrain>(patientId).GetHistory(query.Take));
    }

    private static async Task<Results<Ok<IReadOnlyList<TrendPoint>>, ProblemHttpResult>> GetTrends(
        string patientId, [AsParameters] TrendsQuery query, AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await access.CanReadPatientInsightsAsync(user, patientId, cancellationToken))
        {
            return Problems.NotYourPatient;
        }

        var (period, from, to) = query.Resolve(time.GetUtcNow());
        await audit.RecordReadAsync(user, AuditActions.PatientTrendsRead, patientId, null, $"{period} {from:O}..{to:O}", cancellationToken);
        return TypedResults.Ok(await grains.GetGrain<IPatientGrain>(patientId).GetTrends(period, from, to));
    }
}

/// <summary>A new patient: their sign-in email and the pseudonym therapists see.</summary>
public sealed record CreatePatientRequest(string Email, string Pseudonym) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add("email", InputRules.Email(Email));
        errors.Add("pseudonym", InputRules.Name(Pseudonym));
    }
}

/// <summary>A patient as others see them; the account's details (email, whether it is disabled) only for admins and the patient.</summary>
public sealed record PatientResponse(string Id, string Pseudonym, string? TherapistId, DateTimeOffset CreatedAt, string? Email, bool? Disabled)
{
    public static PatientResponse From(Account patient, string? therapistId, bool includeAccount)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return new(patient.Id, patient.DisplayName, therapistId, patient.CreatedAt, includeAccount ? patient.Email : null, includeAccount ? patient.IsDisabled : null);
    }
}

/// <summary>How many ended sessions, newest first (1–100, default 20).</summary>
public sealed record HistoryQuery(int? Limit) : IValidatable
{
    public int Take => Limit ?? 20;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Limit("limit", Limit, 100);
    }
}

/// <summary>Trends by <c>period</c> (<c>day</c> or <c>isoWeek</c>, the default) over [<c>from</c>, <c>to</c>): by default the twelve weeks up to now, at most two years.</summary>
public sealed record TrendsQuery(string? Period, DateTimeOffset? From, DateTimeOffset? To) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { From = From?.ToUniversalTime(), To = To?.ToUniversalTime() };

    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(731);

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(Period is null or "day" or "isoWeek", "period", "One of day, isoWeek.");
        if (From is { } from && To is { } to)
        {
            errors.Require(from < to, "to", "Later than from.");
            errors.Require(to - from <= MaxRange, "to", "At most two years after from.");
        }
    }

    public (TrendPeriod Period, DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now)
    {
        var to = To ?? now;
        var from = From ?? to.AddDays(-84);
        if (to - from > MaxRange)
        {
            from = to - MaxRange;
        }

        return (Period == "day" ? TrendPeriod.Day : TrendPeriod.IsoWeek, from, to);
    }
}
