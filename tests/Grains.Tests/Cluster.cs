using EmoteCare.Grains.Interfaces;
using EmoteCare.Runtime.Hosting;
using EmoteCare.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Grains.Tests;

internal static class Cluster
{
    /// <summary>
    /// A silo with the grains. The persistence interval defaults to an hour so tests that do not look at the timer are
    /// not disturbed by it.
    /// </summary>
    public static Task<InProcessTestCluster> StartAsync(
        IGrainStorage? storage = null,
        TimeProvider? time = null,
        Action<TherapySessionOptions>? session = null,
        Action<TherapistOptions>? therapist = null) =>
        InProcessTestCluster.StartAsync(
            runtime => runtime
                .AddGrainAssembly(typeof(TherapySessionGrain).Assembly)
                .AddStorage(storage ?? new MemoryGrainStorage())
                .Configure(o => o.MaintenancePeriod = TimeSpan.FromMilliseconds(50)),
            services =>
            {
                if (time is not null)
                {
                    services.AddSingleton(time);
                }

                services.Configure<TherapySessionOptions>(o =>
                {
                    o.PersistInterval = TimeSpan.FromHours(1);
                    session?.Invoke(o);
                });
                services.Configure<TherapistOptions>(o => therapist?.Invoke(o));
            });

    /// <summary>A scheduled, consented, live session.</summary>
    public static async Task<ITherapySessionGrain> LiveSessionAsync(this InProcessTestCluster cluster, string sessionId, string patientId = "patient-1", string therapistId = "therapist-1")
    {
        var session = cluster.GrainFactory.GetGrain<ITherapySessionGrain>(sessionId);
        await session.Schedule(patientId, therapistId, Frames.T0);
        await session.SetConsent(new ConsentSnapshot(true, Frames.T0));
        await session.Start();
        return session;
    }
}
