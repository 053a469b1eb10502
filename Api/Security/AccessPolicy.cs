using EmoteCare.Api.Accounts;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Security;

/// <summary>What one user may do with one session, decided from one lookup.</summary>
/// <param name="Ownership">The session and its patient's current therapist; null when no such session exists.</param>
/// <param name="CanRead">Read the session, its consent, live snapshot, summary and live insights: its patient, or the patient's assigned therapist.</param>
/// <param name="CanRun">Start and end it: the therapist who booked it, while still assigned to the patient.</param>
/// <param name="CanChangeConsent">Grant or withdraw facial analysis: its patient only.</param>
/// <param name="CanStreamFrames">Send webcam frames into it: its patient only (the session grain still needs consent).</param>
/// <param name="CanChangeBooking">Cancel or move it: its patient, or the therapist who runs it.</param>
/// <param name="CanCall">Join its call and signal the other side: its patient and the therapist who runs it, the two participants (the session grain still needs it live).</param>
public sealed record SessionAccess(SessionOwnership? Ownership, bool CanRead, bool CanRun, bool CanChangeConsent, bool CanStreamFrames, bool CanChangeBooking, bool CanCall)
{
    /// <summary>The session; null when it does not exist.</summary>
    public SessionRecord? Session => Ownership?.Session;
}

/// <summary>
/// The ownership rules, in one place for every REST endpoint and hub method: a therapist reaches only the patients
/// assigned to them and those patients' sessions; a patient only themself and their own sessions; admins manage accounts
/// and assignments and read no insights (they cannot be assigned, so never). A session that does not exist is refused the
/// same way as one that belongs to someone else, so the answer reveals nothing.
/// </summary>
public sealed class AccessPolicy(SessionIndex sessions, Assignments assignments, IOptions<ConversationOptions> chat)
{
    /// <summary>
    /// The session rules on their own, for a caller that already holds <paramref name="ownership"/>. Access follows the
    /// patient's current assignment: after a reassignment the new therapist reads the patient's past sessions and the
    /// old one reads none.
    /// </summary>
    public static SessionAccess Decide(AppUser user, SessionOwnership? ownership)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ownership is null)
        {
            return new SessionAccess(null, false, false, false, false, false, false);
        }

        var isPatient = user.Role == Role.Patient && ownership.Session.PatientId == user.Id;
        var isAssignedTherapist = user.Role == Role.Therapist && ownership.AssignedTherapistId == user.Id;
        var runs = isAssignedTherapist && ownership.Session.TherapistId == user.Id;
        return new SessionAccess(ownership, isPatient || isAssignedTherapist, runs, isPatient, isPatient, isPatient || runs, isPatient || runs);
    }

    /// <summary>Everything <paramref name="user"/> may do with the session.</summary>
    public async Task<SessionAccess> ForSessionAsync(AppUser user, string sessionId, CancellationToken cancellationToken) =>
        Decide(user, Ids.IsValid(sessionId) ? await sessions.FindAsync(sessionId, cancellationToken) : null);

    /// <summary>See <see cref="SessionAccess.CanRead"/>; a hub's therapist (or patient) joining to watch asks this.</summary>
    public async Task<bool> CanReadSessionAsync(AppUser user, string sessionId, CancellationToken cancellationToken) =>
        (await ForSessionAsync(user, sessionId, cancellationToken)).CanRead;

    /// <summary>See <see cref="SessionAccess.CanStreamFrames"/>; a hub's patient joining to stream asks this.</summary>
    public async Task<bool> CanStreamFramesAsync(AppUser user, string sessionId, CancellationToken cancellationToken) =>
        (await ForSessionAsync(user, sessionId, cancellationToken)).CanStreamFrames;

    /// <summary>See the patient's profile (pseudonym, therapist): themself, their therapist, and admins, who manage the account.</summary>
    public async Task<bool> CanReadPatientAsync(AppUser user, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role == Role.Admin || await CanReadPatientInsightsAsync(user, patientId, cancellationToken);
    }

    /// <summary>Read the patient's history and trends: themself, or their assigned therapist.</summary>
    public async Task<bool> CanReadPatientInsightsAsync(AppUser user, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role switch
        {
            Role.Patient => user.Id == patientId,
            Role.Therapist => await IsAssignedAsync(user.Id, patientId, cancellationToken),
            _ => false,
        };
    }

    /// <summary>
    /// Whose calendar <paramref name="user"/> may see free slots in and book into for the patient: the patient's assigned
    /// therapist's, when the user is that patient or that therapist. Null otherwise, and when the patient has no therapist.
    /// </summary>
    public async Task<string?> BookingCalendarAsync(AppUser user, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Ids.IsValid(patientId) || user.Role is not (Role.Patient or Role.Therapist) || (user.Role == Role.Patient && user.Id != patientId))
        {
            return null;
        }

        var therapistId = (await assignments.FindAsync(patientId, cancellationToken))?.TherapistId;
        return user.Role == Role.Patient || therapistId == user.Id ? therapistId : null;
    }

    /// <summary>Assign library resources to the patient, or take them back: their assigned therapist.</summary>
    public async Task<bool> CanAssignResourcesAsync(AppUser user, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role == Role.Therapist && await IsAssignedAsync(user.Id, patientId, cancellationToken);
    }

    /// <summary>Read and change a therapist's practice profile: the therapist themself, and admins.</summary>
    public static bool CanEditPractice(AppUser user, string therapistId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role == Role.Admin || (user.Role == Role.Therapist && user.Id == therapistId);
    }

    /// <summary>
    /// Read an alert of their inbox: the patient's assigned therapist; and for a support-chat crisis of a patient with no
    /// therapist, the provider's on-call therapists (<see cref="ConversationOptions.OnCallTherapistIds"/>), who see the
    /// alert and nothing else of the patient.
    /// </summary>
    public async Task<bool> CanReadAlertAsync(AppUser user, SessionAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(alert);
        if (user.Role != Role.Therapist || alert.TherapistId != user.Id)
        {
            return false;
        }

        if (await IsAssignedAsync(user.Id, alert.PatientId, cancellationToken))
        {
            return true;
        }

        return alert.Kind == NotableMomentKind.ChatCrisis
            && chat.Value.OnCallTherapistIds.Contains(user.Id)
            && Ids.IsValid(alert.PatientId)
            && await assignments.FindAsync(alert.PatientId, cancellationToken) is null;
    }

    private async Task<bool> IsAssignedAsync(string therapistId, string patientId, CancellationToken cancellationToken) =>
        Ids.IsValid(patientId) && (await assignments.FindAsync(patientId, cancellationToken))?.TherapistId == therapistId;
}
