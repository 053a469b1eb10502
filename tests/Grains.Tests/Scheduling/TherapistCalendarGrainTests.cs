using EmoteCare.Grains.Interfaces;
using EmoteCare.Testing;

namespace EmoteCare.Grains.Tests.Scheduling;

[Collection(ClusterCollection.Name)]
public sealed class TherapistCalendarGrainTests(ClusterFixture fixture)
{
    /// <summary>Every day 09:00-17:00 in Berlin, 50-minute sessions.</summary>
    internal static TherapistPractice EveryDay(int minutes = 50) => new(
        [Specialty.Anxiety],
        ["en"],
        "Europe/Berlin",
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHours(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
        [],
        minutes,
        20);

    private static async Task<ITherapistCalendarGrain> CalendarAsync(IGrainFactory grains, TherapistPractice? practice = null)
    {
        var therapistId = Keys.Unique("therapist-calendar");
        await grains.GetGrain<ITherapistGrain>(therapistId).SetPractice(practice ?? EveryDay());
        return grains.GetGrain<ITherapistCalendarGrain>(therapistId);
    }

    /// <summary>A free slot at least <paramref name="ahead"/> from now.</summary>
    private static async Task<TimeSlot> SlotAsync(ITherapistCalendarGrain calendar, DateTimeOffset now, TimeSpan ahead)
    {
        var slots = await calendar.GetFreeSlots(now + ahead, now + ahead + TimeSpan.FromDays(2));
        return slots[0];
    }

    [Fact]
    public async Task Many_requests_for_one_slot_at_once_give_it_to_exactly_one()
    {
        var calendar = await CalendarAsync(fixture.GrainFactory);
        var slot = await SlotAsync(calendar, DateTimeOffset.UtcNow, TimeSpan.FromDays(3));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => calendar.Book(Keys.Unique("session"), Keys.Unique("patient"), slot.Start)));

        Assert.Single(outcomes, o => o.Problem == BookingProblem.None);
        Assert.Equal(29, outcomes.Count(o => o.Problem == BookingProblem.Overlaps && o.Booking is null));
        Assert.Single(await calendar.GetBookings(slot.Start, slot.End));
        Assert.DoesNotContain(slot, await calendar.GetFreeSlots(slot.Start.AddHours(-1), slot.End.AddHours(1)));
    }

    [Fact]
    public async Task A_booking_ends_one_session_length_after_it_starts_and_tells_both_people()
    {
        var calendar = await CalendarAsync(fixture.GrainFactory);
        var slot = await SlotAsync(calendar, DateTimeOffset.UtcNow, TimeSpan.FromDays(3));
        var (sessionId, patientId) = (Keys.Unique("session"), Keys.Unique("patient"));

        var outcome = await calendar.Book(sessionId, patientId, slot.Start);

        Assert.Equal(new CalendarBooking(sessionId, patientId, slot.Start, slot.Start.AddMinutes(50), false), outcome.Booking);
        foreach (var accountId in new[] { patientId, calendar.GetPrimaryKeyString() })
        {
            var notification = Assert.Single(await fixture.GrainFactory.GetGrain<INotificationGrain>(accountId).List());
            Assert.Equal((NotificationKind.SessionBooked, sessionId, slot.Start, false), (notification.Kind, notification.SessionId, notification.SessionStart, notification.Read));
        }
    }

    [Fact]
    public async Task Bad_starts_are_refused_with_their_reason_and_change_nothing()
    {
        var practice = EveryDay() with { Leave = [new LeavePeriod(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(12)))] };
        var calendar = await CalendarAsync(fixture.GrainFactory, practice);
        var slot = await SlotAsync(calendar, DateTimeOffset.UtcNow, TimeSpan.FromDays(3));
        var leaveDay = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(11).AddHours(10), TimeSpan.Zero);

        Assert.Equal(BookingProblem.InPast, (await calendar.Book("s1", "p1", DateTimeOffset.UtcNow.AddDays(-1))).Problem);
        Assert.Equal(BookingProblem.OutsideWorkingHours, (await calendar.Book("s2", "p1", slot.Start.AddMinutes(10))).Problem);
        Assert.Equal(BookingProblem.OnLeave, (await calendar.Book("s3", "p1", leaveDay)).Problem);
        Assert.Equal(BookingProblem.TooFarAhead, (await calendar.Book("s4", "p1", slot.Start.AddDays(400))).Problem);
        Assert.Empty(await calendar.GetBookings(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(500)));
        Assert.Equal(BookingProblem.NoPractice, (await fixture.GrainFactory.GetGrain<ITherapistCalendarGrain>(Keys.Unique("therapist")).Book("s5", "p1", slot.Start)).Problem);
    }

    [Fact]
    public async Task Cancelling_and_moving_respect_the_notice_period_and_free_the_old_slot()
    {
        var calendar = await CalendarAsync(fixture.GrainFactory);
        var now = DateTimeOffset.UtcNow;
        var soon = await SlotAsync(calendar, now, TimeSpan.FromHours(2));
        var later = await SlotAsync(calendar, now, TimeSpan.FromDays(3));
        await calendar.Book("soon", "p1", soon.Start);
        await calendar.Book("later", "p1", later.Start);
        var elsewhere = (await calendar.GetFreeSlots(later.End, later.End.AddDays(1)))[0];

        Assert.Equal(BookingProblem.WithinNoticePeriod, (await calendar.Cancel("soon")).Problem);
        Assert.Equal(BookingProblem.WithinNoticePeriod, (await calendar.Reschedule("soon", elsewhere.Start)).Problem);
        Assert.Equal(BookingProblem.NotFound, (await calendar.Cancel("never-booked")).Problem);
        Assert.Equal(BookingProblem.Overlaps, (await calendar.Reschedule("later", soon.Start)).Problem);

        var moved = await calendar.Reschedule("later", elsewhere.Start);
        Assert.Equal(elsewhere.Start, moved.Booking!.Start);
        Assert.Contains(later, await calendar.GetFreeSlots(later.Start, later.End));
        Assert.Equal(BookingProblem.None, (await calendar.Cancel("later")).Problem);
        Assert.Equal(["soon"], (await calendar.GetBookings(now, now.AddDays(30))).Select(b => b.SessionId));
    }

    [Fact]
    public async Task The_reminder_fires_before_the_session_and_notifies_patient_and_therapist_once()
    {
        // Slots lie on the therapist's grid, so the reminder lead is chosen to fall due two seconds from now. The reminder
        // service runs on the silo's real clock: this test starts a cluster of its own with that lead.
        var probe = await CalendarAsync(fixture.GrainFactory);
        var slot = await SlotAsync(probe, DateTimeOffset.UtcNow, TimeSpan.FromDays(3));
        var lead = slot.Start - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2);
        var cluster = await TestClusters.StartAsync(new ClusterSetup { Calendar = o => o.ReminderLead = lead });
        try
        {
            var calendar = await CalendarAsync(cluster.GrainFactory);
            var (sessionId, patientId) = (Keys.Unique("session"), Keys.Unique("patient"));
            Assert.Equal(BookingProblem.None, (await calendar.Book(sessionId, patientId, slot.Start)).Problem);
            var patient = cluster.GrainFactory.GetGrain<INotificationGrain>(patientId);
            var therapist = cluster.GrainFactory.GetGrain<INotificationGrain>(calendar.GetPrimaryKeyString());

            await Eventually.TrueAsync(async () => (await patient.List()).Any(n => n.Kind == NotificationKind.SessionReminder), "the reminder reached the patient");

            var reminder = Assert.Single(await patient.List(), n => n.Kind == NotificationKind.SessionReminder);
            Assert.Equal((sessionId, slot.Start), (reminder.SessionId, reminder.SessionStart));
            Assert.Single(await therapist.List(), n => n.Kind == NotificationKind.SessionReminder);
            Assert.True(Assert.Single(await calendar.GetBookings(slot.Start, slot.End)).Reminded);
            Assert.Equal(2, await patient.UnreadCount());
            await patient.MarkAllRead();
            Assert.Equal(0, await patient.UnreadCount());
        }
        finally
        {
            await TestClusters.StopAsync(cluster);
        }
    }
}
