using EmoteCare.Grains.Allocation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Allocation;

public sealed class AllocatorTests
{
    // A Wednesday.
    private static readonly DateTimeOffset Now = new(2026, 3, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly WeeklyHours[] Weekdays9To17 =
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new WeeklyHours(d, new(9, 0), new(17, 0)))];

    private static TherapistPractice Practice(Specialty[] specialties, string[] languages, int maxCaseload = 10, string timeZone = "Europe/London", WeeklyHours[]? hours = null, LeavePeriod[]? leave = null) =>
        new(specialties, languages, timeZone, hours ?? Weekdays9To17, leave ?? [], 50, maxCaseload);

    private static AllocationCandidate Candidate(string id, TherapistPractice practice, int caseload = 0) => new(id, $"Dr {id}", practice, caseload);

    private static Intake Intake(Specialty[]? topics = null, string? language = null, string? timeZone = null, WeeklyHours[]? times = null) =>
        new("I have been feeling on edge for months.", topics ?? [], language, timeZone, times ?? []);

    [Fact]
    public void Language_then_topics_then_hours_decide_and_every_suggestion_says_why_in_plain_words()
    {
        var candidates = new[]
        {
            Candidate("a-english-anxiety", Practice([Specialty.Anxiety, Specialty.Sleep], ["en"])),
            Candidate("b-spanish-grief", Practice([Specialty.Grief], ["es"])),
            Candidate("c-spanish-anxiety", Practice([Specialty.Anxiety, Specialty.Sleep], ["es", "en"])),
        };

        var ranked = Allocator.Rank(Intake([Specialty.Anxiety, Specialty.Sleep], "es"), candidates, Now, 5);

        Assert.Equal(["c-spanish-anxiety", "b-spanish-grief", "a-english-anxiety"], ranked.Select(s => s.TherapistId));
        Assert.Equal(
            ["Offers sessions in your preferred language (es).", "Works with anxiety and sleep, which you mentioned.", "Has room for 10 more patients."],
            ranked[0].Reasons);
        Assert.Contains("Does not list anxiety and sleep among the topics they work with.", ranked[1].Reasons);
        Assert.StartsWith("Does not offer sessions in your preferred language (es)", ranked[2].Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Full_therapists_and_the_one_to_change_from_are_never_suggested()
    {
        var candidates = new[]
        {
            Candidate("full", Practice([Specialty.Anxiety], ["en"], maxCaseload: 3), caseload: 3),
            Candidate("closed", Practice([Specialty.Anxiety], ["en"], maxCaseload: 0)),
            Candidate("current", Practice([Specialty.Anxiety], ["en"])),
            Candidate("other", Practice([], ["en"])),
        };

        var ranked = Allocator.Rank(Intake([Specialty.Anxiety]), candidates, Now, 5, exclude: "current");

        Assert.Equal(["other"], ranked.Select(s => s.TherapistId));
    }

    [Fact]
    public void Overlapping_hours_are_compared_across_time_zones_and_leave()
    {
        // Monday 30 March 2026: 18:00-20:00 in New York (daylight time, UTC-4) is 22:00-00:00 UTC; 17:00-18:00 in Chicago
        // (UTC-5) is 22:00-23:00 UTC, one hour of it; London's 9:00-17:00 (summer time since 29 March) is 8:00-16:00 UTC, none.
        var evenings = new[] { new WeeklyHours(DayOfWeek.Monday, new(18, 0), new(20, 0)) };
        var candidates = new[]
        {
            Candidate("london-days", Practice([], ["en"], timeZone: "Europe/London")),
            Candidate("chicago-evenings", Practice([], ["en"], timeZone: "America/Chicago", hours: [new(DayOfWeek.Monday, new(17, 0), new(18, 0))])),
            Candidate("chicago-evenings-on-leave", Practice([], ["en"], timeZone: "America/Chicago", hours: [new(DayOfWeek.Monday, new(17, 0), new(18, 0))], leave: [new(new(2026, 3, 30), new(2026, 3, 30))])),
        };

        var ranked = Allocator.Rank(Intake(timeZone: "America/New_York", times: evenings), candidates, Now, 5);

        Assert.Equal("chicago-evenings", ranked[0].TherapistId);
        Assert.Contains("Works about 1 hour a week at times that suit you.", ranked[0].Reasons);
        Assert.All(ranked.Skip(1), s => Assert.Contains("None of the times that suit you fall within their working hours this week.", s.Reasons));
    }

    [Fact]
    public void Equal_fits_share_the_load()
    {
        var caseloads = new Dictionary<string, int> { ["t1"] = 0, ["t2"] = 0, ["t3"] = 0, ["t4"] = 0 };

        for (var i = 0; i < 100; i++)
        {
            var best = Allocator.Rank(Intake([Specialty.Stress], "en"), caseloads.Select(c => Candidate(c.Key, Practice([Specialty.Stress], ["en"], maxCaseload: 40), c.Value)), Now, 1)[0];
            caseloads[best.TherapistId]++;
        }

        Assert.All(caseloads.Values, n => Assert.Equal(25, n));
    }

    [Fact]
    public void A_thousand_intakes_over_twenty_therapists_never_exceed_capacity_and_respect_fit()
    {
        var random = new Random(13);
        string[] languages = ["en", "es", "de", "fr", "pl"];
        var specialties = Enum.GetValues<Specialty>();
        var therapists = Enumerable.Range(0, 20).Select(i => Candidate(
            $"t{i:00}",
            Practice(
                [.. specialties.Where(_ => random.NextDouble() < 0.35)],
                [.. new[] { "en", languages[i % languages.Length] }.Distinct()],
                maxCaseload: 40 + random.Next(30),
                timeZone: i % 2 == 0 ? "Europe/London" : "America/New_York"))).ToList();
        var caseload = therapists.ToDictionary(t => t.TherapistId, _ => 0);
        var capacity = therapists.Sum(t => t.Practice.MaxCaseload);
        var assigned = 0;

        for (var n = 0; n < 1000; n++)
        {
            var intake = Intake(
                [.. specialties.Where(_ => random.NextDouble() < 0.15)],
                random.NextDouble() < 0.8 ? languages[random.Next(languages.Length)] : null,
                "Europe/Berlin",
                random.NextDouble() < 0.5 ? [new(DayOfWeek.Tuesday, new(10, 0), new(12, 0))] : []);
            var candidates = therapists.Select(t => t with { Caseload = caseload[t.TherapistId] }).ToList();

            var best = Allocator.Rank(intake, candidates, Now, 1).SingleOrDefault();

            var withRoom = candidates.Where(c => c.Caseload < c.Practice.MaxCaseload).ToList();
            if (best is null)
            {
                Assert.Empty(withRoom);
                continue;
            }

            var chosen = withRoom.Single(c => c.TherapistId == best.TherapistId);
            var speakers = withRoom.Where(c => intake.Language is null || c.Practice.Languages.Contains(intake.Language)).ToList();
            Assert.True(speakers.Count == 0 || speakers.Contains(chosen), $"Intake {n} in {intake.Language} went to {chosen.TherapistId}, who does not speak it, while another who does had room.");
            var matched = chosen.Practice.Specialties.Intersect(intake.Topics).Count();
            var bestAvailable = (speakers.Count > 0 ? speakers : withRoom).Max(c => c.Practice.Specialties.Intersect(intake.Topics).Count());
            Assert.True(matched == bestAvailable, $"Intake {n} went to {chosen.TherapistId} matching {matched} topics while {bestAvailable} were available.");
            caseload[chosen.TherapistId]++;
            assigned++;
        }

        Assert.All(therapists, t => Assert.InRange(caseload[t.TherapistId], 0, t.Practice.MaxCaseload));
        Assert.Equal(Math.Min(1000, capacity), assigned);
    }
}
