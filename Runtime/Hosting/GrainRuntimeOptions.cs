namespace EmoteCare.Runtime.Hosting;

/// <summary>Runtime settings, with Orleans' defaults.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain call before a <see cref="TimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is collected (overridable per class with <see cref="CollectionAgeLimitAttribute"/>).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often timeouts and idle activations are checked.</summary>
    public TimeSpan MaintenancePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for all activations to deactivate.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
