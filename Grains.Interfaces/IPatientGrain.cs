using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>A patient's profile as the server knows it; the id and pseudonym carry no real-world identity.</summary>
/// <param name="PatientId">The pseudonymous id (the grain key).</param>
/// <param name="Pseudonym">The name shown to therapists.</param>
/// <param name="CreatedAt">When the profile was first written.</param>
/// <param name="DefaultFacialAnalysisConsent">
/// The patient's standing preference, used to pre-fill the per-session consent question; a session still needs its own
/// <see cref="ConsentSnapshot"/> before frames are analysed.
/// </param>
/// <param name="TherapistId">The assigned therapist; null when none.</param>
/// <param name="Country">
/// Where the patient lives, as an ISO 3166 alpha-2 code ("US", "GB"): it picks the helplines a crisis reply shows. Null
/// when unknown; the reply then tells them to call their local emergency number.
/// </param>
[GenerateSerializer, Immutable, Alias("emotecare.PatientProfile")]
public sealed record PatientProfile(
    [Id(0)] string PatientId,
    [Id(1)] string Pseudonym,
    [Id(2)] DateTimeOffset CreatedAt,
    [Id(3)] bool DefaultFacialAnalysisConsent,
    [Id(4)] string? TherapistId,
    [Id(5)] string? Country = null);

/// <summary>How trend points group sessions.</summary>
[GenerateSerializer, Alias("emotecare.TrendPeriod")]
public enum TrendPeriod
{
    /// <summary>By UTC calendar day of the session's start.</summary>
    Day,

    /// <summary>By ISO 8601 week (Monday to Sunday, UTC) of the session's start.</summary>
    IsoWeek,
}

/// <summary>Sessions of one period, combined.</summary>
/// <param name="Period">The grouping.</param>
/// <param name="Label">The period's name: <c>2025-03-04</c> for a day, <c>2025-W10</c> for an ISO week.</param>
/// <param name="Start">The period's first instant (UTC).</param>
/// <param name="Sessions">Sessions started in the period.</param>
/// <param name="FaceFrames">Face frames over those sessions: the weight behind the means.</param>
/// <param name="MeanDistribution">Mean probabilities over all face frames of the period, in <see cref="Emotion"/> order.</param>
/// <param name="MeanValence">Mean valence estimate over all face frames.</param>
/// <param name="MeanArousal">Mean arousal estimate over all face frames.</param>
/// <param name="FacePresentShare">Face frames / accepted frames over the period.</param>
[GenerateSerializer, Immutable, Alias("emotecare.TrendPoint")]
public sealed record TrendPoint(
    [Id(0)] TrendPeriod Period,
    [Id(1)] string Label,
    [Id(2)] DateTimeOffset Start,
    [Id(3)] int Sessions,
    [Id(4)] long FaceFrames,
    [Id(5)] float[] MeanDistribution,
    [Id(6)] float MeanValence,
    [Id(7)] float MeanArousal,
    [Id(8)] float FacePresentShare);

/// <summary>A patient (key: pseudonymous patient id): profile, consent preference, therapist, session history and trends.</summary>
[Alias("emotecare.IPatientGrain")]
public interface IPatientGrain : IGrainWithStringKey
{
    /// <summary>Creates the profile or changes its pseudonym.</summary>
    /// <exception cref="ArgumentException">The pseudonym is empty.</exception>
    [Alias("UpdateProfile")]
    Task<PatientProfile> UpdateProfile(string pseudonym);

    /// <summary>The profile; null when none was created.</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<PatientProfile?> GetProfile();

    /// <summary>Sets the patient's standing facial-analysis preference.</summary>
    /// <exception cref="InvalidOperationException">The patient has no profile.</exception>
    [Alias("SetDefaultFacialAnalysisConsent")]
    Task<PatientProfile> SetDefaultFacialAnalysisConsent(bool granted);

    /// <summary>Sets or clears the patient's country.</summary>
    /// <param name="country">An ISO 3166 alpha-2 code, upper case; null when unknown.</param>
    /// <exception cref="ArgumentException">The code is not an assigned ISO 3166 alpha-2 code.</exception>
    /// <exception cref="InvalidOperationException">The patient has no profile.</exception>
    [Alias("SetCountry")]
    Task<PatientProfile> SetCountry(string? country);

    /// <summary>Assigns the patient to a therapist, moving them out of the previous therapist's caseload.</summary>
    /// <exception cref="ArgumentException">The therapist id is empty.</exception>
    /// <exception cref="InvalidOperationException">The patient has no profile.</exception>
    [Alias("AssignTherapist")]
    Task<PatientProfile> AssignTherapist(string therapistId);

    /// <summary>Removes the patient from their therapist's caseload; nothing happens when none is assigned.</summary>
    [Alias("UnassignTherapist")]
    Task<PatientProfile?> UnassignTherapist();

    /// <summary>Stores an ended session's summary. Idempotent by session id.</summary>
    /// <returns>True when stored, false when this session was already stored.</returns>
    /// <exception cref="ArgumentException">The summary belongs to another patient.</exception>
    [Alias("AddSessionSummary")]
    Task<bool> AddSessionSummary(SessionSummary summary);

    /// <summary>The most recent session summaries, newest first.</summary>
    /// <param name="limit">How many at most; positive.</param>
    [ReadOnly]
    [Alias("GetHistory")]
    Task<IReadOnlyList<SessionSummary>> GetHistory(int limit);

    /// <summary>Stored sessions started in [<paramref name="from"/>, <paramref name="to"/>) grouped by period, oldest period first; periods without sessions are left out.</summary>
    [ReadOnly]
    [Alias("GetTrends")]
    Task<IReadOnlyList<TrendPoint>> GetTrends(TrendPeriod period, DateTimeOffset from, DateTimeOffset to);
}
