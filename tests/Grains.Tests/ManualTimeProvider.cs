namespace EmoteCare.Grains.Tests;

/// <summary>
/// A clock the test moves by hand. Only "now" and timestamps are manual: timers come from the base class and run on
/// real time, so the runtime's maintenance and the grains' persistence timers keep working.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>
    /// Sets the clock, backwards too: a cluster's clock is shared by the tests that use it one after another, each
    /// starting it where its assertions expect. Grains a test created earlier must not be used after this.
    /// </summary>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}
