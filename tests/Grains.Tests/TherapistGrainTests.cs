using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TherapistGrainTests(ClusterFixture fixture)
{
    private static SessionAlert Alert(string id, string therapistId, string patientId = "patient-1") =>
        new(id, "session-1", patientId, therapistId, NotableMomentKind.SustainedNegativeAffect, T0, "Negative expressions above 60%.");

    [Fact]
    public async Task Unassigning_a_patient_takes_their_alerts_out_of_the_inbox()
    {
        var therapistId = Keys.Unique("therapist-inbox");
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        await therapist.AssignPatient("patient-1");
        await therapist.AssignPatient("patient-2");
        await therapist.AddAlert(Alert("a1", therapistId));
        await therapist.AddAlert(Alert("a2", therapistId, patientId: "patient-2"));

        await therapist.UnassignPatient("patient-1");

        Assert.Equal(["a2"], (await therapist.GetUnacknowledgedAlerts()).Select(a => a.AlertId));
    }

    [Fact]
    public async Task Acknowledging_an_alert_removes_it_from_the_unacknowledged_list_and_is_idempotent()
    {
        var therapistId = Keys.Unique("therapist-inbox");
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        var added = await therapist.AddAlert(Alert("a1", therapistId));
        var duplicate = await therapist.AddAlert(Alert("a1", therapistId));
        await therapist.AddAlert(Alert("a2", therapistId));

        var first = await therapist.AcknowledgeAlert("a1");
        var second = await therapist.AcknowledgeAlert("a1");
        var unknown = await therapist.AcknowledgeAlert("never-raised");

        Assert.Equal((true, false), (added, duplicate));
        Assert.Equal((true, false, false), (first, second, unknown));
        Assert.Equal(["a2"], (await therapist.GetUnacknowledgedAlerts()).Select(a => a.AlertId));
        var misaddressed = await Assert.ThrowsAsync<ArgumentException>(() => therapist.AddAlert(Alert("a3", therapistId: "someone-else")));
        Assert.Contains("someone-else", misaddressed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_inbox_drops_acknowledged_alerts_first_then_the_oldest()
    {
        // The clocked cluster's inbox holds three alerts.
        var (cluster, _) = await fixture.ClockedAsync(T0);
        var therapistId = Keys.Unique("therapist-inbox");
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        await therapist.AddAlert(Alert("a1", therapistId));
        await therapist.AddAlert(Alert("a2", therapistId));
        await therapist.AcknowledgeAlert("a2");
        await therapist.AddAlert(Alert("a3", therapistId));

        await therapist.AddAlert(Alert("a4", therapistId));
        var afterAcknowledgedWent = await therapist.GetUnacknowledgedAlerts();
        await therapist.AddAlert(Alert("a5", therapistId));

        Assert.Equal(["a1", "a3", "a4"], afterAcknowledgedWent.Select(a => a.AlertId));
        Assert.Equal(["a3", "a4", "a5"], (await therapist.GetUnacknowledgedAlerts()).Select(a => a.AlertId));
        Assert.False(await therapist.AcknowledgeAlert("a1"));
    }

    [Fact]
    public async Task Session_notes_track_live_sessions_and_a_late_start_note_does_not_revive_an_ended_session()
    {
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(Keys.Unique("therapist-notes"));
        var live = new LiveSession("s1", "patient-1", T0);
        var ended = new SessionEndedNote("s1", "patient-1", T0, T0.AddMinutes(50), Emotion.Neutral, 2, 1);

        await therapist.SessionStarted(live);
        await therapist.SessionStarted(live);
        var whileLive = await therapist.GetLiveSessions();
        await therapist.SessionEnded(ended);
        await therapist.SessionEnded(ended);
        await therapist.SessionStarted(live);

        Assert.Equal([live], whileLive);
        Assert.Empty(await therapist.GetLiveSessions());
        Assert.Equal([ended], await therapist.GetRecentSessions(5));
    }

    [Fact]
    public async Task The_profile_and_caseload_are_kept()
    {
        var (cluster, _) = await fixture.ClockedAsync(T0);
        var therapistId = Keys.Unique("therapist-profile");
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        Assert.Null(await therapist.GetProfile());

        await therapist.UpdateProfile("Dr. Lee");
        await therapist.AssignPatient("p2");
        await therapist.AssignPatient("p1");
        await therapist.AssignPatient("p2");
        await therapist.UnassignPatient("p3");

        Assert.Equal(new TherapistProfile(therapistId, "Dr. Lee", T0), await therapist.GetProfile());
        Assert.Equal(["p1", "p2"], await therapist.GetCaseload());
    }

    [Fact]
    public async Task The_practice_is_stored_normalised_and_kept_across_reactivation()
    {
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(Keys.Unique("therapist-practice"));
        Assert.Null(await therapist.GetPractice());

        var stored = await therapist.SetPractice(Practice.PracticeRulesTests.Valid());
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var read = await therapist.GetPractice();

        Assert.Equal([Specialty.Anxiety, Specialty.Trauma], read!.Specialties);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday], read.WeeklyHours.Select(h => h.Day));
        Assert.Equal(new TimeOnly(13, 0), read.WeeklyHours[1].Start);
        Assert.Equal([new LeavePeriod(new(2026, 12, 24), new(2027, 1, 2))], read.Leave);
        Assert.Equal(("Europe/Berlin", 50, 25), (read.TimeZone, read.SessionMinutes, read.MaxCaseload));
        Assert.Equivalent(stored, read, strict: true);
    }

    [Fact]
    public async Task A_practice_breaking_a_rule_is_refused_and_changes_nothing()
    {
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(Keys.Unique("therapist-practice"));
        var before = await therapist.SetPractice(Practice.PracticeRulesTests.Valid());

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => therapist.SetPractice(Practice.PracticeRulesTests.Valid(timeZone: "Europe/Atlantis")));

        Assert.Contains("timeZone", refused.Message, StringComparison.Ordinal);
        Assert.Equivalent(before, await therapist.GetPractice(), strict: true);
    }
}
