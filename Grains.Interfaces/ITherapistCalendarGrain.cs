using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>Why a booking, cancellation or move was refused; <see cref="None"/> when it went through.</summary>
[GenerateSerializer, Alias("emotecare.BookingProblem")]
public enum BookingProblem
{
    /// <summary>Done.</summary>
    None,

    /// <summary>The start has passed.</summary>
    InPast,

    /// <summary>Further ahead than bookings may be made.</summary>
    TooFarAhead,

    /// <summary>The therapist is on leave that day.</summary>
    OnLeave,

    /// <summary>Not the start of a slot in the therapist's working hours.</summary>
    OutsideWorkingHours,

    /// <summary>Another booking overlaps the slot.</summary>
    Overlaps,

    /// <summary>The session starts sooner than the notice period allows changes.</summary>
    WithinNoticePeriod,

    /// <summary>No booking with that session id in this calendar.</summary>
    NotFound,

    /// <summary>The therapist has no working hours set up yet.</summary>
    NoPractice,
}

/// <summary>A booked session in a therapist's calendar; times in UTC.</summary>
/// <param name="SessionId">The session, as the rest of the app knows it.</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends (start plus the therapist's session length when booked).</param>
/// <param name="Reminded">Whether its reminder has gone out.</param>
[GenerateSerializer, Immutable, Alias("emotecare.CalendarBooking")]
public sealed record CalendarBooking([Id(0)] string SessionId, [Id(1)] string PatientId, [Id(2)] DateTimeOffset Start, [Id(3)] DateTimeOffset End, [Id(4)] bool Reminded);

/// <summary>What came of a booking, cancellation or move.</summary>
/// <param name="Problem">Why it was refused; <see cref="BookingProblem.None"/> when it went through.</param>
/// <param name="Booking">The booking as it now stands (as it was, for a cancellation); null when refused.</param>
[GenerateSerializer, Immutable, Alias("emotecare.BookingOutcome")]
public sealed record BookingOutcome([Id(0)] BookingProblem Problem, [Id(1)] CalendarBooking? Booking);

/// <summary>A bookable slot; times in UTC.</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
[GenerateSerializer, Immutable, Alias("emotecare.TimeSlot")]
public sealed record TimeSlot([Id(0)] DateTimeOffset Start, [Id(1)] DateTimeOffset End);

/// <summary>
/// A therapist's calendar (key: therapist id). Every booking, cancellation and move of the therapist's sessions goes
/// through it, one at a time, so two requests for one slot cannot both win. It also sends the reminders before each
/// session, through an Orleans reminder that fires even when no grain is active.
/// </summary>
[Alias("emotecare.ITherapistCalendarGrain")]
public interface ITherapistCalendarGrain : IGrainWithStringKey
{
    /// <summary>The free slots starting in [<paramref name="from"/>, <paramref name="to"/>), from the therapist's practice and bookings.</summary>
    /// <exception cref="ArgumentException">The range is empty or longer than scheduling allows.</exception>
    [ReadOnly]
    [Alias("GetFreeSlots")]
    Task<IReadOnlyList<TimeSlot>> GetFreeSlots(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The bookings that overlap [<paramref name="from"/>, <paramref name="to"/>), in time order.</summary>
    [ReadOnly]
    [Alias("GetBookings")]
    Task<IReadOnlyList<CalendarBooking>> GetBookings(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Books <paramref name="start"/> for the patient under <paramref name="sessionId"/>, if it is a free slot.</summary>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    [Alias("Book")]
    Task<BookingOutcome> Book(string sessionId, string patientId, DateTimeOffset start);

    /// <summary>Moves a booking to <paramref name="start"/>, if the old start is outside the notice period and the new one is a free slot.</summary>
    [Alias("Reschedule")]
    Task<BookingOutcome> Reschedule(string sessionId, DateTimeOffset start);

    /// <summary>Cancels a booking outside the notice period.</summary>
    [Alias("Cancel")]
    Task<BookingOutcome> Cancel(string sessionId);

    /// <summary>Takes a booking back whatever the notice period: the session it was made for could not be created.</summary>
    [Alias("Release")]
    Task Release(string sessionId);
}
