using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>A therapist's profile.</summary>
/// <param name="TherapistId">The therapist's id (the grain key).</param>
/// <param name="DisplayName">The name shown to patients.</param>
/// <param name="CreatedAt">When the profile was first written.</param>
[GenerateSerializer, Immutable, Alias("emotecare.TherapistProfile")]
public sealed record TherapistProfile([Id(0)] string TherapistId, [Id(1)] string DisplayName, [Id(2)] DateTimeOffset CreatedAt);

/// <summary>A session of this therapist's that is live now.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="StartedAt">When it went live.</param>
[GenerateSerializer, Immutable, Alias("emotecare.LiveSession")]
public sealed record LiveSession([Id(0)] string SessionId, [Id(1)] string PatientId, [Id(2)] DateTimeOffset StartedAt);

/// <summary>A short note that one of the therapist's sessions ended; the full summary lives with the patient.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="StartedAt">When it went live.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Dominant">The expression with the highest mean probability; null without face frames.</param>
/// <param name="NotableMoments">How many notable moments it had.</param>
/// <param name="Alerts">How many alerts it raised.</param>
[GenerateSerializer, Immutable, Alias("emotecare.SessionEndedNote")]
public sealed record SessionEndedNote(
    [Id(0)] string SessionId,
    [Id(1)] string PatientId,
    [Id(2)] DateTimeOffset StartedAt,
    [Id(3)] DateTimeOffset EndedAt,
    [Id(4)] Emotion? Dominant,
    [Id(5)] int NotableMoments,
    [Id(6)] int Alerts);

/// <summary>A therapist (key: therapist id): profile, practice, caseload, live sessions, recent sessions and an alert inbox.</summary>
[Alias("emotecare.ITherapistGrain")]
public interface ITherapistGrain : IGrainWithStringKey
{
    /// <summary>Creates the profile or changes its display name.</summary>
    /// <exception cref="ArgumentException">The display name is empty.</exception>
    [Alias("UpdateProfile")]
    Task<TherapistProfile> UpdateProfile(string displayName);

    /// <summary>The profile; null when none was created.</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<TherapistProfile?> GetProfile();

    /// <summary>Sets how the therapist practises (specialties, languages, time zone, hours, leave, session length, caseload).</summary>
    /// <returns>The practice as stored: in <c>PracticeRules</c>' order.</returns>
    /// <exception cref="ArgumentException">The practice breaks a rule; the message names every problem and nothing is stored.</exception>
    [Alias("SetPractice")]
    Task<TherapistPractice> SetPractice(TherapistPractice practice);

    /// <summary>The practice; null until one is set.</summary>
    [ReadOnly]
    [Alias("GetPractice")]
    Task<TherapistPractice?> GetPractice();

    /// <summary>Adds a patient to the caseload (idempotent). Called by <see cref="IPatientGrain.AssignTherapist"/>, which keeps both sides in step.</summary>
    [Alias("AssignPatient")]
    Task AssignPatient(string patientId);

    /// <summary>Removes a patient from the caseload, with the patient's alerts from the inbox (idempotent).</summary>
    [Alias("UnassignPatient")]
    Task UnassignPatient(string patientId);

    /// <summary>The assigned patients' ids, in order.</summary>
    [ReadOnly]
    [Alias("GetCaseload")]
    Task<IReadOnlyList<string>> GetCaseload();

    /// <summary>Notes that a session went live. Idempotent; ignored when the session is already known to have ended.</summary>
    [Alias("SessionStarted")]
    Task SessionStarted(LiveSession session);

    /// <summary>Notes that a session ended. Idempotent.</summary>
    [Alias("SessionEnded")]
    Task SessionEnded(SessionEndedNote note);

    /// <summary>Sessions live now, oldest first.</summary>
    [ReadOnly]
    [Alias("GetLiveSessions")]
    Task<IReadOnlyList<LiveSession>> GetLiveSessions();

    /// <summary>Recently ended sessions, newest first.</summary>
    /// <param name="limit">How many at most; positive.</param>
    [ReadOnly]
    [Alias("GetRecentSessions")]
    Task<IReadOnlyList<SessionEndedNote>> GetRecentSessions(int limit);

    /// <summary>Puts an alert in the inbox. Idempotent by alert id. The inbox is bounded: the oldest acknowledged alerts go first.</summary>
    /// <returns>True when added, false when it was already there.</returns>
    /// <exception cref="ArgumentException">The alert is addressed to another therapist.</exception>
    [Alias("AddAlert")]
    Task<bool> AddAlert(SessionAlert alert);

    /// <summary>Alerts not yet acknowledged, oldest first.</summary>
    [ReadOnly]
    [Alias("GetUnacknowledgedAlerts")]
    Task<IReadOnlyList<SessionAlert>> GetUnacknowledgedAlerts();

    /// <summary>Acknowledges an alert. Idempotent.</summary>
    /// <returns>True when this call acknowledged it; false when it was already acknowledged or is not in the inbox.</returns>
    [Alias("AcknowledgeAlert")]
    Task<bool> AcknowledgeAlert(string alertId);

    /// <summary>
    /// Subscribes an observer to alerts as they enter the inbox, or renews its subscription. Subscriptions expire unless
    /// renewed, so observers renew periodically.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(ITherapistObserver observer);

    /// <summary>Ends a subscription; an unknown observer is ignored.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(ITherapistObserver observer);
}

/// <summary>Receives a therapist's new inbox alerts live (one per Api node relays them to the therapist's pages).</summary>
[Alias("emotecare.ITherapistObserver")]
public interface ITherapistObserver : IGrainObserver
{
    /// <summary>An alert that has just entered the inbox; not called again for an alert that was already there.</summary>
    [Alias("OnInboxAlert")]
    void OnInboxAlert(SessionAlert alert);
}
