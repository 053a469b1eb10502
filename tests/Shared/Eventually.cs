namespace EmoteCare.Testing;

/// <summary>Waits for a condition that another thread or a timer makes true, failing after a bound generous enough for a loaded CI runner.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> every 10 ms; <paramref name="what"/> names it in the failure.</summary>
    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);

    /// <summary>Polls an asynchronous <paramref name="condition"/> (grain calls, say) every 10 ms.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }
}
