using System.Collections.Concurrent;
using EmoteCare.Grains.Interfaces;
using Orleans.TestingHost;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TherapySessionGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_session_goes_from_scheduled_to_live_to_ended()
    {
        var (cluster, time) = await fixture.ClockedAsync(T0);
        var (patientId, therapistId) = (Keys.Unique("patient"), Keys.Unique("therapist"));
        var session = cluster.GrainFactory.GetGrain<ITherapySessionGrain>(Keys.Unique("lifecycle"));
        Assert.Equal(SessionStatus.NotScheduled, (await session.GetSnapshot()).Status);

        await session.Schedule(patientId, therapistId, T0.AddHours(1));
        var scheduled = await session.GetSnapshot();
        await session.SetConsent(new ConsentSnapshot(true, T0));
        time.Advance(TimeSpan.FromHours(1));
        await session.Start();
        var live = await session.GetSnapshot();
        await session.RecordObservations(Batch(Stream(Emotion.Happy, T0, Step, 10, 1)));
        time.Advance(TimeSpan.FromMinutes(50));
        var summary = await session.End();
        var ended = await session.GetSnapshot();

        Assert.Equal((SessionStatus.Scheduled, patientId, therapistId, T0.AddHours(1)), (scheduled.Status, scheduled.PatientId, scheduled.TherapistId, scheduled.ScheduledFor));
        Assert.Equal((SessionStatus.Live, T0.AddHours(1)), (live.Status, live.StartedAt));
        Assert.Equal((SessionStatus.Ended, T0.AddHours(1).AddMinutes(50)), (ended.Status, ended.EndedAt));
        Assert.Equal(TimeSpan.FromMinutes(50), summary.Duration);
        Assert.Equal((10L, Emotion.Happy), (summary.Aggregate.FaceFrames, summary.Aggregate.Dominant));
        Assert.Equal(summary.SessionId, (await session.GetSummary())!.SessionId);
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_with_the_reason()
    {
        var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(Keys.Unique("transitions"));
        var (patientId, therapistId) = (Keys.Unique("patient"), Keys.Unique("therapist"));

        var startUnscheduled = await Assert.ThrowsAsync<InvalidOperationException>(session.Start);
        var consentUnscheduled = await Assert.ThrowsAsync<InvalidOperationException>(() => session.SetConsent(new ConsentSnapshot(true, T0)));
        await Assert.ThrowsAsync<ArgumentException>(() => session.Schedule(" ", therapistId, T0));
        await session.Schedule(patientId, therapistId, T0);
        var endScheduled = await Assert.ThrowsAsync<InvalidOperationException>(session.End);
        var otherPatient = await Assert.ThrowsAsync<InvalidOperationException>(() => session.Schedule(Keys.Unique("patient"), therapistId, T0));
        await session.Start();
        var startTwice = await Assert.ThrowsAsync<InvalidOperationException>(session.Start);
        var rescheduleLive = await Assert.ThrowsAsync<InvalidOperationException>(() => session.Schedule(patientId, therapistId, T0));
        await session.End();
        var endTwice = await Assert.ThrowsAsync<InvalidOperationException>(session.End);
        var restart = await Assert.ThrowsAsync<InvalidOperationException>(session.Start);

        Assert.Contains("not scheduled", startUnscheduled.Message, StringComparison.Ordinal);
        Assert.Contains("not scheduled", consentUnscheduled.Message, StringComparison.Ordinal);
        Assert.Contains("only a live session can end", endScheduled.Message, StringComparison.Ordinal);
        Assert.Contains(patientId, otherPatient.Message, StringComparison.Ordinal);
        Assert.Contains("already live", startTwice.Message, StringComparison.Ordinal);
        Assert.Contains("has not started", rescheduleLive.Message, StringComparison.Ordinal);
        Assert.Contains("already ended", endTwice.Message, StringComparison.Ordinal);
        Assert.Contains("cannot start again", restart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescheduling_before_the_start_moves_the_session()
    {
        var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(Keys.Unique("moved"));
        var (patientId, therapistId) = (Keys.Unique("patient"), Keys.Unique("therapist"));

        await session.Schedule(patientId, therapistId, T0);
        await session.Schedule(patientId, therapistId, T0.AddDays(1));

        Assert.Equal(T0.AddDays(1), (await session.GetSnapshot()).ScheduledFor);
    }

    [Fact]
    public async Task Frames_for_a_session_that_is_not_live_are_ignored_and_counted()
    {
        var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(Keys.Unique("not-live"));
        await session.Schedule(Keys.Unique("patient"), Keys.Unique("therapist"), T0);
        await session.SetConsent(new ConsentSnapshot(true, T0));

        var early = await session.RecordObservations(new ObservationBatch(Stream(Emotion.Happy, T0, Step, 3, 1), DroppedFrames: 2));
        await session.Start();
        await session.End();
        var late = await session.RecordObservations(Batch(Stream(Emotion.Happy, T0.AddSeconds(1), Step, 4, 4)));

        Assert.Equal(new ObservationReceipt(ObservationOutcome.NotLive, 0, 0, 3), early);
        Assert.Equal(new ObservationReceipt(ObservationOutcome.NotLive, 0, 0, 4), late);
        var snapshot = await session.GetSnapshot();
        Assert.Equal((7L, 2L, 0L), (snapshot.IgnoredFrames, snapshot.DroppedFrames, snapshot.Aggregate.Frames));
    }

    [Fact]
    public async Task Without_consent_frames_are_ignored_and_analysis_is_reported_off()
    {
        var session = fixture.GrainFactory.GetGrain<ITherapySessionGrain>(Keys.Unique("consent"));
        await session.Schedule(Keys.Unique("patient"), Keys.Unique("therapist"), T0);
        await session.Start();

        var beforeConsent = await session.RecordObservations(Batch(Stream(Emotion.Happy, T0, Step, 3, 1)));
        await session.SetConsent(new ConsentSnapshot(true, T0.AddMinutes(1)));
        var granted = await session.RecordObservations(Batch(Stream(Emotion.Happy, T0.AddMinutes(1), Step, 5, 4)));
        await session.SetConsent(new ConsentSnapshot(false, T0.AddMinutes(2)));
        var staleGrant = await session.SetConsent(new ConsentSnapshot(true, T0.AddMinutes(1).AddSeconds(30)));
        var withdrawn = await session.RecordObservations(Batch(Stream(Emotion.Sad, T0.AddMinutes(2), Step, 6, 9)));

        Assert.Equal(ObservationOutcome.AnalysisOff, beforeConsent.Outcome);
        Assert.Equal(new ObservationReceipt(ObservationOutcome.Recorded, 5, 0, 0), granted);
        Assert.False(staleGrant.FacialAnalysisGranted);
        Assert.Equal(new ObservationReceipt(ObservationOutcome.AnalysisOff, 0, 0, 6), withdrawn);
        var snapshot = await session.GetSnapshot();
        Assert.Equal((5L, 9L), (snapshot.Aggregate.Frames, snapshot.IgnoredFrames));
        Assert.Equal(T0.AddMinutes(2), snapshot.Consent!.ChangedAt);
    }

    [Fact]
    public async Task Malformed_frames_are_rejected_and_counted_while_the_rest_of_the_batch_is_recorded()
    {
        var session = await fixture.GrainFactory.LiveSessionAsync(Keys.Unique("malformed"));

        var receipt = await session.RecordObservations(new ObservationBatch(
            [
                Face(1, T0, Pure(Emotion.Happy)),
                Face(2, T0.AddSeconds(0.1), [0.5f, 0.5f]),
                NoFace(3, T0.AddSeconds(0.2)),
                Face(4, T0.AddSeconds(0.3), [float.NaN, 0f, 0f, 1f, 0f, 0f, 0f]),
                Face(5, T0.AddSeconds(0.4), Pure(Emotion.Happy)),
            ],
            DroppedFrames: 3));

        Assert.Equal(new ObservationReceipt(ObservationOutcome.Recorded, 3, 2, 0), receipt);
        var snapshot = await session.GetSnapshot();
        Assert.Equal((3L, 2L, 2L, 3L), (snapshot.Aggregate.Frames, snapshot.Aggregate.FaceFrames, snapshot.Aggregate.RejectedFrames, snapshot.DroppedFrames));
        Assert.Equal(Emotion.Happy, snapshot.Latest!.Dominant);
        Assert.Single(snapshot.RecentTimeline);
    }

    [Fact]
    public async Task Ending_sends_the_summary_to_the_patient_and_a_note_to_the_therapist()
    {
        var (sessionId, patientId, therapistId) = (Keys.Unique("ending"), Keys.Unique("patient-end"), Keys.Unique("therapist-end"));
        var therapist = fixture.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        var patient = fixture.GrainFactory.GetGrain<IPatientGrain>(patientId);
        var session = await fixture.GrainFactory.LiveSessionAsync(sessionId, patientId, therapistId);
        await session.RecordObservations(Batch(Stream(Emotion.Sad, T0, Step, 30, 1)));
        var whileLive = await therapist.GetLiveSessions();

        var summary = await session.End();

        Assert.Equal(sessionId, Assert.Single(whileLive).SessionId);
        Assert.Empty(await therapist.GetLiveSessions());
        var note = Assert.Single(await therapist.GetRecentSessions(10));
        Assert.Equal((sessionId, patientId, Emotion.Sad), (note.SessionId, note.PatientId, note.Dominant));
        var stored = Assert.Single(await patient.GetHistory(10));
        Assert.Equal(TestJson.Serialize(summary, typeof(SessionSummary)), TestJson.Serialize(stored, typeof(SessionSummary)));
        Assert.Equal((30L, 1f), (stored.Aggregate.FaceFrames, stored.Aggregate.FacePresentShare));
        Assert.NotEmpty(stored.Timeline);
    }

    [Fact]
    public async Task Sustained_negative_affect_raises_an_alert_in_the_therapist_inbox_and_to_observers()
    {
        var (sessionId, patientId, therapistId) = (Keys.Unique("alerting"), Keys.Unique("patient-alert"), Keys.Unique("therapist-alert"));
        var grains = fixture.GrainFactory;
        var session = await grains.LiveSessionAsync(sessionId, patientId, therapistId);
        var observer = new RecordingObserver();
        await session.Subscribe(grains.CreateObjectReference<ISessionObserver>(observer));

        await session.RecordObservations(Batch(Stream(Emotion.Fear, T0, Step, 60, 1)));
        var early = await grains.GetGrain<ITherapistGrain>(therapistId).GetUnacknowledgedAlerts();
        await session.RecordObservations(Batch(Stream(Emotion.Fear, T0.AddSeconds(6), Step, 51, 61)));

        Assert.Empty(early);
        var alert = Assert.Single(await grains.GetGrain<ITherapistGrain>(therapistId).GetUnacknowledgedAlerts());
        Assert.Equal(($"{sessionId}/m1", sessionId, patientId, NotableMomentKind.SustainedNegativeAffect, T0.AddSeconds(10)), (alert.AlertId, alert.SessionId, alert.PatientId, alert.Kind, alert.RaisedAt));
        var snapshot = await session.GetSnapshot();
        Assert.Equal(alert, Assert.Single(snapshot.Alerts));
        Assert.Equal(NotableMomentKind.SustainedNegativeAffect, Assert.Single(snapshot.Moments).Kind);
        await Eventually.TrueAsync(() => observer.Alerts.Count == 1, "the observer got the alert");
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Call_messages_reach_only_the_addressees_seat_holder_and_only_while_the_session_is_live()
    {
        var grains = fixture.GrainFactory;
        var sessionId = Keys.Unique("call");
        var session = await grains.LiveSessionAsync(sessionId);
        var observer = new RecordingObserver();
        await session.Subscribe(grains.CreateObjectReference<ISessionObserver>(observer));
        var offer = new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Offer, "call-1", "v=0", null, null, null);

        // The patient joins first: the therapist's seat is empty, so its Joined reaches no one.
        var patientSeated = await session.TakeCallSeat(CallRole.Patient, "patient-1", null);
        var therapistSeated = await session.TakeCallSeat(CallRole.Therapist, "therapist-1", null);
        var relayedLive = await session.RelayCall("therapist-1", offer);
        var relayedForAnotherSession = await session.RelayCall("therapist-1", offer with { SessionId = Keys.Unique("other") });
        await session.End();
        var relayedEnded = await session.RelayCall("therapist-1", offer);
        var joinedEnded = await session.TakeCallSeat(CallRole.Therapist, "therapist-2", null);

        Assert.Equal(
            (CallSeatOutcome.Seated, CallSeatOutcome.Seated, CallSeatOutcome.Seated, CallSeatOutcome.NotLive, CallSeatOutcome.NotLive, CallSeatOutcome.NotLive),
            (patientSeated, therapistSeated, relayedLive, relayedForAnotherSession, relayedEnded, joinedEnded));
        await Eventually.TrueAsync(() => observer.Calls.Count >= 2, "the observer got the joined and the offer");
        await Task.Delay(200);
        // One-way notifications keep no order between them.
        Assert.Equivalent(
            new[] { new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Joined, null, null, null, null, null, "patient-1"), offer with { ToConnection = "patient-1" } },
            observer.Calls,
            strict: true);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task The_newest_join_takes_its_sides_seat_and_the_replaced_connection_is_told_and_can_neither_signal_nor_hang_up()
    {
        var grains = fixture.GrainFactory;
        var sessionId = Keys.Unique("seat");
        var session = await grains.LiveSessionAsync(sessionId);
        var observer = new RecordingObserver();
        await session.Subscribe(grains.CreateObjectReference<ISessionObserver>(observer));
        var offer = new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Offer, "call-2", "v=0", null, null, null);
        var left = new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Left, null, null, null, null, null);
        await session.TakeCallSeat(CallRole.Patient, "patient-1", null);
        await session.TakeCallSeat(CallRole.Therapist, "older-tab", "call-1");
        await Eventually.TrueAsync(() => observer.Calls.Count == 1, "the patient was told the therapist joined");
        observer.Calls.Clear();

        await session.TakeCallSeat(CallRole.Therapist, "newer-tab", null);
        var olderSignal = await session.RelayCall("older-tab", offer);
        var olderLeave = await session.RelayCall("older-tab", left);
        var olderHolds = await session.HoldsCallSeat(CallRole.Therapist, "older-tab");
        var newerHolds = await session.HoldsCallSeat(CallRole.Therapist, "newer-tab");
        var newerSignal = await session.RelayCall("newer-tab", offer);
        var newerLeave = await session.RelayCall("newer-tab", left);
        // The newer tab left: the seat is free, and the next connection of that side to join or signal takes it.
        var afterLeave = await session.HoldsCallSeat(CallRole.Therapist, "third-tab");

        Assert.Equal(
            (CallSeatOutcome.SeatedElsewhere, CallSeatOutcome.SeatedElsewhere, CallSeatOutcome.SeatedElsewhere, CallSeatOutcome.Seated, CallSeatOutcome.Seated, CallSeatOutcome.Seated, CallSeatOutcome.Seated),
            (olderSignal, olderLeave, olderHolds, newerHolds, newerSignal, newerLeave, afterLeave));
        await Eventually.TrueAsync(() => observer.Calls.Count >= 4, "the observer got the four messages");
        await Task.Delay(200);
        Assert.Equivalent(
            new[]
            {
                new CallMessage(sessionId, CallRole.Therapist, CallMessageKind.Replaced, null, null, null, null, null, "older-tab"),
                new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Joined, null, null, null, null, null, "patient-1"),
                offer with { ToConnection = "patient-1" },
                left with { ToConnection = "patient-1" },
            },
            observer.Calls,
            strict: true);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task After_a_reactivation_the_first_connection_of_a_side_to_signal_retakes_its_empty_seat()
    {
        var grains = fixture.GrainFactory;
        var sessionId = Keys.Unique("reseat");
        var session = await grains.LiveSessionAsync(sessionId);
        await session.TakeCallSeat(CallRole.Patient, "patient-1", null);
        await session.TakeCallSeat(CallRole.Therapist, "therapist-1", null);

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var observer = new RecordingObserver();
        await session.Subscribe(grains.CreateObjectReference<ISessionObserver>(observer));
        var candidate = new CallMessage(sessionId, CallRole.Patient, CallMessageKind.Candidate, "call-1", null, "candidate:1 1 udp 1 192.0.2.1 9 typ host", "0", 0);
        var therapistRetakes = await session.RelayCall("therapist-1", candidate);
        var patientRetakes = await session.RelayCall("patient-1", candidate with { To = CallRole.Therapist });
        var otherTherapistTab = await session.RelayCall("therapist-2", candidate);

        Assert.Equal((CallSeatOutcome.Seated, CallSeatOutcome.Seated, CallSeatOutcome.SeatedElsewhere), (therapistRetakes, patientRetakes, otherTherapistTab));
        // The therapist's candidate found the patient's seat empty and reached no one; the patient's reached the therapist.
        await Eventually.TrueAsync(() => !observer.Calls.IsEmpty, "the observer got the patient's candidate");
        await Task.Delay(200);
        Assert.Equal(candidate with { To = CallRole.Therapist, ToConnection = "therapist-1" }, Assert.Single(observer.Calls));
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Insight_notifications_are_limited_to_four_per_second_and_the_newest_held_back_state_follows()
    {
        var (cluster, time) = await fixture.ClockedAsync(T0);
        var session = await cluster.GrainFactory.LiveSessionAsync(Keys.Unique("rate"));
        var observer = new RecordingObserver();
        await session.Subscribe(cluster.GrainFactory.CreateObjectReference<ISessionObserver>(observer));
        time.Advance(TimeSpan.FromSeconds(1));

        // The clock stands still, so all twenty batches fall inside one interval: the first goes out at once, the rest
        // are held back and their newest state follows when the interval ends (the flush timer runs on real time).
        for (var i = 0; i < 20; i++)
        {
            await session.RecordObservations(Batch(Face(i + 1, T0.AddMilliseconds(50 * i), Pure(Emotion.Happy))));
        }

        await Eventually.TrueAsync(() => observer.Insights.Count == 2, "the first insight and the held-back one arrived");
        await Task.Delay(500);

        Assert.Equal(2, observer.Insights.Count);
        Assert.Equal([1L, 20L], observer.Insights.Select(i => i.Aggregate.Frames));
        Assert.True(observer.Insights.Last() is { AnalysisActive: true, Status: SessionStatus.Live });
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Lifecycle_and_consent_changes_notify_observers_at_once()
    {
        var (cluster, _) = await fixture.ClockedAsync(T0);
        var session = await cluster.GrainFactory.LiveSessionAsync(Keys.Unique("changes"));
        var observer = new RecordingObserver();
        var snapshot = await session.Subscribe(cluster.GrainFactory.CreateObjectReference<ISessionObserver>(observer));

        await session.SetConsent(new ConsentSnapshot(false, T0.AddMinutes(1)));
        await session.End();

        Assert.Equal(SessionStatus.Live, snapshot.Status);
        await Eventually.TrueAsync(() => observer.Insights.Count == 2, "both changes were notified");
        Assert.Contains(observer.Insights, i => i is { Status: SessionStatus.Ended, AnalysisActive: false });
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task An_unsubscribed_observer_hears_nothing_more()
    {
        var session = await fixture.GrainFactory.LiveSessionAsync(Keys.Unique("unsubscribe"));
        var observer = new RecordingObserver();
        var reference = fixture.GrainFactory.CreateObjectReference<ISessionObserver>(observer);
        await session.Subscribe(reference);

        await session.Unsubscribe(reference);
        await session.End();

        await Task.Delay(200);
        Assert.Empty(observer.Insights);
        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task Live_state_is_written_on_the_timer_and_survives_a_restart()
    {
        var (cluster, _) = await fixture.FaultyAsync();
        var sessionId = Keys.Unique("persisted");
        var session = await cluster.GrainFactory.LiveSessionAsync(sessionId);
        var grainId = session.GetGrainId();
        await session.RecordObservations(Batch(Stream(Emotion.Happy, T0, Step, 25, 1)));

        // Read storage while the grain is still active: only the timer can have written these frames.
        await EventuallyStoredAsync(cluster, grainId, s => s.Aggregate.Frames == 25, "the timer wrote the frames");

        await cluster.RestartAsync();
        var resumed = cluster.GrainFactory.GetGrain<ITherapySessionGrain>(sessionId);
        var snapshot = await resumed.GetSnapshot();
        var receipt = await resumed.RecordObservations(Batch(Face(26, T0 + (Step * 25), Pure(Emotion.Happy))));

        Assert.Equal((SessionStatus.Live, 25L, Emotion.Happy), (snapshot.Status, snapshot.Aggregate.Frames, snapshot.Latest!.Dominant));
        Assert.Equal(T0 + (Step * 24), snapshot.Latest.At);
        Assert.Equal(ObservationOutcome.Recorded, receipt.Outcome);
        Assert.Equal(26, (await resumed.GetSnapshot()).Aggregate.Frames);
    }

    [Fact]
    public async Task A_reopened_stream_is_accepted_from_sequence_one_and_its_epoch_survives_a_restart()
    {
        var (cluster, _) = await fixture.FaultyAsync();
        var sessionId = Keys.Unique("streams");
        var session = await cluster.GrainFactory.LiveSessionAsync(sessionId);
        var first = await session.OpenStream();
        await session.RecordObservations(Batch([.. Stream(Emotion.Happy, T0, Step, 5, 1).Select(f => f with { Epoch = first })]));

        // Written when opened, so a restart cannot hand the same epoch to a later page.
        var second = await session.OpenStream();
        await cluster.RestartAsync();
        var resumed = cluster.GrainFactory.GetGrain<ITherapySessionGrain>(sessionId);
        var third = await resumed.OpenStream();
        var receipt = await resumed.RecordObservations(Batch(Face(1, T0 + (Step * 5), Pure(Emotion.Happy)) with { Epoch = third }, Face(6, T0 + (Step * 6), Pure(Emotion.Happy)) with { Epoch = first }));

        Assert.True(first < second && second < third, $"epochs {first}, {second}, {third}");
        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));
        Assert.Equal(T0 + (Step * 5), (await resumed.GetSnapshot()).Latest!.At);
    }

    [Fact]
    public async Task Observations_are_not_written_per_batch_but_on_end()
    {
        var cluster = fixture.Cluster;
        var session = await cluster.GrainFactory.LiveSessionAsync(Keys.Unique("not-per-batch"));
        var versionAfterStart = (await cluster.ReadStoredAsync<TherapySessionState>(session.GetGrainId(), "session")).ETag;

        for (var i = 0; i < 10; i++)
        {
            await session.RecordObservations(Batch(Face(i + 1, T0.AddSeconds(i), Pure(Emotion.Happy))));
        }

        var versionAfterFrames = (await cluster.ReadStoredAsync<TherapySessionState>(session.GetGrainId(), "session")).ETag;
        await session.End();

        Assert.NotNull(versionAfterStart);
        Assert.Equal(versionAfterStart, versionAfterFrames);
        var stored = await ReadStoredAsync(cluster, session.GetGrainId());
        Assert.Equal((SessionStatus.Ended, 10L), (stored!.Status, stored.Summary!.Aggregate.Frames));
    }

    private static async Task<TherapySessionState?> ReadStoredAsync(TestCluster cluster, GrainId grainId) =>
        (await cluster.ReadStoredAsync<TherapySessionState>(grainId, "session")).State;

    private static Task EventuallyStoredAsync(TestCluster cluster, GrainId grainId, Func<TherapySessionState, bool> condition, string what) =>
        Eventually.TrueAsync(async () => await ReadStoredAsync(cluster, grainId) is { } stored && condition(stored), what);

    private sealed class RecordingObserver : ISessionObserver
    {
        public ConcurrentQueue<SessionInsight> Insights { get; } = new();

        public ConcurrentQueue<SessionAlert> Alerts { get; } = new();

        public void OnInsight(SessionInsight insight) => Insights.Enqueue(insight);

        public ConcurrentQueue<CallMessage> Calls { get; } = new();

        public void OnAlert(SessionAlert alert) => Alerts.Enqueue(alert);

        public void OnCall(CallMessage message) => Calls.Enqueue(message);
    }
}
