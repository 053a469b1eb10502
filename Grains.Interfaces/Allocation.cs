using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>What a new patient tells us so a therapist can be found; only <paramref name="Reason"/> is required.</summary>
/// <param name="Reason">What brings them, in their own words.</param>
/// <param name="Topics">The topics closest to it (<see cref="Specialty"/>); may be empty.</param>
/// <param name="Language">Preferred language of sessions, an ISO 639-1 code (<see cref="LanguageCodes"/>); null for any.</param>
/// <param name="TimeZone">The patient's IANA time zone; required when <paramref name="SuitableTimes"/> holds any.</param>
/// <param name="SuitableTimes">Times of the week that suit them, in <paramref name="TimeZone"/>; may be empty.</param>
[GenerateSerializer, Immutable, Alias("emotecare.Intake")]
public sealed record Intake(
    [Id(0)] string Reason,
    [Id(1)] IReadOnlyList<Specialty> Topics,
    [Id(2)] string? Language,
    [Id(3)] string? TimeZone,
    [Id(4)] IReadOnlyList<WeeklyHours> SuitableTimes);

/// <summary>An intake as stored.</summary>
/// <param name="Intake">What the patient wrote.</param>
/// <param name="SubmittedAt">When they last sent it.</param>
[GenerateSerializer, Immutable, Alias("emotecare.SubmittedIntake")]
public sealed record SubmittedIntake([Id(0)] Intake Intake, [Id(1)] DateTimeOffset SubmittedAt);

/// <summary>A therapist allocation suggests, with the reasons in plain words.</summary>
/// <param name="TherapistId">The therapist.</param>
/// <param name="DisplayName">Their name as patients see it.</param>
/// <param name="Reasons">Why (and where the fit falls short), one sentence each.</param>
[GenerateSerializer, Immutable, Alias("emotecare.AllocationSuggestion")]
public sealed record AllocationSuggestion([Id(0)] string TherapistId, [Id(1)] string DisplayName, [Id(2)] IReadOnlyList<string> Reasons);

/// <summary>Why a patient is in the admins' allocation queue.</summary>
[GenerateSerializer, Alias("emotecare.AllocationRequestKind")]
public enum AllocationRequestKind
{
    /// <summary>A new patient's intake awaits an admin's confirmation.</summary>
    NewPatient,

    /// <summary>A patient asked for a different therapist.</summary>
    ChangeOfTherapist,
}

/// <summary>An entry of the admins' allocation queue: what the admin needs to choose, not the patient's own words about what brings them.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Kind">New patient or change of therapist.</param>
/// <param name="Topics">The intake's topics; empty without an intake.</param>
/// <param name="Language">The intake's preferred language; null for any.</param>
/// <param name="CurrentTherapistId">The therapist the patient has now; null for a new patient.</param>
/// <param name="ChangeReason">The patient's reason for asking for a change; null for a new patient.</param>
/// <param name="Suggestions">Therapists with room, best fit first; empty when none has room.</param>
/// <param name="CreatedAt">When the request was made.</param>
[GenerateSerializer, Immutable, Alias("emotecare.AllocationRequest")]
public sealed record AllocationRequest(
    [Id(0)] string PatientId,
    [Id(1)] AllocationRequestKind Kind,
    [Id(2)] IReadOnlyList<Specialty> Topics,
    [Id(3)] string? Language,
    [Id(4)] string? CurrentTherapistId,
    [Id(5)] string? ChangeReason,
    [Id(6)] IReadOnlyList<AllocationSuggestion> Suggestions,
    [Id(7)] DateTimeOffset CreatedAt);

/// <summary>The limits of intakes and allocation, each defined here once for the grains, the Api and the web app.</summary>
public static class AllocationLimits
{
    /// <summary>Longest "what brings you" text.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>Longest reason for asking for a different therapist.</summary>
    public const int MaxChangeReasonLength = 1000;

    /// <summary>Suggestions kept per request.</summary>
    public const int MaxSuggestions = 5;

    /// <summary>Open requests the queue holds; beyond it new requests are refused until admins deal with some.</summary>
    public const int MaxQueueLength = 10_000;
}

/// <summary>A patient's intake (key: patient id).</summary>
[Alias("emotecare.IIntakeGrain")]
public interface IIntakeGrain : IGrainWithStringKey
{
    /// <summary>Stores the intake, replacing an earlier one.</summary>
    /// <exception cref="ArgumentException">The intake breaks a rule (<c>IntakeRules</c> in Grains); nothing is stored.</exception>
    [Alias("Submit")]
    Task<SubmittedIntake> Submit(Intake intake);

    /// <summary>The intake; null until one is sent.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<SubmittedIntake?> Get();
}

/// <summary>The admins' allocation queue (one activation, key <see cref="Key"/>): one open request per patient.</summary>
[Alias("emotecare.IAllocationQueueGrain")]
public interface IAllocationQueueGrain : IGrainWithStringKey
{
    /// <summary>The key of the one queue grain.</summary>
    public const string Key = "queue";

    /// <summary>Adds a request, replacing the patient's open one.</summary>
    /// <exception cref="InvalidOperationException">The queue holds <see cref="AllocationLimits.MaxQueueLength"/> other requests.</exception>
    [Alias("Put")]
    Task Put(AllocationRequest request);

    /// <summary>Open requests, oldest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<AllocationRequest>> List(int limit);

    /// <summary>The patient's open request; null when none.</summary>
    [ReadOnly]
    [Alias("Find")]
    Task<AllocationRequest?> Find(string patientId);

    /// <summary>Closes the patient's open request; false when there was none.</summary>
    [Alias("Remove")]
    Task<bool> Remove(string patientId);
}
