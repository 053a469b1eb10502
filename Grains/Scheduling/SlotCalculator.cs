using EmoteCare.Grains.Interfaces;
using NodaTime;
using NodaTime.Extensions;

namespace EmoteCare.Grains.Scheduling;

/// <summary>
/// Free slots from working hours, leave, session length and bookings. Slots are laid out on the therapist's local clock
/// (a 9:00 start stays 9:00 local whatever the offset), then placed on the time line: a slot whose local start does not
/// exist (the hour skipped when clocks go forward) is left out, a local start that happens twice (the hour repeated when
/// they go back) gives one slot, at its first occurrence, and a slot that would overlap the one before it (a skipped hour
/// shortens the day) is left out.
/// </summary>
public static class SlotCalculator
{
    /// <summary>Every slot that starts in [<paramref name="from"/>, <paramref name="to"/>), after <paramref name="now"/>, overlapping no booking; in time order.</summary>
    public static IReadOnlyList<Interval> FreeSlots(SlotRules rules, Instant from, Instant to, IEnumerable<Interval> bookings, Instant now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var booked = bookings.ToArray();
        return [.. Slots(rules, from, to).Where(slot => slot.Start > now && !booked.Any(b => Overlap(b, slot)))];
    }

    /// <summary>Whether a session starting at <paramref name="start"/> can be booked, and if not, the first reason why (<see cref="BookingProblem.None"/> when it can).</summary>
    public static BookingProblem Check(SlotRules rules, Instant start, IEnumerable<Interval> bookings, Instant now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (start <= now)
        {
            return BookingProblem.InPast;
        }

        if (start > now + Duration.FromTimeSpan(SchedulingLimits.MaxAhead))
        {
            return BookingProblem.TooFarAhead;
        }

        if (rules.IsOnLeave(start.InZone(rules.Zone).Date))
        {
            return BookingProblem.OnLeave;
        }

        var slot = Slots(rules, start, start + Duration.FromTicks(1)).FirstOrDefault(s => s.Start == start);
        if (slot == default)
        {
            return BookingProblem.OutsideWorkingHours;
        }

        return bookings.Any(b => Overlap(b, slot)) ? BookingProblem.Overlaps : BookingProblem.None;
    }

    /// <summary>All working slots starting in [<paramref name="from"/>, <paramref name="to"/>), leave excluded, bookings ignored.</summary>
    private static IEnumerable<Interval> Slots(SlotRules rules, Instant from, Instant to)
    {
        if (to <= from || rules.Length <= Duration.Zero)
        {
            yield break;
        }

        // A day either side: a local day's slots can fall on the previous or next UTC day.
        var first = from.InZone(rules.Zone).Date.PlusDays(-1);
        var last = to.InZone(rules.Zone).Date.PlusDays(1);
        var length = rules.Length;
        Instant? previousEnd = null;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            if (rules.IsOnLeave(date))
            {
                continue;
            }

            foreach (var window in rules.Hours.Where(h => h.Day.ToIsoDayOfWeek() == date.DayOfWeek).OrderBy(h => h.Start))
            {
                var windowEnd = date + LocalTime.FromTimeOnly(window.End);
                for (var local = date + LocalTime.FromTimeOnly(window.Start); local.PlusTicks(length.BclCompatibleTicks) <= windowEnd; local = local.PlusTicks(length.BclCompatibleTicks))
                {
                    var mapping = rules.Zone.MapLocal(local);
                    if (mapping.Count == 0)
                    {
                        continue;
                    }

                    var start = mapping.First().ToInstant();
                    var end = start + length;
                    if (end.InZone(rules.Zone).LocalDateTime > windowEnd || (previousEnd is { } p && start < p))
                    {
                        continue;
                    }

                    previousEnd = end;
                    if (start >= from && start < to)
                    {
                        yield return new Interval(start, end);
                    }
                }
            }
        }
    }

    private static bool Overlap(Interval a, Interval b) => a.Start < b.End && b.Start < a.End;
}
