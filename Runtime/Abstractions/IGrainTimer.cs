namespace EmoteCare.Runtime;

/// <summary>A timer owned by an activation; its callbacks run as turns of that activation. Disposed with the activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>How a grain timer behaves.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between the end of one tick and the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
/// <param name="Interleave">Whether ticks may interleave with requests at await points (default: they wait their turn like a request).</param>
public readonly record struct GrainTimerOptions(TimeSpan DueTime, TimeSpan Period, bool Interleave = false);

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it.</summary>
    ApplicationRequested,
    /// <summary>It was idle longer than its collection age.</summary>
    IdleCollection,
    /// <summary>A state write lost to another writer.</summary>
    InconsistentState,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}
