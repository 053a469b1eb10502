using EmoteCare.Grains.Allocation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Allocation;

public sealed class IntakeRulesTests
{
    private static string[] Fields(Intake intake) => [.. IntakeRules.Check(intake).Select(p => p.Field)];

    [Fact]
    public void Only_what_brings_the_patient_is_required()
    {
        Assert.Empty(IntakeRules.Check(new Intake("Trouble sleeping since my move.", [], null, null, [])));
        Assert.Equal(["reason"], Fields(new Intake("  ", [], null, null, [])));
        Assert.Equal(["reason"], Fields(new Intake(new string('a', AllocationLimits.MaxReasonLength + 1), [], null, null, [])));
    }

    [Fact]
    public void Unknown_topics_languages_time_zones_and_broken_times_are_refused()
    {
        Assert.Equal(["topics"], Fields(new Intake("Worry.", [Specialty.Grief, Specialty.Grief], null, null, [])));
        Assert.Equal(["language"], Fields(new Intake("Worry.", [], "klingon", null, [])));
        Assert.Equal(["timeZone"], Fields(new Intake("Worry.", [], null, "Moon/Base", [])));
        Assert.Equal(["timeZone"], Fields(new Intake("Worry.", [], null, null, [new(DayOfWeek.Monday, new(9, 0), new(10, 0))])));
        Assert.Equal(["suitableTimes[0]"], Fields(new Intake("Worry.", [], null, "Europe/Paris", [new(DayOfWeek.Monday, new(10, 0), new(9, 0))])));
        Assert.Equal(["suitableTimes"], Fields(new Intake("Worry.", [], null, "Europe/Paris", [new(DayOfWeek.Monday, new(9, 0), new(11, 0)), new(DayOfWeek.Monday, new(10, 0), new(12, 0))])));
    }

    [Fact]
    public void A_change_request_needs_a_reason_of_sensible_length()
    {
        Assert.Null(IntakeRules.CheckChangeReason("We do not get on."));
        Assert.NotNull(IntakeRules.CheckChangeReason(" "));
        Assert.NotNull(IntakeRules.CheckChangeReason(new string('a', AllocationLimits.MaxChangeReasonLength + 1)));
    }
}
