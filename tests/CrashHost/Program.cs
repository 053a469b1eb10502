using System.Globalization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

// Usage: CrashHost RUN_ID. Ends one session (patient history), then streams frames into a second, live session and
// prints "recorded <frames> <unix ms>" after each batch until it is killed.
var run = args[0];
var builder = Host.CreateApplicationBuilder(args[1..]);
builder.UseOrleans(silo => silo.AddEmoteCareSilo(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var start = DateTimeOffset.UtcNow;
long sequence = 0;

var done = grains.GetGrain<ITherapySessionGrain>($"done-{run}");
await Begin(done);
await Record(done, 50);
await done.End();
Console.WriteLine($"ended done-{run}");

var live = grains.GetGrain<ITherapySessionGrain>($"live-{run}");
await Begin(live);
long recorded = 0;
while (true)
{
    await Record(live, 10);
    recorded += 10;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recorded {recorded} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"));
    await Task.Delay(20);
}

async Task Begin(ITherapySessionGrain session)
{
    await session.Schedule($"patient-{run}", $"therapist-{run}", start);
    await session.SetConsent(new ConsentSnapshot(FacialAnalysisGranted: true, start));
    await session.Start();
}

async Task Record(ITherapySessionGrain session, int frames)
{
    var batch = new FrameObservation[frames];
    for (var i = 0; i < frames; i++)
    {
        sequence++;
        batch[i] = new FrameObservation(sequence, start.AddMilliseconds(sequence * 40), FacePresent: true, [0.05f, 0.05f, 0.05f, 0.6f, 0.1f, 0.05f, 0.1f], 0.6f, FrameQuality.None);
    }

    var receipt = await session.RecordObservations(new ObservationBatch(batch, DroppedFrames: 0));
    if (receipt.Accepted != frames)
    {
        throw new InvalidOperationException($"The session accepted {receipt.Accepted} of {frames} frames ({receipt.Outcome}).");
    }
}
