using EmoteCare.Api.Accounts;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Interfaces;
using Orleans;

namespace EmoteCare.Api.Scheduling;

/// <summary>
/// The one way a session comes to exist, moves or is called off: the therapist's calendar first (the calendar grain
/// refuses times in the past, outside working hours, overlapping another booking or within the notice period, one
/// request at a time), then the session the rest of the app knows. Whoever books (the patient, their therapist, the demo
/// seed) goes through here, so no session can overlap another of the same therapist.
/// </summary>
public sealed class SessionBookings(IGrainFactory grains, SessionIndex sessions, TimeProvider time)
{
    /// <summary>Books the slot starting at <paramref name="start"/> in <paramref name="therapistId"/>'s calendar for the patient.</summary>
    /// <returns>The session; or null with why the calendar refused.</returns>
    public async Task<(SessionRecord? Session, BookingProblem Problem)> BookAsync(string therapistId, string patientId, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var sessionId = Ids.New();
        var calendar = grains.GetGrain<ITherapistCalendarGrain>(therapistId);
        var outcome = await calendar.Book(sessionId, patientId, start);
        if (outcome.Booking is not { } booking)
        {
            return (null, outcome.Problem);
        }

        try
        {
            return (await sessions.ScheduleAsync(new SessionRecord(sessionId, patientId, therapistId, booking.Start, booking.End), cancellationToken), BookingProblem.None);
        }
        catch
        {
            // The slot must not stay taken by a session that does not exist.
            await calendar.Release(sessionId);
            throw;
        }
    }

    /// <summary>Moves the booked session to the slot starting at <paramref name="start"/>.</summary>
    /// <returns>The session as moved; or null with why the calendar refused.</returns>
    public async Task<(SessionRecord? Session, BookingProblem Problem)> MoveAsync(SessionRecord session, DateTimeOffset start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var outcome = await grains.GetGrain<ITherapistCalendarGrain>(session.TherapistId).Reschedule(session.Id, start);
        if (outcome.Booking is not { } booking)
        {
            return (null, outcome.Problem);
        }

        await sessions.RescheduleAsync(session, booking.Start, booking.End, cancellationToken);
        return (session with { ScheduledFor = booking.Start, EndsAt = booking.End }, BookingProblem.None);
    }

    /// <summary>Calls the booked session off and frees its slot.</summary>
    /// <returns>The session; or null with why the calendar refused.</returns>
    public async Task<(SessionRecord? Session, BookingProblem Problem)> CancelAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var outcome = await grains.GetGrain<ITherapistCalendarGrain>(session.TherapistId).Cancel(session.Id);
        if (outcome.Problem != BookingProblem.None)
        {
            return (null, outcome.Problem);
        }

        await sessions.CancelAsync(session.Id, time.GetUtcNow(), cancellationToken);
        return (session, BookingProblem.None);
    }
}
