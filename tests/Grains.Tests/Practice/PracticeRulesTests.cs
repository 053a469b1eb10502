using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;

namespace EmoteCare.Grains.Tests.Practice;

public sealed class PracticeRulesTests
{
    internal static TherapistPractice Valid(
        string timeZone = "Europe/Berlin",
        IReadOnlyList<WeeklyHours>? hours = null,
        IReadOnlyList<LeavePeriod>? leave = null,
        IReadOnlyList<string>? languages = null,
        int sessionMinutes = 50,
        int maxCaseload = 25) =>
        new(
            [Specialty.Trauma, Specialty.Anxiety],
            languages ?? ["en", "de"],
            timeZone,
            hours ?? [new(DayOfWeek.Tuesday, new(13, 0), new(17, 0)), new(DayOfWeek.Monday, new(9, 0), new(12, 0))],
            leave ?? [new(new(2026, 12, 24), new(2027, 1, 2))],
            sessionMinutes,
            maxCaseload);

    private static string[] Fields(TherapistPractice practice) => [.. PracticeRules.Check(practice).Select(p => p.Field)];

    [Fact]
    public void A_sensible_practice_is_accepted_and_normalised_into_its_stored_order()
    {
        var normalized = PracticeRules.Normalize(Valid());

        Assert.Empty(PracticeRules.Check(Valid()));
        Assert.Equal([Specialty.Anxiety, Specialty.Trauma], normalized.Specialties);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday], normalized.WeeklyHours.Select(h => h.Day));
        Assert.IsType<WeeklyHours[]>(normalized.WeeklyHours);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("europe/berlin ")]
    [InlineData("+02:00")]
    public void A_malformed_time_zone_is_refused(string timeZone)
    {
        var problems = PracticeRules.Check(Valid(timeZone: timeZone));

        var problem = Assert.Single(problems);
        Assert.Equal("timeZone", problem.Field);
        Assert.Contains("IANA", problem.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_blocks_on_one_day_are_refused_and_the_message_names_both()
    {
        var problems = PracticeRules.Check(Valid(hours: [new(DayOfWeek.Monday, new(9, 0), new(12, 0)), new(DayOfWeek.Monday, new(11, 0), new(14, 0))]));

        var problem = Assert.Single(problems);
        Assert.Equal("weeklyHours", problem.Field);
        Assert.Contains("09:00-12:00", problem.Error, StringComparison.Ordinal);
        Assert.Contains("11:00-14:00", problem.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_that_touch_or_fall_on_different_days_do_not_overlap()
    {
        var hours = new WeeklyHours[]
        {
            new(DayOfWeek.Monday, new(9, 0), new(12, 0)), new(DayOfWeek.Monday, new(12, 0), new(14, 0)), new(DayOfWeek.Tuesday, new(10, 0), new(13, 0)),
        };

        Assert.Empty(PracticeRules.Check(Valid(hours: hours)));
    }

    [Fact]
    public void A_block_that_ends_before_it_starts_or_is_shorter_than_a_session_is_refused()
    {
        Assert.Equal(["weeklyHours[0]"], Fields(Valid(hours: [new(DayOfWeek.Friday, new(17, 0), new(9, 0))])));
        Assert.Equal(["weeklyHours[0]"], Fields(Valid(hours: [new(DayOfWeek.Friday, new(9, 0), new(9, 0))])));
        Assert.Equal(["weeklyHours[0]"], Fields(Valid(hours: [new(DayOfWeek.Friday, new(9, 0), new(9, 30))], sessionMinutes: 50)));
        Assert.Equal(["weeklyHours[0]"], Fields(Valid(hours: [new(DayOfWeek.Friday, new(9, 0, 30), new(12, 0))])));
        Assert.Equal(["weeklyHours[0]"], Fields(Valid(hours: [new((DayOfWeek)9, new(9, 0), new(12, 0))])));
    }

    [Fact]
    public void Absurd_numbers_and_lists_are_refused()
    {
        Assert.Equal(["sessionMinutes"], Fields(Valid(sessionMinutes: 5, hours: [])));
        Assert.Equal(["sessionMinutes"], Fields(Valid(sessionMinutes: 600, hours: [])));
        Assert.Equal(["maxCaseload"], Fields(Valid(maxCaseload: -1)));
        Assert.Equal(["maxCaseload"], Fields(Valid(maxCaseload: 100_000)));
        Assert.Equal(["languages"], Fields(Valid(languages: [])));
        Assert.Equal(["languages"], Fields(Valid(languages: ["en", "en"])));
        Assert.Equal(["languages"], Fields(Valid(languages: ["english"])));
        Assert.Equal(["languages"], Fields(Valid(languages: ["EN"])));
        Assert.Equal(["weeklyHours"], Fields(Valid(hours: [.. Enumerable.Range(0, 29).Select(i => new WeeklyHours(DayOfWeek.Monday, new TimeOnly(0, 0).AddMinutes(i * 50), new TimeOnly(0, 0).AddMinutes((i * 50) + 50)))])));
        Assert.Equal(["specialties"], Fields(Valid() with { Specialties = [Specialty.Grief, Specialty.Grief] }));
        Assert.Equal(["specialties"], Fields(Valid() with { Specialties = [(Specialty)99] }));
    }

    [Fact]
    public void Leave_that_ends_before_it_starts_overlaps_or_spans_years_is_refused()
    {
        Assert.Equal(["leave[0]"], Fields(Valid(leave: [new(new(2026, 8, 10), new(2026, 8, 1))])));
        Assert.Equal(["leave[0]"], Fields(Valid(leave: [new(new(2026, 1, 1), new(2028, 1, 1))])));
        Assert.Equal(["leave[0]"], Fields(Valid(leave: [new(new(1900, 1, 1), new(1900, 1, 2))])));
        Assert.Equal(["leave"], Fields(Valid(leave: [new(new(2026, 8, 1), new(2026, 8, 10)), new(new(2026, 8, 10), new(2026, 8, 12))])));
        Assert.Empty(PracticeRules.Check(Valid(leave: [new(new(2026, 8, 1), new(2026, 8, 10)), new(new(2026, 8, 11), new(2026, 8, 12))])));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_normalize_refuses_with_all_of_them()
    {
        var bad = new TherapistPractice([], ["xx"], "Nowhere/Town", [new(DayOfWeek.Monday, new(12, 0), new(9, 0))], [], 0, -3);

        var fields = Fields(bad);
        var refused = Assert.Throws<ArgumentException>(() => PracticeRules.Normalize(bad));

        Assert.Equal(["languages", "timeZone", "sessionMinutes", "maxCaseload", "weeklyHours[0]"], fields);
        Assert.Contains("Nowhere/Town", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'xx'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_language_list_is_iso_639_1()
    {
        Assert.Equal(183, LanguageCodes.All.Count);
        Assert.All(LanguageCodes.All, c => Assert.Matches("^[a-z]{2}$", c));
        Assert.True(PracticeRules.IsLanguage("uk"));
        Assert.False(PracticeRules.IsLanguage("eng"));
    }
}
