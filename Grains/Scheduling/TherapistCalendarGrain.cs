using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace EmoteCare.Grains.Scheduling;

/// <summary>What a <see cref="TherapistCalendarGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.CalendarState")]
public sealed class CalendarState
{
    /// <summary>Bookings from a day ago on, in time order.</summary>
    [Id(0)]
    public List<CalendarBooking> Bookings { get; set; } = [];
}

/// <summary>
/// A therapist's calendar. Orleans runs one request at a time per activation and there is one activation per therapist,
/// so checking a slot and taking it cannot interleave with another booking: of two requests for one slot, the second
/// finds it taken.
/// </summary>
public sealed class TherapistCalendarGrain(
    [PersistentState("calendar")] IPersistentState<CalendarState> state,
    IOptions<CalendarOptions> options,
    TimeProvider time,
    ILogger<TherapistCalendarGrain> logger) : Grain, ITherapistCalendarGrain, IRemindable
{
    /// <summary>The one reminder per calendar; it is moved to the next booking's reminder time after each firing.</summary>
    internal const string ReminderName = "session-reminders";

    // A reminder may fire a little early or late; bookings due within this much of now are reminded together.
    private static readonly TimeSpan ReminderTolerance = TimeSpan.FromMinutes(1);

    // Should a firing be lost (the silo stops mid-turn), the reminder fires again after this.
    private static readonly TimeSpan ReminderRetry = TimeSpan.FromHours(1);

    // Bookings that ended this long ago no longer matter to slots or reminders.
    private static readonly TimeSpan KeepAfterEnd = TimeSpan.FromDays(1);

    private readonly CalendarOptions _options = options.Value;

    private string TherapistId => this.GetPrimaryKeyString();

    private List<CalendarBooking> Bookings => state.State.Bookings;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(TherapistId, "therapist calendar");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimeSlot>> GetFreeSlots(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from || to - from > SchedulingLimits.MaxRange)
        {
            throw new ArgumentException($"The range {from:O} to {to:O} must be later than its start by at most {SchedulingLimits.MaxRange.TotalDays} days.", nameof(to));
        }

        if (await RulesAsync() is not { } rules)
        {
            return [];
        }

        var slots = SlotCalculator.FreeSlots(rules, Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to), Intervals(null), Now);
        return [.. slots.Select(s => new TimeSlot(s.Start.ToDateTimeOffset(), s.End.ToDateTimeOffset()))];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CalendarBooking>> GetBookings(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<CalendarBooking>>([.. Bookings.Where(b => b.Start < to && from < b.End)]);

    /// <inheritdoc />
    public async Task<BookingOutcome> Book(string sessionId, string patientId, DateTimeOffset start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        if (await RulesAsync() is not { } rules)
        {
            return Refused(BookingProblem.NoPractice);
        }

        var problem = SlotCalculator.Check(rules, Instant.FromDateTimeOffset(start), Intervals(null), Now);
        if (problem != BookingProblem.None)
        {
            return Refused(problem);
        }

        var booking = new CalendarBooking(sessionId, patientId, start.ToUniversalTime(), (Instant.FromDateTimeOffset(start) + rules.Length).ToDateTimeOffset(), false);
        Bookings.Add(booking);
        await SaveAsync();
        await NotifyAsync(booking, NotificationKind.SessionBooked);
        return new BookingOutcome(BookingProblem.None, booking);
    }

    /// <inheritdoc />
    public async Task<BookingOutcome> Reschedule(string sessionId, DateTimeOffset start)
    {
        if (Find(sessionId) is not { } booking)
        {
            return Refused(BookingProblem.NotFound);
        }

        if (WithinNotice(booking))
        {
            return Refused(BookingProblem.WithinNoticePeriod);
        }

        if (await RulesAsync() is not { } rules)
        {
            return Refused(BookingProblem.NoPractice);
        }

        var problem = SlotCalculator.Check(rules, Instant.FromDateTimeOffset(start), Intervals(sessionId), Now);
        if (problem != BookingProblem.None)
        {
            return Refused(problem);
        }

        var moved = booking with { Start = start.ToUniversalTime(), End = (Instant.FromDateTimeOffset(start) + rules.Length).ToDateTimeOffset(), Reminded = false };
        Bookings[Bookings.IndexOf(booking)] = moved;
        await SaveAsync();
        await NotifyAsync(moved, NotificationKind.SessionRescheduled);
        return new BookingOutcome(BookingProblem.None, moved);
    }

    /// <inheritdoc />
    public async Task<BookingOutcome> Cancel(string sessionId)
    {
        if (Find(sessionId) is not { } booking)
        {
            return Refused(BookingProblem.NotFound);
        }

        if (WithinNotice(booking))
        {
            return Refused(BookingProblem.WithinNoticePeriod);
        }

        Bookings.Remove(booking);
        await SaveAsync();
        await NotifyAsync(booking, NotificationKind.SessionCancelled);
        return new BookingOutcome(BookingProblem.None, booking);
    }

    /// <inheritdoc />
    public async Task Release(string sessionId)
    {
        if (Find(sessionId) is { } booking)
        {
            Bookings.Remove(booking);
            await SaveAsync();
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var now = time.GetUtcNow();
        var due = Bookings.Where(b => !b.Reminded && b.Start > now && b.Start - _options.ReminderLead <= now + ReminderTolerance).ToList();
        foreach (var booking in due)
        {
            Bookings[Bookings.IndexOf(booking)] = booking with { Reminded = true };
        }

        // Written first: a reminder is better lost than sent twice.
        await SaveAsync();
        foreach (var booking in due)
        {
            await NotifyAsync(booking, NotificationKind.SessionReminder);
        }
    }

    private Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    private static BookingOutcome Refused(BookingProblem problem) => new(problem, null);

    private CalendarBooking? Find(string sessionId) => Bookings.Find(b => b.SessionId == sessionId);

    private bool WithinNotice(CalendarBooking booking) => booking.Start - time.GetUtcNow() < _options.NoticePeriod;

    private IEnumerable<Interval> Intervals(string? except) =>
        Bookings.Where(b => b.SessionId != except).Select(b => new Interval(Instant.FromDateTimeOffset(b.Start), Instant.FromDateTimeOffset(b.End)));

    private async Task<SlotRules?> RulesAsync() =>
        await GrainFactory.GetGrain<ITherapistGrain>(TherapistId).GetPractice() is { } practice ? SlotRules.From(practice) : null;

    /// <summary>Drops bookings long over, keeps the rest in time order, writes, and points the reminder at the next one due.</summary>
    private async Task SaveAsync()
    {
        var now = time.GetUtcNow();
        Bookings.RemoveAll(b => b.End < now - KeepAfterEnd);
        Bookings.Sort((a, b) => a.Start.CompareTo(b.Start));
        await state.WriteStateAsync();

        var next = Bookings.Where(b => !b.Reminded && b.Start > now).Select(b => b.Start - _options.ReminderLead).DefaultIfEmpty().Min();
        if (next == default)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        else
        {
            var dueIn = next - now;
            await this.RegisterOrUpdateReminder(ReminderName, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, ReminderRetry);
        }
    }

    /// <summary>Tells the patient and the therapist; a notification that cannot be delivered does not undo the booking.</summary>
    private async Task NotifyAsync(CalendarBooking booking, NotificationKind kind)
    {
        foreach (var accountId in new[] { booking.PatientId, TherapistId })
        {
            try
            {
                await GrainFactory.GetGrain<INotificationGrain>(accountId).Add(kind, booking.SessionId, booking.Start);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "Could not add a {Kind} notification for session {SessionId}", kind, booking.SessionId);
            }
        }
    }
}
