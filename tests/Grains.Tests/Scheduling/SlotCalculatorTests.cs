using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using EmoteCare.Grains.Scheduling;
using NodaTime;

namespace EmoteCare.Grains.Tests.Scheduling;

public sealed class SlotCalculatorTests
{
    private static readonly DateTimeZone NewYork = PracticeRules.Zone("America/New_York");
    private static readonly DateTimeZone Berlin = PracticeRules.Zone("Europe/Berlin");
    private static readonly Instant LongAgo = Instant.FromUtc(2020, 1, 1, 0, 0);

    private static SlotRules Rules(DateTimeZone zone, int minutes, params WeeklyHours[] hours) => new(zone, hours, [], Duration.FromMinutes(minutes));

    private static WeeklyHours Window(DayOfWeek day, int startHour, int endHour) => new(day, new TimeOnly(startHour, 0), new TimeOnly(endHour, 0));

    private static IReadOnlyList<Interval> SlotsOn(SlotRules rules, LocalDate date)
    {
        var from = rules.Zone.AtStartOfDay(date).ToInstant();
        var to = rules.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        return SlotCalculator.FreeSlots(rules, from, to, [], LongAgo);
    }

    private static string[] Local(IEnumerable<Interval> slots, DateTimeZone zone) =>
        [.. slots.Select(s => s.Start.InZone(zone).ToDateTimeOffset().ToString("HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void Nine_oclock_local_stays_nine_oclock_local_across_the_US_spring_change()
    {
        var rules = Rules(NewYork, 60, Window(DayOfWeek.Friday, 9, 10), Window(DayOfWeek.Monday, 9, 10));

        var before = SlotsOn(rules, new LocalDate(2026, 3, 6));
        var after = SlotsOn(rules, new LocalDate(2026, 3, 9));

        Assert.Equal(["09:00 -05:00"], Local(before, NewYork));
        Assert.Equal(["09:00 -04:00"], Local(after, NewYork));
        Assert.Equal(Instant.FromUtc(2026, 3, 6, 14, 0), before[0].Start);
        Assert.Equal(Instant.FromUtc(2026, 3, 9, 13, 0), after[0].Start);
    }

    [Fact]
    public void Nine_oclock_local_stays_nine_oclock_local_across_the_EU_autumn_change()
    {
        var rules = Rules(Berlin, 50, Window(DayOfWeek.Friday, 9, 10), Window(DayOfWeek.Monday, 9, 10));

        Assert.Equal(["09:00 +02:00"], Local(SlotsOn(rules, new LocalDate(2026, 10, 23)), Berlin));
        Assert.Equal(["09:00 +01:00"], Local(SlotsOn(rules, new LocalDate(2026, 10, 26)), Berlin));
    }

    [Fact]
    public void No_slot_starts_in_the_hour_skipped_when_US_clocks_go_forward()
    {
        // 8 March 2026, New York: 02:00 EST becomes 03:00 EDT.
        var slots = SlotsOn(Rules(NewYork, 60, Window(DayOfWeek.Sunday, 0, 5)), new LocalDate(2026, 3, 8));

        Assert.Equal(["00:00 -05:00", "01:00 -05:00", "03:00 -04:00", "04:00 -04:00"], Local(slots, NewYork));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void A_slot_that_the_skipped_hour_would_make_overlap_the_next_is_left_out()
    {
        // 50-minute slots from 01:00: 01:50 EST ends at 03:40 EDT, so the 03:30 slot cannot also be offered.
        var slots = SlotsOn(Rules(NewYork, 50, Window(DayOfWeek.Sunday, 1, 6)), new LocalDate(2026, 3, 8));

        Assert.Equal(["01:00 -05:00", "01:50 -05:00", "04:20 -04:00", "05:10 -04:00"], Local(slots, NewYork));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void The_hour_repeated_when_US_clocks_go_back_gives_one_slot_not_two()
    {
        // 1 November 2026, New York: 02:00 EDT becomes 01:00 EST, so 01:00-02:00 happens twice.
        var slots = SlotsOn(Rules(NewYork, 60, Window(DayOfWeek.Sunday, 0, 3)), new LocalDate(2026, 11, 1));

        Assert.Equal(["00:00 -04:00", "01:00 -04:00", "02:00 -05:00"], Local(slots, NewYork));
        Assert.Equal(slots.Count, slots.Select(s => s.Start).Distinct().Count());
    }

    [Fact]
    public void EU_changes_skip_and_repeat_the_right_hours()
    {
        // 29 March 2026, Berlin: 02:00 CET becomes 03:00 CEST; 25 October 2026: 03:00 CEST becomes 02:00 CET.
        var spring = SlotsOn(Rules(Berlin, 60, Window(DayOfWeek.Sunday, 1, 4)), new LocalDate(2026, 3, 29));
        var autumn = SlotsOn(Rules(Berlin, 60, Window(DayOfWeek.Sunday, 1, 4)), new LocalDate(2026, 10, 25));

        Assert.Equal(["01:00 +01:00", "03:00 +02:00"], Local(spring, Berlin));
        Assert.Equal(["01:00 +02:00", "02:00 +02:00", "03:00 +01:00"], Local(autumn, Berlin));
    }

    [Fact]
    public void Slots_are_shown_on_the_patients_clock_which_moves_on_its_own_dates()
    {
        // Between 8 and 29 March 2026 New York is on summer time and Berlin not yet: 9:00 in Berlin is 4:00, not 3:00, in New York.
        var rules = Rules(Berlin, 60, Window(DayOfWeek.Monday, 9, 10));

        Assert.Equal(["03:00 -05:00"], Local(SlotsOn(rules, new LocalDate(2026, 3, 2)), NewYork));
        Assert.Equal(["04:00 -04:00"], Local(SlotsOn(rules, new LocalDate(2026, 3, 9)), NewYork));
        Assert.Equal(["03:00 -04:00"], Local(SlotsOn(rules, new LocalDate(2026, 3, 30)), NewYork));
    }

    [Fact]
    public void Leave_bookings_and_the_past_take_slots_away()
    {
        var rules = new SlotRules(
            Berlin,
            [Window(DayOfWeek.Monday, 9, 12), Window(DayOfWeek.Tuesday, 9, 12)],
            [new LeavePeriod(new DateOnly(2026, 6, 2), new DateOnly(2026, 6, 2))],
            Duration.FromMinutes(60));
        var from = Instant.FromUtc(2026, 6, 1, 0, 0);
        var to = Instant.FromUtc(2026, 6, 3, 0, 0);
        var booking = new Interval(Instant.FromUtc(2026, 6, 1, 8, 30), Instant.FromUtc(2026, 6, 1, 9, 0)); // 10:30-11:00 local
        var now = Instant.FromUtc(2026, 6, 1, 7, 0); // 09:00 local: the 09:00 slot has started

        var slots = SlotCalculator.FreeSlots(rules, from, to, [booking], now);

        Assert.Equal(["11:00 +02:00"], Local(slots, Berlin));
    }

    [Theory]
    [InlineData("2026-06-01T09:00:00+02:00", BookingProblem.None)]
    [InlineData("2026-06-01T10:00:00+02:00", BookingProblem.Overlaps)]
    [InlineData("2026-06-01T09:30:00+02:00", BookingProblem.OutsideWorkingHours)]
    [InlineData("2026-06-01T12:00:00+02:00", BookingProblem.OutsideWorkingHours)]
    [InlineData("2026-06-02T09:00:00+02:00", BookingProblem.OnLeave)]
    [InlineData("2026-05-25T09:00:00+02:00", BookingProblem.InPast)]
    [InlineData("2027-06-07T09:00:00+02:00", BookingProblem.TooFarAhead)]
    public void Check_says_why_a_start_cannot_be_booked(string start, BookingProblem expected)
    {
        var rules = new SlotRules(
            Berlin,
            [Window(DayOfWeek.Monday, 9, 12), Window(DayOfWeek.Tuesday, 9, 12)],
            [new LeavePeriod(new DateOnly(2026, 6, 2), new DateOnly(2026, 6, 5))],
            Duration.FromMinutes(60));
        var booked = new Interval(Instant.FromUtc(2026, 6, 1, 8, 30), Instant.FromUtc(2026, 6, 1, 9, 30));

        var check = SlotCalculator.Check(rules, Instant.FromDateTimeOffset(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)), [booked], Instant.FromUtc(2026, 5, 30, 0, 0));

        Assert.Equal(expected, check);
    }
}
