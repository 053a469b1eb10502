using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

public sealed class TherapistGrainTests
{
    private static SessionAlert Alert(string id, string therapistId = "therapist-inbox", string patientId = "patient-1") =>
        new(id, "session-1", patientId, therapistId, NotableMomentKind.SustainedNegativeAffect, T0, "Negative expressions above 60%.");

    [Fact]
    public async Task Unassigning_a_patient_takes_their_alerts_out_of_the_inbox()
    {
        await using var cluster = await Cluster.StartAsync();
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-inbox");
        await therapist.AssignPatient("patient-1");
        await therapist.AssignPatient("patient-2");
        await therapist.AddAlert(Alert("a1"));
        await therapist.AddAlert(Alert("a2", patientId: "patient-2"));

        await therapist.UnassignPatient("patient-1");

        Assert.Equal(["a2"], (await therapist.GetUnacknowledgedAlerts()).Select(a => a.AlertId));
    }

    [Fact]
    public async Task Acknowledging_an_alert_removes_it_from_the_unacknowledged_list_and_is_idempotent()
    {
        await using var cluster = await Cluster.StartAsync();
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-inbox");
        var added = await therapist.AddAlert(Alert("a1"));
        var duplicate = await therapist.AddAlert(Alert("a1"));
        await therapist.AddAlert(Alert("a2"));

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
        await using var cluster = await Cluster.StartAsync(therapist: o => o.InboxCapacity = 3);
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-inbox");
        await therapist.AddAlert(Alert("a1"));
        await therapist.AddAlert(Alert("a2"));
        await therapist.AcknowledgeAlert("a2");
        await therapist.AddAlert(Alert("a3"));

        await therapist.AddAlert(Alert("a4"));
        var afterAcknowledgedWent = await therapist.GetUnacknowledgedAlerts();
        await therapist.AddAlert(Alert("a5"));

        Assert.Equal(["a1", "a3", "a4"], afterAcknowledgedWent.Select(a => a.AlertId));
        Assert.Equal(["a3", "a4", "a5"], (await therapist.GetUnacknowledgedAlerts()).Select(a => a.AlertId));
        Assert.False(await therapist.AcknowledgeAlert("a1"));
    }

    [Fact]
    public async Task Session_notes_track_live_sessions_and_a_late_start_note_does_not_revive_an_ended_session()
    {
        await using var cluster = await Cluster.StartAsync();
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-notes");
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
        var time = new ManualTimeProvider(T0);
        await using var cluster = await Cluster.StartAsync(time: time);
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-profile");
        Assert.Null(await therapist.GetProfile());

        await therapist.UpdateProfile("Dr. Lee");
        await therapist.AssignPatient("p2");
        await therapist.AssignPatient("p1");
        await therapist.AssignPatient("p2");
        await therapist.UnassignPatient("p3");

        Assert.Equal(new TherapistProfile("therapist-profile", "Dr. Lee", T0), await therapist.GetProfile());
        Assert.Equal(["p1", "p2"], await therapist.GetCaseload());
    }
}
