using EmoteCare.Grains.Interfaces;
using static EmoteCare.Grains.Tests.Frames;

namespace EmoteCare.Grains.Tests;

public sealed class SessionDeliveryTests
{
    [Fact]
    public async Task What_the_therapist_could_not_receive_is_retried_without_holding_back_the_patient()
    {
        var storage = new FlakyStorage { FailingType = "therapist" };
        await using var cluster = await Cluster.StartAsync(storage, session: o => o.PersistInterval = TimeSpan.FromMilliseconds(100));
        var therapist = cluster.GrainFactory.GetGrain<ITherapistGrain>("therapist-down");
        var patient = cluster.GrainFactory.GetGrain<IPatientGrain>("patient-up");
        var session = await cluster.LiveSessionAsync("retried", "patient-up", "therapist-down");
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
