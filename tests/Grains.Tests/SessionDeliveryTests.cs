using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SessionDeliveryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task What_the_therapist_could_not_receive_is_retried_without_holding_back_the_patient()
    {
        var (cluster, storage) = await fixture.FaultyAsync();
        storage.FailingType = "therapist";
        var (patientId, therapistId) = (Keys.Unique("patient-up"), Keys.Unique("therapist-down"));
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>(therapistId);
        var patient = cluster.GrainFactory.GetGrain<IPatientGrain>(patientId);
        var session = await cluster.GrainFactory.LiveSessionAsync(Keys.Unique("retried"), patientId, therapistId);
        await session.RecordObservations(Batch(Stream(Emotion.Sad, T0, TimeSpan.FromMilliseconds(100), 120, 1)));

        await session.End();

        Assert.Single(await patient.GetHistory(10));
        Assert.Empty(await therapist.GetRecentSessions(10));
        storage.FailingType = null;
        await Eventually.TrueAsync(async () => (await therapist.GetRecentSessions(10)).Count == 1, "the therapist got the end note");
        Assert.Single(await therapist.GetUnacknowledgedAlerts());
        Assert.Empty(await therapist.GetLiveSessions());
    }
}
