using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PatientGrainTests(ClusterFixture fixture)
{
    private static SessionSummary Summary(string sessionId, DateTimeOffset startedAt, Emotion emotion, long faceFrames, long frames, string patientId)
    {
        var distribution = Pure(emotion);
        var valence = emotion == Emotion.Happy ? 0.8f : -0.8f;
        var arousal = emotion == Emotion.Happy ? 0.4f : -0.4f;
        var aggregate = new EmotionAggregate(frames, faceFrames, 0, (float)faceFrames / frames, 0.9f, distribution, emotion, valence, arousal);
        return new SessionSummary(sessionId, patientId, "therapist-1", startedAt, startedAt.AddMinutes(50), TimeSpan.FromMinutes(50), aggregate, 0, [], []);
    }

    [Fact]
    public async Task A_profile_is_created_once_and_keeps_its_creation_time()
    {
        var (cluster, time) = await fixture.ClockedAsync(T0);
        var patientId = Keys.Unique("patient-profile");
        var patient = cluster.GrainFactory.GetGrain<IPatientGrain>(patientId);
        Assert.Null(await patient.GetProfile());
        await Assert.ThrowsAsync<InvalidOperationException>(() => patient.SetDefaultFacialAnalysisConsent(true));

        await patient.UpdateProfile("Robin");
        time.Advance(TimeSpan.FromDays(1));
        await patient.UpdateProfile("Robin R.");
        var profile = await patient.SetDefaultFacialAnalysisConsent(true);

        Assert.Equal(new PatientProfile(patientId, "Robin R.", T0, true, null, null), profile);
        Assert.Equal(profile, await patient.GetProfile());
    }

    [Fact]
    public async Task Assigning_a_therapist_moves_the_patient_between_caseloads()
    {
        var (patientId, firstId, secondId) = (Keys.Unique("patient-moving"), Keys.Unique("therapist-first"), Keys.Unique("therapist-second"));
        var patient = fixture.GrainFactory.GetGrain<IPatientGrain>(patientId);
        var first = fixture.GrainFactory.GetGrain<ITherapistGrain>(firstId);
        var second = fixture.GrainFactory.GetGrain<ITherapistGrain>(secondId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => patient.AssignTherapist(firstId));
        await patient.UpdateProfile("Sam");

        await patient.AssignTherapist(firstId);
        var firstCaseload = await first.GetCaseload();
        var profile = await patient.AssignTherapist(secondId);

        Assert.Equal([patientId], firstCaseload);
        Assert.Empty(await first.GetCaseload());
        Assert.Equal([patientId], await second.GetCaseload());
        Assert.Equal(secondId, profile.TherapistId);
        Assert.Null((await patient.UnassignTherapist())!.TherapistId);
        Assert.Empty(await second.GetCaseload());
    }

    [Fact]
    public async Task Session_summaries_are_stored_once_per_session_and_listed_newest_first()
    {
        var patientId = Keys.Unique("patient-trends");
        var patient = fixture.GrainFactory.GetGrain<IPatientGrain>(patientId);

        var added = await patient.AddSessionSummary(Summary("s2", T0.AddDays(1), Emotion.Happy, 10, 10, patientId));
        await patient.AddSessionSummary(Summary("s1", T0, Emotion.Sad, 10, 10, patientId));
        var again = await patient.AddSessionSummary(Summary("s2", T0.AddDays(1), Emotion.Happy, 10, 10, patientId));
        var wrongPatient = await Assert.ThrowsAsync<ArgumentException>(() => patient.AddSessionSummary(Summary("s3", T0, Emotion.Sad, 1, 1, patientId: "someone-else")));

        Assert.True(added);
        Assert.False(again);
        Assert.Contains("someone-else", wrongPatient.Message, StringComparison.Ordinal);
        Assert.Equal(["s2", "s1"], (await patient.GetHistory(10)).Select(s => s.SessionId));
        Assert.Equal(["s2"], (await patient.GetHistory(1)).Select(s => s.SessionId));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => patient.GetHistory(0));
    }

    [Fact]
    public async Task Trends_group_sessions_by_day_and_by_iso_week_weighted_by_face_frames()
    {
        var patientId = Keys.Unique("patient-trends");
        var patient = fixture.GrainFactory.GetGrain<IPatientGrain>(patientId);
        var monday = T0;
        await patient.AddSessionSummary(Summary("mon-1", monday, Emotion.Happy, faceFrames: 100, frames: 200, patientId));
        await patient.AddSessionSummary(Summary("mon-2", monday.AddHours(5), Emotion.Sad, faceFrames: 300, frames: 300, patientId));
        await patient.AddSessionSummary(Summary("tue", monday.AddDays(1), Emotion.Happy, faceFrames: 50, frames: 50, patientId));
        await patient.AddSessionSummary(Summary("sun", monday.AddDays(6), Emotion.Sad, faceFrames: 50, frames: 100, patientId));
        await patient.AddSessionSummary(Summary("next-mon", monday.AddDays(7), Emotion.Happy, faceFrames: 10, frames: 10, patientId));
        await patient.AddSessionSummary(Summary("outside", monday.AddDays(30), Emotion.Happy, faceFrames: 10, frames: 10, patientId));

        var midnight = new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
        var days = await patient.GetTrends(TrendPeriod.Day, midnight, midnight.AddDays(14));
        var weeks = await patient.GetTrends(TrendPeriod.IsoWeek, midnight, midnight.AddDays(14));

        Assert.Equal(["2025-03-03", "2025-03-04", "2025-03-09", "2025-03-10"], days.Select(d => d.Label));
        var firstDay = days[0];
        Assert.Equal((2, 400L, midnight), (firstDay.Sessions, firstDay.FaceFrames, firstDay.Start));
        Assert.Equal(0.25f, firstDay.MeanDistribution[(int)Emotion.Happy], 1e-5f);
        Assert.Equal(0.75f, firstDay.MeanDistribution[(int)Emotion.Sad], 1e-5f);
        Assert.Equal(-0.4f, firstDay.MeanValence, 1e-5f);
        Assert.Equal(-0.2f, firstDay.MeanArousal, 1e-5f);
        Assert.Equal(0.8f, firstDay.FacePresentShare, 1e-5f);

        Assert.Equal(["2025-W10", "2025-W11"], weeks.Select(w => w.Label));
        Assert.Equal([4, 1], weeks.Select(w => w.Sessions));
        Assert.Equal(midnight, weeks[0].Start);
        Assert.Equal(500f / 650f, weeks[0].FacePresentShare, 1e-5f);
        Assert.Equal(150f / 500f, weeks[0].MeanDistribution[(int)Emotion.Happy], 1e-5f);
        await Assert.ThrowsAsync<ArgumentException>(() => patient.GetTrends(TrendPeriod.Day, monday, monday));
    }

    [Fact]
    public async Task Iso_weeks_cross_the_turn_of_the_year()
    {
        var patientId = Keys.Unique("patient-trends");
        var patient = fixture.GrainFactory.GetGrain<IPatientGrain>(patientId);
        var sunday = new DateTimeOffset(2024, 12, 29, 12, 0, 0, TimeSpan.Zero);
        await patient.AddSessionSummary(Summary("before", sunday, Emotion.Happy, 1, 1, patientId));
        await patient.AddSessionSummary(Summary("after", sunday.AddDays(1), Emotion.Happy, 1, 1, patientId));
        await patient.AddSessionSummary(Summary("new-year", sunday.AddDays(3), Emotion.Happy, 1, 1, patientId));

        var weeks = await patient.GetTrends(TrendPeriod.IsoWeek, sunday.AddDays(-7), sunday.AddDays(7));

        Assert.Equal(["2024-W52", "2025-W01"], weeks.Select(w => w.Label));
        Assert.Equal([1, 2], weeks.Select(w => w.Sessions));
        Assert.Equal(new DateTimeOffset(2024, 12, 30, 0, 0, 0, TimeSpan.Zero), weeks[1].Start);
    }
}
